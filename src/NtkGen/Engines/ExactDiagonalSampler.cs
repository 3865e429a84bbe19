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
    private readonly double[] _heForward; // 2/n_{l-1}: the He-scaled network's forward factor
    private readonly double[] _heBackward; // 2/n_l
    private readonly double _logChi;
    private readonly double _weightsFactor; // χ^{L-1} e^{-S}
    private readonly double[] _biasFactors; // χ^{L-l} e^{-S}, l = 1 … L

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
        _heForward = new double[depth + 1];
        _heBackward = new double[depth + 1];
        for (int l = 1; l <= depth; l++) _heForward[l] = 2.0 / spec.Width(l - 1);
        for (int l = 1; l < depth; l++) _heBackward[l] = 2.0 / spec.Width(l);
        _logChi = Math.Log(spec.SigmaW2 / 2);
        LogScale = Math.Max(0, (depth - 1) * _logChi);
        _weightsFactor = Math.Exp((depth - 1) * _logChi - LogScale);
        _biasFactors = new double[depth + 1];
        for (int l = 1; l <= depth; l++) _biasFactors[l] = Math.Exp((depth - l) * _logChi - LogScale);
    }

    /// <summary>
    /// Every draw is Θ divided by <c>e^{LogScale}</c>, <c>LogScale = max(0, (L-1) ln(σ_w²/2))</c>: the natural size of
    /// Θ in the chaotic phase, so that divided values stay of order one at any depth.
    /// </summary>
    public double LogScale { get; }

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

    /// <summary>One draw of Θ(x, x), divided by <c>e^{LogScale}</c>.</summary>
    /// <remarks>
    /// Zero-bias ReLU networks are positively homogeneous, so the recursion runs for the He-scaled network (σ_w² = 2,
    /// where every quantity stays of order one) in plain arithmetic, and σ_w² is restored exactly at the end: with
    /// χ = σ_w²/2, <c>A_l = χ^l Ã_l</c>, <c>D_l = χ^{L-l} D̃_l</c>, so the weights part is <c>χ^{L-1} Σ D̃_l Ã_{l-1}</c> and
    /// layer l's biases term <c>χ^{L-l} D̃_l</c>. Should the He-scaled values themselves leave the double range (depths
    /// far beyond 10⁴), the same draw is redone in logarithms.
    /// </remarks>
    public DiagonalSample Sample(ref Xoshiro256 random, Span<double> scratch)
    {
        var replay = random;
        var sample = SampleLinear(ref random, scratch);
        if (double.IsFinite(sample.Weights) && double.IsFinite(sample.Biases)) return sample;
        random = replay;
        return SampleInLogarithms(ref random, LogScale, scratch);
    }

    private DiagonalSample SampleLinear(ref Xoshiro256 random, Span<double> scratch)
    {
        int depth = _spec.LayerCount;
        // scratch: Ã_0 … Ã_{L-1}, then Y_1 … Y_{L-1}.
        var a = scratch[..depth];
        var y = scratch.Slice(depth, depth);
        a[0] = Math.Exp(_logInputNormSquared);
        for (int l = 1; l < depth; l++)
        {
            int active = random.NextBinomialHalf(_spec.Width(l));
            if (active == 0) return new DiagonalSample(0, _biasFactors[depth]); // a dead network: Θ = 1
            a[l] = a[l - 1] * _heForward[l] * random.NextChiSquare(active);
            y[l] = random.NextChiSquare(active - 1);
        }
        double g = random.NextNormal();
        double f2 = _heForward[depth] * a[depth - 1] * g * g;

        double d = 1; // D̃_L
        double weights = a[depth - 1];
        double biases = _biasFactors[depth];
        for (int l = depth - 1; l >= 1; l--)
        {
            d = f2 / a[l] + _heBackward[l] * y[l] * d;
            weights += d * a[l - 1];
            biases += _biasFactors[l] * d;
        }
        return new DiagonalSample(weights * _weightsFactor, biases);
    }

    internal DiagonalSample SampleInLogarithms(ref Xoshiro256 random, double logScale, Span<double> scratch)
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
