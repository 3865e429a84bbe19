namespace NtkGen.Engines;

/// <summary>
/// One draw of <c>Θ(x, x)</c> split into weights and biases parts, both divided by <c>e^{LogScale}</c> so that deep
/// chaotic networks, whose NTK grows like <c>χ^L</c>, stay in floating-point range.
/// </summary>
/// <param name="Weights">Weights part / e^LogScale.</param>
/// <param name="Biases">Biases part / e^LogScale.</param>
public readonly record struct DiagonalSample(double Weights, double Biases)
{
    /// <summary>Both parts.</summary>
    public double Total => Weights + Biases;
}
