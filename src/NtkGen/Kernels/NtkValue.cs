using System.Numerics;

namespace NtkGen.Kernels;

/// <summary>A value of the NTK split into the contributions of the weights and of the biases.</summary>
/// <param name="Weights">Sum over the weight parameters.</param>
/// <param name="Biases">Sum over the bias parameters (zero when biases are excluded).</param>
public readonly record struct NtkValue<T>(T Weights, T Biases)
    where T : INumberBase<T>
{
    /// <summary>The whole NTK value, weights plus biases.</summary>
    public T Total => Weights + Biases;
}
