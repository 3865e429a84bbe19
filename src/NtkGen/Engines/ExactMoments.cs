namespace NtkGen.Engines;

/// <summary>Which chain of moments: the real network's, or the one the gradient-independence assumption gives.</summary>
public enum ChainModel
{
    /// <summary>The exact law of real networks (the backward pass uses the forward pass's weights).</summary>
    Exact,

    /// <summary>The gradient-independence assumption (GIA): an independent copy of each weight matrix for the backward pass, sharing only the ReLU mask.</summary>
    GradientIndependence,
}

/// <summary>The exact first two moments of Θ(x, x) in logarithms, split as the NTK is: total, weights part, biases part.</summary>
/// <param name="LogMean">log E[Θ].</param>
/// <param name="LogSecondMoment">log E[Θ²].</param>
public readonly record struct LogMoments(double LogMean, double LogSecondMoment)
{
    /// <summary>The dispersion <c>R = E[Θ²]/E[Θ]²</c>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double Dispersion => Math.Exp(LogSecondMoment - 2 * LogMean);

    /// <summary>log₁₀ R, finite where R itself leaves double range (deep chaotic networks).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double Log10Dispersion => (LogSecondMoment - 2 * LogMean) / Math.Log(10);
}

/// <summary>
/// <c>E[Θ(x,x)]</c> and <c>E[Θ(x,x)²]</c> exactly for finite widths and depth, without sampling (THEORY.md §4).
/// Unrolling the exact sampler's recursion, Θ is a sum of terms, each a product over the hidden layers of one factor:
/// <c>σ_w²/n_{j-1}·χ²(k_j)</c> (forward, "A"), <c>σ_w²/n_j·χ²(k_j − 1)</c> (backward, "D") or 1, times
/// <c>σ_w²/n_{L-1}·g²</c> for terms that pass through <c>f²/A_m</c>. The allowed factor sequences are the paths of a
/// five-state automaton — weight prefix W, bias prefix B, backward run D, the gap at m, forward suffix F — so
/// <c>E[Θ]</c> is a product of 5×5 transfer matrices and <c>E[Θ²]</c> of 25×25 ones over pairs of paths, whose entries
/// are the joint moments of the two chi-square draws sharing one <c>k_j</c>. Dead networks (some <c>k_j = 0</c>, then
/// Θ = 1) are handled by conditioning: every layer's moments are taken given <c>k_j ≥ 1</c>.
/// </summary>
/// <remarks>
/// <para>O(L) time, no Monte Carlo noise, vectors renormalized at every layer (log scale), so M = 16000 or L = 10⁴ are routine.</para>
/// <para>The same recursion under the gradient-independence assumption (<see cref="ChainModel.GradientIndependence"/>,
/// THEORY.md §3): the backward pass sees an independent copy of each weight matrix that shares only the activation mask,
/// so the backward factor is <c>σ_w²/n_j·χ²(k_j)</c>, independent of the forward one given <c>k_j</c>, and no term passes
/// through <c>f²/A_m</c>. Seleznova &amp; Kutyniok's F(λ) is this chain's limit; real networks follow the exact one.</para>
/// </remarks>
public static class ExactMoments
{
    private const int W = 0, B = 1, D = 2, Gap = 3, F = 4, States = 5;

    /// <summary>Which part of the NTK to take the moments of.</summary>
    public enum Part
    {
        /// <summary>Weights plus biases.</summary>
        Total,

        /// <summary>The weights part only.</summary>
        Weights,

        /// <summary>The biases part only.</summary>
        Biases,
    }

    /// <summary>The moments of Θ(x, x) of <paramref name="spec"/> for an input with <c>‖x‖² = inputNormSquared</c>, in the chain of <paramref name="model"/>.</summary>
    public static LogMoments Compute(NetworkSpec spec, double inputNormSquared = 1.0, Part part = Part.Total, ChainModel model = ChainModel.Exact)
    {
        bool independent = model == ChainModel.GradientIndependence;
        ExactDiagonalSampler.CheckApplies(spec);
        int depth = spec.LayerCount;
        double sigma2 = spec.SigmaW2;
        double a0 = inputNormSquared;

        // Start vectors: the weight prefix carries ‖x‖², the bias prefix 1.
        var mean = new double[States];
        var second = new double[States * States];
        bool weights = part != Part.Biases, biases = part != Part.Weights;
        if (weights) mean[W] = a0;
        if (biases) mean[B] = 1;
        if (weights) second[W * States + W] = a0 * a0;
        if (weights && biases) second[W * States + B] = second[B * States + W] = a0;
        if (biases) second[B * States + B] = 1;
        double logMean = 0, logSecond = 0, logAlive = 0;

        var factor = new double[States];
        var joint = new double[States * States];
        var nextMean = new double[States];
        var nextSecond = new double[States * States];
        for (int j = 1; j < depth; j++)
        {
            int n = spec.Width(j);
            double alpha = sigma2 / spec.Width(j - 1), beta = sigma2 / n;
            // Moments of k ~ Bin(n, 1/2) given k ≥ 1.
            double pDead = Math.Pow(0.5, n);
            double k1 = 0.5 * n / (1 - pDead), k2 = 0.25 * n * (n + 1) / (1 - pDead);
            logAlive += double.LogP1(-pDead);
            // E[X] = k, E[Y] = k − 1, E[X²] = k(k+2), E[Y²] = (k−1)(k+1), E[XY] = k(k−1) for X = χ²(k), Y = χ²(k−1);
            // under gradient independence Y = χ²(k) too, drawn apart from X: E[Y] = k, E[Y²] = k(k+2), E[XY] = k².
            double ex = alpha * k1, exx = alpha * alpha * (k2 + 2 * k1);
            double ey = independent ? beta * k1 : beta * (k1 - 1);
            double eyy = independent ? beta * beta * (k2 + 2 * k1) : beta * beta * (k2 - 1);
            double exy = independent ? alpha * beta * k2 : alpha * beta * (k2 - k1);
            factor[W] = ex; factor[B] = 1; factor[D] = ey; factor[Gap] = 1; factor[F] = ex;
            for (int s = 0; s < States; s++)
                for (int t = 0; t < States; t++)
                    joint[s * States + t] = JointMoment(s, t, ex, ey, exx, eyy, exy);

            Array.Clear(nextMean);
            for (int from = 0; from < States; from++)
            {
                if (mean[from] == 0) continue;
                foreach (int to in Successors(from, independent)) nextMean[to] += mean[from] * factor[to];
            }
            Array.Clear(nextSecond);
            for (int from1 = 0; from1 < States; from1++)
                for (int from2 = 0; from2 < States; from2++)
                {
                    double value = second[from1 * States + from2];
                    if (value == 0) continue;
                    foreach (int to1 in Successors(from1, independent))
                        foreach (int to2 in Successors(from2, independent))
                            nextSecond[to1 * States + to2] += value * joint[to1 * States + to2];
                }
            logMean += Normalize(nextMean, mean);
            logSecond += Normalize(nextSecond, second);
        }

        // End: paths through the gap pick up f²/A_m's factor σ_w²/n_{L-1}·g², with E[g²] = 1, E[g⁴] = 3.
        double alphaL = sigma2 / spec.Width(depth - 1);
        double endMean = 0, endSecond = 0;
        for (int s = 0; s < States; s++)
        {
            endMean += mean[s] * EndFactor(s, alphaL);
            for (int t = 0; t < States; t++)
            {
                int throughGap = (IsAfterGap(s) ? 1 : 0) + (IsAfterGap(t) ? 1 : 0);
                double g = throughGap switch { 0 => 1, 1 => 1, _ => 3 };
                endSecond += second[s * States + t] * EndFactor(s, alphaL) * EndFactor(t, alphaL) * g;
            }
        }
        logMean += Math.Log(endMean);
        logSecond += Math.Log(endSecond);

        // Mix with dead networks, whose Θ is the output bias alone (1, all of it in the biases part).
        double deadValue = part == Part.Weights ? 0 : 1;
        double logDead = Math.Log(-double.ExpM1(logAlive));
        return new LogMoments(
            MixWithDead(logAlive + logMean, logDead, deadValue),
            MixWithDead(logAlive + logSecond, logDead, deadValue));
    }

    private static double MixWithDead(double logAliveTerm, double logDead, double deadValue)
    {
        if (deadValue == 0 || double.IsNegativeInfinity(logDead)) return logAliveTerm;
        double max = Math.Max(logAliveTerm, logDead);
        return max + Math.Log(Math.Exp(logAliveTerm - max) + Math.Exp(logDead - max));
    }

    /// <summary>The states a path can go on to; under gradient independence no path reaches the gap.</summary>
    private static ReadOnlySpan<int> Successors(int state, bool independent) => (state, independent) switch
    {
        (W, false) => [W, D, Gap],
        (B, false) => [B, D, Gap],
        (D, false) => [D, Gap],
        (W, true) => [W, D],
        (B, true) => [B, D],
        (D, true) => [D],
        (Gap, _) => [F],
        _ => [F],
    };

    private static bool IsAfterGap(int state) => state is Gap or F;

    private static double EndFactor(int state, double alphaL) => IsAfterGap(state) ? alphaL : 1;

    /// <summary>E[f_s f_t] of two factors of the same layer: both depend on its k, not on each other's draw.</summary>
    private static double JointMoment(int s, int t, double ex, double ey, double exx, double eyy, double exy)
    {
        var (a, b) = (Kind(s), Kind(t));
        return (a, b) switch
        {
            ('1', '1') => 1,
            ('1', 'X') or ('X', '1') => ex,
            ('1', 'Y') or ('Y', '1') => ey,
            ('X', 'X') => exx,
            ('Y', 'Y') => eyy,
            _ => exy,
        };
    }

    /// <summary>The factor a state puts on its layer: 'X' (forward χ²(k)), 'Y' (backward χ²(k−1)) or '1'.</summary>
    private static char Kind(int state) => state switch
    {
        W or F => 'X',
        D => 'Y',
        _ => '1',
    };

    /// <summary>Divides <paramref name="source"/> by its largest entry into <paramref name="target"/>; returns the log of that entry.</summary>
    private static double Normalize(double[] source, double[] target)
    {
        double max = 0;
        foreach (double v in source) max = Math.Max(max, Math.Abs(v));
        if (max == 0) throw new InvalidOperationException("The moment recursion vanished.");
        for (int i = 0; i < source.Length; i++) target[i] = source[i] / max;
        return Math.Log(max);
    }
}
