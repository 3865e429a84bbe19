using NtkGen.Activations;

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
        var phi = ActivationFunction.For(activation, leakySlope);
        // Positively homogeneous activations: φ'(√q z)² does not depend on q.
        if (phi.IsPiecewiseLinear) return sigmaW2 * phi.MeanSquareDerivative(1);
        double q = FixedPointVariance(phi, sigmaW2, sigmaB2);
        if (double.IsPositiveInfinity(q))
        {
            // The variance runs away: φ'(√q u) tends to φ'(±∞) on either half of the Gaussian.
            double up = phi.Derivative(double.MaxValue), down = phi.Derivative(-double.MaxValue);
            return sigmaW2 * (up * up + down * down) / 2;
        }
        return sigmaW2 * phi.MeanSquareDerivative(q);
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
    /// activations, otherwise by bisection in log σ_w² (<c>χ₁</c> grows with σ_w² for the smooth ones).
    /// </summary>
    public static double SigmaW2ForChi1(Activation activation, double chi1, double sigmaB2 = 0, double leakySlope = 0.01)
    {
        if (!(chi1 > 0) || double.IsInfinity(chi1)) throw new ArgumentOutOfRangeException(nameof(chi1), "χ₁ must be positive and finite.");
        var phi = ActivationFunction.For(activation, leakySlope);
        if (phi.IsPiecewiseLinear) return chi1 / phi.MeanSquareDerivative(1);
        double slope2 = phi.Derivative(0) * phi.Derivative(0);
        // Odd φ without biases: up to χ₁ = 1 the variance dies out (q* = 0) and χ₁ = σ_w² φ'(0)² exactly.
        if (sigmaB2 == 0 && IsOdd(phi) && chi1 <= 1) return chi1 / slope2;
        double low = Math.Log(1e-6), high = Math.Log(1e6);
        if (Chi1(activation, Math.Exp(low), sigmaB2, leakySlope) > chi1 || Chi1(activation, Math.Exp(high), sigmaB2, leakySlope) < chi1)
            throw new ArgumentOutOfRangeException(nameof(chi1), $"No σ_w² in [1e-6, 1e6] gives χ₁ = {chi1} for {phi.Name}.");
        // 70 halvings of a log interval of width 28 leave ~2e-20 in log σ_w², below double precision.
        for (int i = 0; i < 70; i++)
        {
            double middle = (low + high) / 2;
            if (Chi1(activation, Math.Exp(middle), sigmaB2, leakySlope) < chi1) low = middle;
            else high = middle;
        }
        // χ₁ may jump over the target: GELU without biases dies out (χ₁ = σ_w²/4) below σ_w² ≈ 2.35 and runs away (χ₁ = σ_w²/2) above.
        double found = Math.Exp((low + high) / 2), reached = Chi1(activation, found, sigmaB2, leakySlope);
        if (!(Math.Abs(reached - chi1) <= 1e-6 * chi1))
            throw new ArgumentOutOfRangeException(nameof(chi1),
                $"No σ_w² gives χ₁ = {chi1} for {phi.Name} at σ_b² = {sigmaB2}: χ₁ jumps from {Chi1(activation, Math.Exp(low), sigmaB2, leakySlope):G4} to {Chi1(activation, Math.Exp(high), sigmaB2, leakySlope):G4} at σ_w² ≈ {found:G4}.");
        return found;
    }

    /// <summary>
    /// The fixed point <c>q*</c> of <c>q ↦ σ_w² E[φ(√q z)²] + σ_b²</c> that a deep network's forward pass runs into, by
    /// running that map (from q = 1) as the layers do. For an odd φ without biases the map's fixed point 0 attracts when
    /// <c>σ_w² φ'(0)² ≤ 1</c>; it is returned directly, since the map approaches it only like 1/depth at the boundary.
    /// <see cref="double.PositiveInfinity"/> when the variance grows without bound.
    /// </summary>
    internal static double FixedPointVariance(ActivationFunction phi, double sigmaW2, double sigmaB2)
    {
        CheckVariances(sigmaW2, sigmaB2);
        if (sigmaB2 == 0 && IsOdd(phi) && sigmaW2 * phi.Derivative(0) * phi.Derivative(0) <= 1) return 0;
        double q = 1;
        for (int i = 0; i < 100_000; i++)
        {
            double next = sigmaW2 * phi.MeanSquareValue(q) + sigmaB2;
            if (Math.Abs(next - q) <= 1e-14 * next) return next;
            // Without a bias a φ with φ(0) = 0 that is not odd (GELU) can send q to 0 or, growing like a ReLU's, to ∞.
            // A bounded φ (|φ| ≤ 1) keeps q ≤ σ_w² + σ_b²; an unbounded one 10⁴ times past that grows like its linear
            // tail (GELU is z·1{z>0} there up to e^{-5000}) and never turns back.
            if (next < 1e-12 && sigmaB2 == 0) return 0;
            if (next > 1e4 * (sigmaW2 + sigmaB2 + 1)) return double.PositiveInfinity;
            q = next;
        }
        return q;
    }

    private static bool IsOdd(ActivationFunction phi) => phi.Value(0) == 0 && phi.Value(-1) == -phi.Value(1) && phi.Value(-2) == -phi.Value(2);

    private static void CheckVariances(double sigmaW2, double sigmaB2)
    {
        if (!(sigmaW2 > 0) || double.IsInfinity(sigmaW2)) throw new ArgumentOutOfRangeException(nameof(sigmaW2), "σ_w² must be positive and finite.");
        if (!(sigmaB2 >= 0) || double.IsInfinity(sigmaB2)) throw new ArgumentOutOfRangeException(nameof(sigmaB2), "σ_b² must be non-negative and finite.");
    }
}
