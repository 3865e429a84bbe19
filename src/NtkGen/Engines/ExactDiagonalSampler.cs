using NtkGen.Random;

namespace NtkGen.Engines;

/// <summary>
/// Samples <c>Θ(x, x)</c> of a ReLU network at initialization in O(L) time, without any weights (THEORY.md §4).
/// Conditioning each layer's weights on its forward value leaves, per hidden layer, a binomial number of active
/// units <c>k_l ~ Bin(n_l, 1/2)</c> and two independent chi-square draws:
/// <code>
/// A_0 = ‖x‖²;  A_l = (σ_w² A_{l-1}/n_{l-1}) χ²(k_l);   f ~ N(0, σ_w² A_{L-1}/n_{L-1})
/// D_L = 1;     D_l = f²/A_l + (σ_w² D_{l+1}/n_l) χ²(k_l − 1)
/// Θ = Σ_l D_l (A_{l-1} + 1)
/// </code>
/// A layer with <c>k_l = 0</c> kills the network: then <c>Θ = 1</c> (the output bias). Everything is carried in logarithms,
/// so <c>M = L = 10⁴</c> and deep chaotic networks never overflow.
/// </summary>
/// <remarks>
/// Valid for ReLU, standard parametrization, σ_b = 0 (biases in the NTK), one output; <see cref="CheckApplies"/> says why
/// not otherwise. Off-diagonal entries are out of its reach: use the brute-force engine.
/// </remarks>
public sealed class ExactDiagonalSampler
{
    private readonly NetworkSpec _spec;
    private readonly double _logInputNormSquared;
    private readonly double[] _logForwardFactor; // log(σ_w²/n_{l-1}), l = 1 … L
    private readonly double[] _logBackwardFactor; // log(σ_w²/n_l), l = 1 … L-1

    /// <summary>A sampler for <paramref name="spec"/> and inputs of squared norm <paramref name="inputNormSquared"/>.</summary>
    /// <exception cref="NotSupportedException">The network is outside the sampler's assumptions.</exception>
    public ExactDiagonalSampler(NetworkSpec spec, double inputNormSquared = 1.0)
    {
        CheckApplies(spec);
        if (!(inputNormSquared > 0)) throw new ArgumentOutOfRangeException(nameof(inputNormSquared), "The input must not be zero.");
        _spec = spec;
        _logInputNormSquared = Math.Log(inputNormSquared);
        int depth = spec.LayerCount;
        _logForwardFactor = new double[depth + 1];
        _logBackwardFactor = new double[depth + 1];
        for (int l = 1; l <= depth; l++) _logForwardFactor[l] = Math.Log(spec.SigmaW2 / spec.Width(l - 1));
        for (int l = 1; l < depth; l++) _logBackwardFactor[l] = Math.Log(spec.SigmaW2 / spec.Width(l));
    }

    /// <summary>Throws a <see cref="NotSupportedException"/> saying why <paramref name="spec"/> is outside the exact sampler's reach.</summary>
    public static void CheckApplies(NetworkSpec spec)
    {
        string? reason = WhyNot(spec);
        if (reason is not null) throw new NotSupportedException(reason);
    }

    /// <summary>Why the exact engines do not apply to <paramref name="spec"/>, or <see langword="null"/> when they do.</summary>
    public static string? WhyNot(NetworkSpec spec)
    {
        if (spec.Activation != Activation.ReLU) return $"the exact engines need ReLU (the network uses {spec.Activation}); use the brute-force engine";
        if (spec.SigmaB2 != 0) return $"the exact engines need σ_b² = 0 (got {spec.SigmaB2}); use the brute-force engine";
        if (spec.Parametrization != Parametrization.Standard) return "the exact engines need the standard parametrization; use the brute-force engine";
        if (spec.OutputSize != 1) return $"the exact engines need one output (got {spec.OutputSize}); use the brute-force engine";
        if (!spec.IncludeBiases) return "the exact engines count the biases in the NTK; use the brute-force engine";
        return null;
    }

    /// <summary>One draw of Θ(x, x), divided by <c>e^{logScale}</c>.</summary>
    public DiagonalSample Sample(ref Xoshiro256 random, double logScale, Span<double> scratch)
    {
        int depth = _spec.LayerCount;
        // scratch: log A_0 … log A_{L-1}, then log Y_1 … log Y_{L-1}.
        var logA = scratch[..depth];
        var logY = scratch.Slice(depth, depth);
        logA[0] = _logInputNormSquared;
        for (int l = 1; l < depth; l++)
        {
            int active = random.NextBinomialHalf(_spec.Width(l));
            if (active == 0) return new DiagonalSample(0, Math.Exp(-logScale)); // a dead network: Θ = 1
            logA[l] = logA[l - 1] + _logForwardFactor[l] + Math.Log(random.NextChiSquare(active));
            logY[l] = active > 1 ? Math.Log(random.NextChiSquare(active - 1)) : double.NegativeInfinity;
        }
        double g = random.NextNormal();
        double logF2 = _logForwardFactor[depth] + logA[depth - 1] + Math.Log(g * g);

        // Backward: log D_l, accumulating Θ's weights and biases parts on the way.
        double logD = 0; // D_L = 1
        double weights = Math.Exp(logD + logA[depth - 1] - logScale);
        double biases = Math.Exp(logD - logScale);
        for (int l = depth - 1; l >= 1; l--)
        {
            logD = LogAddExp(logF2 - logA[l], _logBackwardFactor[l] + logD + logY[l]);
            weights += Math.Exp(logD + logA[l - 1] - logScale);
            biases += Math.Exp(logD - logScale);
        }
        return new DiagonalSample(weights, biases);
    }

    /// <summary>Scratch length <see cref="Sample"/> needs.</summary>
    public int ScratchLength => 2 * _spec.LayerCount;

    private static double LogAddExp(double a, double b)
    {
        if (double.IsNegativeInfinity(a)) return b;
        if (double.IsNegativeInfinity(b)) return a;
        double max = Math.Max(a, b);
        return max + Math.Log(Math.Exp(a - max) + Math.Exp(b - max));
    }
}
