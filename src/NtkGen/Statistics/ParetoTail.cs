namespace NtkGen.Statistics;

/// <summary>
/// The Pareto k̂ diagnostic of a sample's right tail (Vehtari, Simpson, Gelman, Yao &amp; Gabry, "Pareto smoothed
/// importance sampling", JMLR 2024, as the <c>posterior</c> package's <c>pareto_khat</c> computes it): a generalized
/// Pareto distribution fitted to the largest values by Zhang &amp; Stephens' (2009) profile-likelihood estimate, with
/// the weakly informative prior around 0.5 that stabilizes small tails. k̂ estimates the tail index: the sample's
/// moments of order ≥ 1/k̂ are not resolved, so a plain Monte Carlo mean of these values is trustworthy only while k̂ is
/// below <see cref="Threshold"/> of the sample count.
/// </summary>
public static class ParetoTail
{
    /// <summary>The largest values the fit uses: 3√S for S &gt; 225, else S/5 (posterior's <c>ps_tail_length</c>).</summary>
    public static int TailLength(int count) => count > 225 ? (int)Math.Ceiling(3 * Math.Sqrt(count)) : count / 5;

    /// <summary>The k̂ above which a mean of <paramref name="count"/> values is unreliable: 1 − 1/log₁₀ S (their eq. 13).</summary>
    public static double Threshold(long count) => 1 - 1 / Math.Log10(count);

    /// <summary>
    /// The sample count at which <paramref name="k"/> would be below the threshold, 10^(1/(1 − k)) (their eq. 11); null
    /// for k ≥ 1, where no sample count makes the mean reliable.
    /// </summary>
    public static double? SamplesNeeded(double k) => k < 1 ? Math.Pow(10, 1 / (1 - Math.Max(0, k))) : null;

    /// <summary>
    /// k̂ of the right tail of <paramref name="values"/> (any order; not changed), or null when the tail has fewer than
    /// five values or all of them are equal.
    /// </summary>
    public static double? RightTailK(ReadOnlySpan<double> values)
    {
        int tail = TailLength(values.Length);
        if (tail < 5) return null;
        double[] sorted = values.ToArray();
        Array.Sort(sorted);
        int first = sorted.Length - tail;
        double cutoff = sorted[first - 1];
        if (!(sorted[^1] > cutoff) || !double.IsFinite(sorted[^1])) return null;
        var exceedances = new double[tail];
        for (int i = 0; i < tail; i++) exceedances[i] = sorted[first + i] - cutoff;
        return FitShape(exceedances);
    }

    /// <summary>
    /// The generalized Pareto shape k of positive <paramref name="exceedances"/> sorted ascending (Zhang &amp; Stephens'
    /// sign reversed, so k &gt; 0 is a heavy tail), with the prior adjustment (k n + 5)/(n + 10).
    /// </summary>
    internal static double FitShape(ReadOnlySpan<double> exceedances)
    {
        int n = exceedances.Length;
        const double prior = 3;
        int grid = 30 + (int)Math.Floor(Math.Sqrt(n));
        double largest = exceedances[n - 1], firstQuartile = exceedances[(int)Math.Floor(n / 4.0 + 0.5) - 1];
        // θ = −k/σ on a grid that the profile likelihood weighs; the estimate is the posterior mean of θ.
        var theta = new double[grid];
        var logLikelihood = new double[grid];
        for (int j = 0; j < grid; j++)
        {
            theta[j] = 1 / largest + (1 - Math.Sqrt(grid / (j + 0.5))) / prior / firstQuartile;
            logLikelihood[j] = n * ProfileLogLikelihood(theta[j], exceedances);
        }
        double max = logLikelihood.Max(), weightSum = 0, thetaHat = 0;
        for (int j = 0; j < grid; j++)
        {
            double w = Math.Exp(logLikelihood[j] - max);
            weightSum += w;
            thetaHat += theta[j] * w;
        }
        thetaHat /= weightSum;
        double k = MeanLog1p(-thetaHat, exceedances);
        return (k * n + 0.5 * 10) / (n + 10);
    }

    /// <summary>The profile log-likelihood per value at θ: log(−θ/k) − k − 1 with k = mean log(1 − θx).</summary>
    private static double ProfileLogLikelihood(double theta, ReadOnlySpan<double> x)
    {
        double k = MeanLog1p(-theta, x);
        return Math.Log(-theta / k) - k - 1;
    }

    private static double MeanLog1p(double a, ReadOnlySpan<double> x)
    {
        double sum = 0;
        foreach (double v in x) sum += Math.Log(1 + a * v);
        return sum / x.Length;
    }
}
