using NtkGen.Engines;
using NtkGen.Random;
using NtkGen.Statistics;
using NtkGen.Tests.Support;

namespace NtkGen.Tests.Engines;

/// <summary>
/// The exact O(L) sampler and the transfer-matrix moments against brute force over real networks: same distribution
/// (two-sample Kolmogorov–Smirnov at α = 0.001), same mean and dispersion within 4 standard errors.
/// </summary>
[TestClass]
public sealed class ExactSamplerTests
{
    private const int Samples = 3000;

    [TestMethod]
    [DataRow(8, 12, 3, 1.5)]
    [DataRow(10, 16, 5, 2.0)]
    [DataRow(6, 10, 6, 2.5)]
    [DataRow(5, 3, 4, 2.0)]
    public void Exact_sampler_has_the_distribution_of_brute_force(int n0, int width, int depth, double sigmaW2)
    {
        var spec = TestNetworks.Uniform(n0, width, depth, sigmaW2);
        double[] brute = BruteForce(spec, Samples);
        double[] exact = Exact(spec, Samples);
        double statistic = KolmogorovSmirnov.Statistic(brute, exact);
        Assert.IsTrue(statistic < KolmogorovSmirnov.CriticalValue(Samples, Samples),
            $"KS statistic {statistic:F4} ≥ {KolmogorovSmirnov.CriticalValue(Samples, Samples):F4}: the distributions differ");

        // Means within 4 SE of the exact moments.
        var moments = ExactMoments.Compute(spec);
        foreach (var (name, values) in new[] { ("brute force", brute), ("exact sampler", exact) })
        {
            var sums = values.Aggregate(default(PowerSums), (s, v) => s.Add(v));
            double mean = Math.Exp(moments.LogMean);
            Assert.IsTrue(Math.Abs(sums.Mean - mean) <= 4 * sums.StandardErrorOfMean, $"{name}: mean {sums.Mean:G5} ± {sums.StandardErrorOfMean:G3} vs exact {mean:G5}");
        }
    }

    [TestMethod]
    public Task Dispersion_of_the_exact_sampler_matches_the_moments_engine()
        => Task.Run(() =>
        {
            // Many cheap samples pin the dispersion down; the moments engine has no noise at all.
            var spec = new NetworkSpec(20, Enumerable.Repeat(20, 7).ToArray(), 1, sigmaW2: 2.5);
            var sums = Exact(spec, 400_000).Aggregate(default(PowerSums), (s, v) => s.Add(v));
            var (ratio, se) = sums.Dispersion();
            double exact = ExactMoments.Compute(spec).Dispersion;
            Assert.IsTrue(Math.Abs(ratio - exact) <= 4 * se, $"sampled R = {ratio:G5} ± {se:G3}, exact {exact:G5}");
        });

    [TestMethod]
    public void Dead_networks_are_accounted_for_at_tiny_widths()
    {
        // Width 2: a layer dies with probability 1/4. The moments engine conditions on it; the textbook mean formula,
        // which assumes no layer ever dies, does not — brute force sides with the engine.
        var spec = new NetworkSpec(3, [2, 2, 2], 1, sigmaW2: 2.0);
        var sums = BruteForce(spec, 20_000).Aggregate(default(PowerSums), (s, v) => s.Add(v));
        double engine = Math.Exp(ExactMoments.Compute(spec).LogMean);
        double formula = NtkGen.Theory.ExactNtkMean.Total(3, 2, 4, 2.0, 1.0);
        Assert.IsTrue(Math.Abs(sums.Mean - engine) <= 4 * sums.StandardErrorOfMean, $"brute {sums.Mean:G5} ± {sums.StandardErrorOfMean:G3} vs engine {engine:G5}");
        Assert.IsTrue(Math.Abs(sums.Mean - formula) > 4 * sums.StandardErrorOfMean, $"the no-death formula {formula:G5} should be rejected at this width");
    }

    [TestMethod]
    [DataRow(100, 50, 1.5)]
    [DataRow(30, 90, 3.5)]
    [DataRow(8, 12, 2.0)]
    public void He_scaled_recursion_equals_the_recursion_in_logarithms(int width, int depth, double sigmaW2)
    {
        // The fast path runs the σ_w² = 2 network in plain arithmetic and rescales; the fallback works in logarithms.
        var spec = TestNetworks.Uniform(width, width, depth, sigmaW2);
        var sampler = new ExactDiagonalSampler(spec);
        var scratch = new double[sampler.ScratchLength];
        for (ulong s = 0; s < 50; s++)
        {
            var fast = new Xoshiro256(4, s);
            var slow = new Xoshiro256(4, s);
            var a = sampler.Sample(ref fast, scratch);
            var b = sampler.SampleInLogarithms(ref slow, sampler.LogScale, scratch);
            Assert.AreEqual(b.Weights, a.Weights, 1e-10 * b.Total, $"sample {s} weights");
            Assert.AreEqual(b.Biases, a.Biases, 1e-10 * b.Total, $"sample {s} biases");
        }
    }

    private static double[] BruteForce(NetworkSpec spec, int count)
    {
        var sampler = new BruteForceSampler<double>(spec, [1.0]);
        var workspace = sampler.CreateWorkspace();
        var values = new double[count];
        var row = new double[1];
        for (int s = 0; s < count; s++)
        {
            var value = sampler.Sample(seed: 17, networkStream: (ulong)s, inputStream: (1UL << 62) + (ulong)s, workspace, row);
            values[s] = Math.Exp(sampler.LogScale) * value.Total;
        }
        return values;
    }

    private static double[] Exact(NetworkSpec spec, int count)
    {
        var sampler = new ExactDiagonalSampler(spec);
        var scratch = new double[sampler.ScratchLength];
        var values = new double[count];
        for (int s = 0; s < count; s++)
        {
            var random = new Xoshiro256(23, (ulong)s);
            values[s] = Math.Exp(sampler.LogScale) * sampler.Sample(ref random, scratch).Total;
        }
        return values;
    }
}
