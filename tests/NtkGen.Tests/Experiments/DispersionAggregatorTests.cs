using NtkGen.Engines;
using NtkGen.Experiments;
using NtkGen.Experiments.Dispersion;
using NtkGen.Tests.Support;
using NtkGen.Theory;

namespace NtkGen.Tests.Experiments;

/// <summary>Rows of the three engines agree with each other and with the theory columns they carry.</summary>
[TestClass]
public sealed class DispersionAggregatorTests
{
    [TestMethod]
    public void Brute_force_exact_and_moments_engines_agree_within_their_errors()
    {
        var baseConfig = new DispersionConfig { InputSize = 10, Width = 10, Depths = [3, 6], SigmaW2 = [1.5, 2.0, 2.5], Samples = 4000, Seed = 7, Precision = Precision.F64, Correlations = [1.0] };
        var moments = Rows(baseConfig with { Engine = DispersionEngine.Moments });
        foreach (var engine in new[] { DispersionEngine.Brute, DispersionEngine.Exact })
        {
            var rows = Rows(baseConfig with { Engine = engine });
            for (int i = 0; i < rows.Count; i++)
            {
                var (row, exact) = (rows[i], moments[i]);
                string at = $"{engine}, L = {row.Depth}, σ_w² = {row.SigmaW2}";
                Assert.IsTrue(Math.Abs(row.Mean!.Value - exact.Mean!.Value) <= 4 * row.MeanSe!.Value, $"{at}: mean {row.Mean:G5} ± {row.MeanSe:G3} vs {exact.Mean:G5}");
                Assert.IsTrue(Math.Abs(row.Ratio - exact.Ratio) <= 4 * row.RatioSe, $"{at}: R {row.Ratio:G5} ± {row.RatioSe:G3} vs {exact.Ratio:G5}");
                Assert.AreEqual(exact.Ratio, row.RatioExact!.Value, 1e-12, "the ratio_exact column is the moments engine's value");
            }
        }
    }

    [TestMethod]
    public void Moments_rows_carry_the_exact_mean_and_no_sampling_error()
    {
        var config = new DispersionConfig { InputSize = 50, Width = 50, Depths = [5, 25], SigmaW2 = [2.0], Engine = DispersionEngine.Moments };
        foreach (var row in Rows(config))
        {
            Assert.AreEqual(2.0 * row.Depth, row.Mean!.Value, 1e-9, "E[Θ] = 2L at the edge of chaos with n0 = M and unit inputs");
            Assert.AreEqual(row.MeanTheory!.Value, row.Mean!.Value, 1e-9);
            Assert.AreEqual(0, row.RatioSe);
            Assert.AreEqual(0L, row.Samples);
            Assert.AreEqual(DispersionLimits.Chaotic(row.Lambda), row.RatioFLambda);
        }
    }

    [TestMethod]
    public void Deep_chaotic_networks_do_not_overflow()
    {
        // σ_w² = 3.5, L = 1000: Θ ~ 10^245, Θ² beyond double range; everything is carried in log scale.
        var config = new DispersionConfig { InputSize = 100, Width = 100, Depths = [1000], SigmaW2 = [3.5], Samples = 200, Engine = DispersionEngine.Exact, Seed = 3 };
        var row = Rows(config).Single();
        Assert.IsTrue(double.IsFinite(row.Ratio) && row.Ratio > 1, $"R = {row.Ratio}");
        Assert.IsTrue(row.Log10Mean > 200, $"log10 E[Θ] = {row.Log10Mean}");
        Assert.IsTrue(double.IsFinite(row.RatioCiLow) && double.IsFinite(row.RatioCiHigh));
    }

    [TestMethod]
    public void Brute_force_off_diagonal_ratios_are_one_at_r_one_and_fall_with_r()
    {
        var config = new DispersionConfig { InputSize = 20, Width = 20, Depths = [3], SigmaW2 = [2.0], Samples = 600, Seed = 5, Precision = Precision.F32 };
        var row = Rows(config).Single();
        Assert.HasCount(10, row.OffDiagonal);
        var ratios = row.OffDiagonal.Select(o => o.Ratio).ToList();
        Assert.IsTrue(ratios[0] < 1 && ratios[^1] < ratios[0], string.Join(", ", ratios));
        Assert.IsTrue(row.OffDiagonal.All(o => o.RatioTheory is > 0 and < 1));
        StringAssert.StartsWith(row.Kernel, NtkGen.Kernels.KernelRegistry.Resolve<float>(new NetworkSpec(20, [20, 20], 1)).Name);
    }

    private static IReadOnlyList<DispersionRow> Rows(DispersionConfig config)
    {
        using var folder = new TempDirectory();
        using var journal = DispersionExperiment.Instance.OpenJournal(folder.Path, config, Shard.Whole);
        return DispersionAggregator.Rows(config, DispersionExperiment.Instance.Run(config, Shard.Whole, journal, threads: 2));
    }
}
