namespace NtkGen.Theory;

/// <summary>
/// Mean-field signal propagation through a deep fully connected network at initialization (Poole et al. 2016,
/// Schoenholz et al. 2017), for any activation: the pre-activation variance settles at the fixed point
/// <c>q* = σ_w² E[φ(√q* z)²] + σ_b²</c>, and <c>χ₁ = σ_w² E[φ'(√q* z)²]</c> is both the slope of the correlation map at
/// <c>c = 1</c> and the factor by which the mean squared gradient grows per layer. <c>χ₁ &lt; 1</c> is the ordered phase
/// (vanishing gradients), <c>χ₁ = 1</c> the edge of chaos, <c>χ₁ &gt; 1</c> the chaotic phase (exploding gradients).
/// </summary>
/// <remarks>
/// For ReLU <c>χ₁ = σ_w²/2</c> whatever <c>q</c> is, which is why the papers' phases sit at σ_w² &lt; 2, = 2 and &gt; 2; a
/// sigmoid network, whose outputs are positive and whose slope is at most 1/4, reaches the edge of chaos only near
/// σ_w² ≈ 103 (σ_b² = 0), so the ReLU values would put every sigmoid network deep in the ordered phase.
/// </remarks>
public static class MeanField
{
    /// <summary>How far from 1 a <c>χ₁</c> may be and still be called the edge of chaos (rounding of a solved σ_w²).</summary>
    public const double EdgeTolerance = 1e-9;

    /// <summary><c>χ₁ = σ_w² E[φ'(√q* z)²]</c>, <c>z ~ N(0, 1)</c>, at the fixed point <c>q*</c> of the variance map.</summary>
    public static double Chi1(Activation activation, double sigmaW2, double sigmaB2 = 0, double leakySlope = 0.01)
    {
        CheckVariances(sigmaW2, sigmaB2);
        // Positively homogeneous activations: φ'(√q z)² does not depend on q.
        switch (activation)
        {
            case Activation.ReLU: return sigmaW2 / 2;
            case Activation.LeakyReLU: return sigmaW2 * (1 + leakySlope * leakySlope) / 2;
            case Activation.Linear: return sigmaW2;
        }
        var (_, derivative) = Smooth(activation);
        double q = FixedPointVariance(activation, sigmaW2, sigmaB2);
        return sigmaW2 * GaussianExpectation(u => derivative(u) * derivative(u), q);
    }

    /// <summary>The phases' names as the outputs write them (CSV, JSON, console), from ordered to chaotic.</summary>
    public const string Ordered = "ordered", EdgeOfChaos = "eoc", Chaotic = "chaotic";

    /// <summary><see cref="Ordered"/>, <see cref="EdgeOfChaos"/> and <see cref="Chaotic"/>, in that order.</summary>
    public static IReadOnlyList<string> Phases { get; } = [Ordered, EdgeOfChaos, Chaotic];

    /// <summary><see cref="Ordered"/>, <see cref="EdgeOfChaos"/> or <see cref="Chaotic"/> for a given <c>χ₁</c>.</summary>
    public static string Phase(double chi1)
        => chi1 < 1 - EdgeTolerance ? Ordered : chi1 > 1 + EdgeTolerance ? Chaotic : EdgeOfChaos;

    /// <summary>The phase of a network with this activation, σ_w² and σ_b².</summary>
    public static string Phase(Activation activation, double sigmaW2, double sigmaB2 = 0)
        => Phase(Chi1(activation, sigmaW2, sigmaB2));

    /// <summary>
    /// The σ_w² at which <c>χ₁</c> equals <paramref name="chi1"/> (σ_b² fixed): in closed form for the homogeneous
    /// activations, otherwise by bisection in log σ_w² (<c>χ₁</c> grows with σ_w² for sigmoid and tanh).
    /// </summary>
    public static double SigmaW2ForChi1(Activation activation, double chi1, double sigmaB2 = 0, double leakySlope = 0.01)
    {
        if (!(chi1 > 0) || double.IsInfinity(chi1)) throw new ArgumentOutOfRangeException(nameof(chi1), "χ₁ must be positive and finite.");
        switch (activation)
        {
            case Activation.ReLU: return 2 * chi1;
            case Activation.LeakyReLU: return 2 * chi1 / (1 + leakySlope * leakySlope);
            case Activation.Linear: return chi1;
        }
        var (phi, derivative) = Smooth(activation);
        double slope2 = derivative(0) * derivative(0);
        // Odd φ without biases: up to χ₁ = 1 the variance dies out (q* = 0) and χ₁ = σ_w² φ'(0)² exactly.
        if (sigmaB2 == 0 && phi(0) == 0 && chi1 <= 1) return chi1 / slope2;
        double low = Math.Log(1e-6), high = Math.Log(1e6);
        if (Chi1(activation, Math.Exp(low), sigmaB2) > chi1 || Chi1(activation, Math.Exp(high), sigmaB2) < chi1)
            throw new ArgumentOutOfRangeException(nameof(chi1), $"No σ_w² in [1e-6, 1e6] gives χ₁ = {chi1} for {activation}.");
        // 70 halvings of a log interval of width 28 leave ~2e-20 in log σ_w², below double precision.
        for (int i = 0; i < 70; i++)
        {
            double middle = (low + high) / 2;
            if (Chi1(activation, Math.Exp(middle), sigmaB2) < chi1) low = middle;
            else high = middle;
        }
        return Math.Exp((low + high) / 2);
    }

    /// <summary>
    /// The fixed point <c>q*</c> of <c>q ↦ σ_w² E[φ(√q z)²] + σ_b²</c> that a deep network's forward pass runs into, by
    /// running that map (from q = 1) as the layers do. For an odd φ without biases the map's fixed point 0 attracts when
    /// <c>σ_w² φ'(0)² ≤ 1</c>; it is returned directly, since the map approaches it only like 1/depth at the boundary.
    /// </summary>
    internal static double FixedPointVariance(Activation activation, double sigmaW2, double sigmaB2)
    {
        CheckVariances(sigmaW2, sigmaB2);
        var (phi, derivative) = Smooth(activation);
        if (sigmaB2 == 0 && phi(0) == 0 && sigmaW2 * derivative(0) * derivative(0) <= 1) return 0;
        double q = 1;
        for (int i = 0; i < 100_000; i++)
        {
            double next = sigmaW2 * GaussianExpectation(u => phi(u) * phi(u), q) + sigmaB2;
            if (Math.Abs(next - q) <= 1e-14 * next) return next;
            q = next;
        }
        return q;
    }

    /// <summary>
    /// <c>E[f(u)]</c> for <c>u ~ N(0, variance)</c> by the trapezoid rule in <c>u</c> on ±12 standard deviations, with
    /// steps of at most 1/16 and of 1/16 of a standard deviation: for integrands analytic in a strip (sigmoid's
    /// nearest poles are at ±iπ, tanh's at ±iπ/2) the rule converges geometrically, so this is accurate to rounding.
    /// </summary>
    internal static double GaussianExpectation(Func<double, double> f, double variance)
    {
        if (variance == 0) return f(0);
        double deviation = Math.Sqrt(variance);
        double step = Math.Min(deviation, 1) / 16;
        int half = (int)Math.Ceiling(12 * deviation / step);
        double sum = f(0);
        for (int i = 1; i <= half; i++)
        {
            double u = i * step;
            sum += (f(u) + f(-u)) * Math.Exp(-u * u / (2 * variance));
        }
        return sum * step / Math.Sqrt(2 * Math.PI * variance);
    }

    private static (Func<double, double> Phi, Func<double, double> Derivative) Smooth(Activation activation) => activation switch
    {
        Activation.Sigmoid => (Sigmoid, u => Sigmoid(u) * (1 - Sigmoid(u))),
        Activation.Tanh => (Math.Tanh, u => 1 / (Math.Cosh(u) * Math.Cosh(u))),
        _ => throw new NotSupportedException($"The mean-field phase of {activation} is not implemented (ReLU, LeakyReLU, Linear, Sigmoid, Tanh)."),
    };

    // Written so that neither side overflows: e^{-u} for u ≫ 0, e^{u} for u ≪ 0.
    private static double Sigmoid(double u) => u >= 0 ? 1 / (1 + Math.Exp(-u)) : Math.Exp(u) / (1 + Math.Exp(u));

    private static void CheckVariances(double sigmaW2, double sigmaB2)
    {
        if (!(sigmaW2 > 0) || double.IsInfinity(sigmaW2)) throw new ArgumentOutOfRangeException(nameof(sigmaW2), "σ_w² must be positive and finite.");
        if (!(sigmaB2 >= 0) || double.IsInfinity(sigmaB2)) throw new ArgumentOutOfRangeException(nameof(sigmaB2), "σ_b² must be non-negative and finite.");
    }
}
