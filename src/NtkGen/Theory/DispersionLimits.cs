namespace NtkGen.Theory;

/// <summary>
/// Limits of the NTK dispersion <c>R = E[Θ²]/E[Θ]²</c> as depth and width grow together, <c>L/M → λ</c> (THEORY.md §3),
/// as stated in the papers. The product compares them with exact finite-width values and never fits to them.
/// </summary>
public static class DispersionLimits
{
    /// <summary>Initialization phase of a ReLU network, by its mean-field χ₁ = σ_w²/2 (<see cref="MeanField"/>).</summary>
    public static string Phase(double sigmaW2) => MeanField.Phase(Activation.ReLU, sigmaW2);

    /// <summary>
    /// Seleznova &amp; Kutyniok's chaotic-phase limit as transcribed in THEORY.md:
    /// <c>F(λ) = (1/(2λ)) e^{5λ} (1 − (1 − e^{−4λ})/(4λ))</c>. It is the limit of the moment chain under the
    /// gradient-independence assumption (<see cref="WideDeepLimit"/>), not of real networks, whose limit is larger.
    /// </summary>
    public static double Chaotic(double lambda)
    {
        if (!(lambda > 0)) throw new ArgumentOutOfRangeException(nameof(lambda), "λ must be positive.");
        return Math.Exp(5 * lambda) / (2 * lambda) * (1 - (1 - Math.Exp(-4 * lambda)) / (4 * lambda));
    }

    /// <summary>
    /// The biases part's limit under the gradient-independence assumption (THEORY.md §3), <c>R_b = 2(e^{5λ} − 1 − 5λ)/(25λ²)</c>;
    /// the exact chain's biases part has the same limit.
    /// </summary>
    public static double IndependentGradientBiases(double lambda)
    {
        if (!(lambda > 0)) throw new ArgumentOutOfRangeException(nameof(lambda), "λ must be positive.");
        return 2 * (double.ExpM1(5 * lambda) - 5 * lambda) / (25 * lambda * lambda);
    }

    /// <summary>
    /// The cross moment <c>C = E[Θ_w Θ_b]/(E[Θ_w] E[Θ_b])</c> under the gradient-independence assumption (THEORY.md §3):
    /// <c>(e^{5λ}/λ²)[(1 − e^{−4λ})/4 − (1 − e^{−5λ})/5] + R_b/2</c>.
    /// </summary>
    public static double IndependentGradientCross(double lambda)
    {
        if (!(lambda > 0)) throw new ArgumentOutOfRangeException(nameof(lambda), "λ must be positive.");
        return Math.Exp(5 * lambda) / (lambda * lambda) * (-double.ExpM1(-4 * lambda) / 4 + double.ExpM1(-5 * lambda) / 5) + IndependentGradientBiases(lambda) / 2;
    }

    /// <summary>The ordered-phase limit: the NTK becomes deterministic, R → 1.</summary>
    public const double Ordered = 1.0;
}
