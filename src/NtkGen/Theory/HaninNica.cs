namespace NtkGen.Theory;

/// <summary>
/// Hanin &amp; Nica's growth laws for ReLU networks at He initialization in NTK parametrization (ICLR 2020, arXiv
/// 1909.05989, Theorems 1 and 2), in their conventions: the network has depth <c>d</c> = its number of weight layers
/// (the last weight matrix is <c>W⁽ᵈ⁾</c>, the ReLU layers are 1 … d − 1: the path sums of their proofs, e.g. the
/// bias moments in the appendix), so <c>d</c> is this library's <c>L</c>; <c>β = Σ 1/nᵢ</c> over the hidden widths
/// <c>n₁ … n_{d−1}</c>, i.e. <c>(L − 1)/M</c> for equal widths (their equal-width statements write <c>5d/n</c>, which
/// differs by the factor <c>e^{5/n}</c>). Both theorems hold up to universal constants they do not give
/// (<c>f ≃ g</c>: bounded above and below by constants times <c>g</c>): these are growth rates to compare across depth
/// and width, never values.
/// </summary>
public static class HaninNica
{
    /// <summary><c>β = Σ 1/nᵢ</c> over the hidden layers.</summary>
    public static double Beta(IReadOnlyList<int> hiddenWidths)
    {
        double beta = 0;
        foreach (int width in hiddenWidths) beta += 1.0 / width;
        return beta;
    }

    /// <summary>Theorem 1: <c>E[K²]/E[K]² ≃ exp(5β)</c>.</summary>
    public static double Dispersion(NetworkSpec spec) => Math.Exp(5 * Beta(spec.HiddenWidths));

    /// <summary>
    /// Theorem 2: the mean first-step change relative to the mean kernel, <c>E[ΔK]/E[K] ≃ (d β / n₀) exp(5β)</c>, for
    /// <paramref name="depth"/> weight layers (<c>d</c>), hidden layers of width <paramref name="width"/> and input
    /// dimension <paramref name="inputSize"/>; the learning rate is divided out (<c>ΔK/η</c>).
    /// </summary>
    public static double FirstStepChange(int depth, int width, int inputSize)
    {
        double beta = (depth - 1) / (double)width;
        return depth * beta / inputSize * Math.Exp(5 * beta);
    }
}
