using System.Numerics;
using NtkGen.Random;

namespace NtkGen.Engines;

/// <summary>
/// The inputs and targets of one first-step sample, drawn from its input stream in one layout for every engine, so
/// that the engines differ only in how the network is sampled: values <c>0 … n0−1</c> give the step's input,
/// <c>n0(1 + n) …</c> batch input n, <c>n0(1 + B)</c> the step's target and <c>n0(1 + B) + 1 + n</c> batch target n
/// (targets only when drawn). Inputs have unit norm.
/// </summary>
internal readonly struct StepDraws(GaussianStream draws, int inputSize, int batch, StepTarget target)
{
    /// <summary>The input of the single-input step.</summary>
    public void Input<T>(Span<T> destination) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Unit(0, destination);

    /// <summary>Batch input <paramref name="n"/>.</summary>
    public void BatchInput<T>(int n, Span<T> destination) where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Unit((ulong)inputSize * (ulong)(1 + n), destination);

    /// <summary>The target of the single-input step.</summary>
    public double Target => target.Drawn ? draws[(ulong)inputSize * (ulong)(1 + batch)] : target.Fixed;

    /// <summary>The target of batch input <paramref name="n"/>.</summary>
    public double BatchTarget(int n) => target.Drawn ? draws[(ulong)inputSize * (ulong)(1 + batch) + 1 + (ulong)n] : target.Fixed;

    private void Unit<T>(ulong first, Span<T> destination) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double norm = 0;
        for (int i = 0; i < destination.Length; i++)
        {
            double v = draws[first + (ulong)i];
            norm += v * v;
        }
        norm = Math.Sqrt(norm);
        for (int i = 0; i < destination.Length; i++) destination[i] = T.CreateTruncating(draws[first + (ulong)i] / norm);
    }
}
