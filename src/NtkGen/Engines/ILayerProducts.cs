namespace NtkGen.Engines;

/// <summary>
/// The products with a layer's weight matrix that the weight-free engines ask for: a <see cref="ConditionedGaussianMatrix"/>
/// answers them from its exact conditional law; in tests a drawn matrix answers them, so that an engine's algebra can be
/// checked against the kernels on the same network.
/// </summary>
internal interface ILayerProducts
{
    /// <summary><paramref name="result"/> = <c>W v</c>.</summary>
    void Multiply(ReadOnlySpan<double> v, Span<double> result);

    /// <summary><paramref name="results"/> = <c>W v</c> for each row of <paramref name="vectors"/>.</summary>
    void MultiplyBlock(ReadOnlySpan<double> vectors, Span<double> results);

    /// <summary><paramref name="results"/> = <c>Wᵀ d</c> for each row of <paramref name="vectors"/>.</summary>
    void MultiplyTransposedBlock(ReadOnlySpan<double> vectors, Span<double> results);
}
