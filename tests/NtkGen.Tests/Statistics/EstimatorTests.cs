using NtkGen.Random;
using NtkGen.Statistics;

namespace NtkGen.Tests.Statistics;

/// <summary>
/// The dispersion estimator's delta-method standard error and bootstrap interval against repeated experiments on a
/// distribution whose dispersion is known: exponential, E[x²]/E[x]² = 2.
/// </summary>
[TestClass]
public sealed class EstimatorTests
{
    [TestMethod]
    public void Delta_method_standard_error_matches_the_spread_over_repeated_experiments()
    {
        const int experiments = 400, n = 2000;
        var estimates = new double[experiments];
        double meanSe = 0;
        for (int e = 0; e < experiments; e++)
        {
            var (ratio, se) = Exponential(n, (ulong)e).Aggregate(default(PowerSums), (s, x) => s.Add(x)).Dispersion();
            estimates[e] = ratio;
            meanSe += se / experiments;
        }
        double mean = estimates.Average();
        double spread = Math.Sqrt(estimates.Sum(r => (r - mean) * (r - mean)) / (experiments - 1));
        // The spread of 400 estimates is itself uncertain by about 1/√(2·400) ≈ 3.5%: allow 4 of those.
        Assert.AreEqual(spread, meanSe, 0.14 * spread, $"spread {spread:G4} vs mean delta-method SE {meanSe:G4}");
        Assert.AreEqual(2.0, mean, 4 * spread / Math.Sqrt(experiments));
    }

    [TestMethod]
    public void Bootstrap_interval_covers_the_true_dispersion_about_95_percent_of_the_time()
    {
        const int experiments = 200, n = 400;
        int covered = 0;
        for (int e = 0; e < experiments; e++)
        {
            var (low, high) = Bootstrap.DispersionInterval(Exponential(n, 1000 + (ulong)e), seed: (ulong)e, resamples: 400);
            if (low <= 2.0 && 2.0 <= high) covered++;
        }
        // Binomial(200, 0.95) has standard deviation ≈ 3.1; percentile intervals of a ratio under-cover a little.
        Assert.IsTrue(covered >= 0.95 * experiments - 4 * 3.1 - 6, $"covered {covered} of {experiments}");
        Assert.IsTrue(covered <= experiments, "sanity");
    }

    [TestMethod]
    public void Power_sums_merge_like_one_sample()
    {
        var values = Exponential(100, 9);
        var whole = values.Aggregate(default(PowerSums), (s, x) => s.Add(x));
        var first = values.Take(37).Aggregate(default(PowerSums), (s, x) => s.Add(x));
        var second = values.Skip(37).Aggregate(default(PowerSums), (s, x) => s.Add(x));
        var merged = first.Merge(second);
        Assert.AreEqual(whole.Count, merged.Count);
        Assert.AreEqual(whole.Dispersion().Ratio, merged.Dispersion().Ratio, 1e-12);
    }

    private static double[] Exponential(int n, ulong stream)
    {
        var random = new Xoshiro256(99, stream);
        return Enumerable.Range(0, n).Select(_ => -Math.Log(random.NextOpenUnit())).ToArray();
    }
}
