using NtkGen.Experiments;
using NtkGen.Experiments.Dispersion;
using NtkGen.Tests.Support;

namespace NtkGen.Tests.Experiments;

/// <summary>
/// A dispersion run does not depend on how it is run: the same numbers on one thread or two, and a point's numbers do not
/// depend on the rest of the grid (resumption and shards: <see cref="PipelineTests"/>).
/// </summary>
[TestClass]
public sealed class DispersionRunTests
{
    private static readonly DispersionConfig Config = new()
    {
        InputSize = 8,
        Width = 12,
        Depths = [2, 4],
        SigmaW2 = [1.5, 2.5],
        Samples = 1500, // two blocks per point
        Seed = 42,
        Precision = Precision.F64,
        Correlations = [1.0, 0.5, 0.0],
    };

    [TestMethod]
    public void Results_do_not_depend_on_the_thread_count()
    {
        string one = Csv(Config, threads: 1);
        string two = Csv(Config, threads: 2);
        Assert.AreEqual(one, two);
    }

    [TestMethod]
    public void Streams_depend_on_depth_and_sigma_not_on_the_grid_layout()
    {
        // Adding a point to the grid must not change the numbers of the others.
        var small = Config with { Depths = [4], SigmaW2 = [2.5] };
        var rowsSmall = DispersionAggregator.Rows(small, RunAll(small, 1));
        var rowsFull = DispersionAggregator.Rows(Config, RunAll(Config, 1));
        var match = rowsFull.Single(r => r.Depth == 4 && r.SigmaW2 == 2.5);
        Assert.AreEqual(rowsSmall[0].Ratio, match.Ratio);
        Assert.AreEqual(rowsSmall[0].Mean, match.Mean);
    }

    [TestMethod]
    public void The_conditioned_engine_gives_the_rows_of_brute_force_within_their_errors_on_any_thread_count()
    {
        // A smooth activation with biases, where the exact engines do not apply: every row's mean, dispersion and
        // off-diagonal ratio of the two engines agree within 4.5 combined standard errors.
        var brute = Config with { Activation = Activation.Tanh, SigmaB2 = 0.2, Samples = 6000 };
        var conditioned = brute with { Engine = DispersionEngine.Conditioned };
        Assert.AreEqual(Csv(conditioned, threads: 1), Csv(conditioned, threads: 2));
        var expected = DispersionAggregator.Rows(brute, RunAll(brute, 2));
        var actual = DispersionAggregator.Rows(conditioned, RunAll(conditioned, 2));
        for (int i = 0; i < expected.Count; i++)
        {
            var (b, c) = (expected[i], actual[i]);
            string where = $"L = {b.Depth}, σ_w² = {b.SigmaW2}";
            Assert.IsLessThan(4.5, Math.Abs(c.Mean!.Value - b.Mean!.Value) / Math.Sqrt(c.MeanSe!.Value * c.MeanSe.Value + b.MeanSe!.Value * b.MeanSe.Value), $"E[Θ] at {where}");
            Assert.IsLessThan(4.5, Math.Abs(c.Ratio - b.Ratio) / Math.Sqrt(c.RatioSe * c.RatioSe + b.RatioSe * b.RatioSe), $"R at {where}");
            for (int r = 0; r < b.OffDiagonal.Count; r++)
            {
                var (bo, co) = (b.OffDiagonal[r], c.OffDiagonal[r]);
                Assert.IsLessThan(4.5, Math.Abs(co.Ratio - bo.Ratio) / Math.Sqrt(co.RatioSe * co.RatioSe + bo.RatioSe * bo.RatioSe), $"Θ(x, x_r)/Θ(x, x) at {where}, r = {bo.R}");
            }
        }
    }

    [TestMethod]
    public void With_several_outputs_both_engines_sample_the_trace_and_its_mean_is_O_times_the_exact_one()
    {
        // ReLU without biases, three outputs: the trace's mean is 3 × the one-output exact mean, which both engines hit
        // within 4.5 standard errors, and the two engines' rows agree with each other; the limits of one output are left out.
        var brute = Config with { Outputs = 3, Samples = 4000, Correlations = [1.0, 0.5] };
        var conditioned = brute with { Engine = DispersionEngine.Conditioned };
        var expected = DispersionAggregator.Rows(brute, RunAll(brute, 2));
        var actual = DispersionAggregator.Rows(conditioned, RunAll(conditioned, 2));
        var single = DispersionAggregator.Rows(Config with { Samples = 2 }, RunAll(Config with { Samples = 2 }, 2));
        for (int i = 0; i < expected.Count; i++)
        {
            var (b, c) = (expected[i], actual[i]);
            string where = $"L = {b.Depth}, σ_w² = {b.SigmaW2}";
            Assert.AreEqual(3 * single[i].MeanTheory!.Value, b.MeanTheory!.Value, 1e-12 * b.MeanTheory.Value, $"theory at {where}");
            foreach (var row in new[] { b, c })
                Assert.IsLessThan(4.5, Math.Abs(row.Mean!.Value - row.MeanTheory!.Value) / row.MeanSe!.Value, $"{row.Engine} E[Θ] = {row.Mean} ± {row.MeanSe} against {row.MeanTheory} at {where}");
            Assert.IsLessThan(4.5, Math.Abs(c.Ratio - b.Ratio) / Math.Sqrt(c.RatioSe * c.RatioSe + b.RatioSe * b.RatioSe), $"R at {where}");
            Assert.IsNull(b.RatioExact, "the exact moments are those of one output");
            Assert.IsNull(b.RatioFLambda, "the papers' limits are for one output");
        }
        Assert.IsGreaterThan(single[0].MeanTheory!.Value * 2, expected[0].Mean!.Value, "three outputs, not one");
    }

    [TestMethod]
    public void One_output_leaves_the_configuration_and_its_fingerprint_as_they_were()
    {
        string json = System.Text.Json.JsonSerializer.Serialize(Config, NtkGen.Experiments.ExperimentJson.TextOptions);
        Assert.DoesNotContain("utputs", json);
        Assert.AreNotEqual(Config.Fingerprint(), (Config with { Outputs = 2 }).Fingerprint());
        Assert.AreEqual(Config.Fingerprint(), System.Text.Json.JsonSerializer.Deserialize<DispersionConfig>(json, NtkGen.Experiments.ExperimentJson.TextOptions)!.Fingerprint());
    }

    [TestMethod]
    public void The_tail_diagnostic_flags_the_deep_chaotic_point_and_not_the_shallow_ordered_one()
    {
        // At λ = L/M = 1 in the chaotic phase Θ's tail is heavy (the exact R is in the tens); at L = 2, σ_w² = 1 it is light.
        var config = Config with { Depths = [2, 12], SigmaW2 = [1.0, 2.5], Correlations = [1.0, 0.5] };
        var rows = DispersionAggregator.Rows(config, RunAll(config, 2));
        var shallow = rows.Single(r => r.Depth == 2 && r.SigmaW2 == 1.0);
        var deep = rows.Single(r => r.Depth == 12 && r.SigmaW2 == 2.5);
        Assert.AreEqual(NtkGen.Statistics.ParetoTail.Threshold(1500), deep.TailKThreshold!.Value, 1e-15);
        Assert.IsFalse(shallow.TailHeavy, $"shallow ordered k̂ = {shallow.TailK}");
        Assert.IsTrue(deep.TailHeavy, $"deep chaotic k̂ = {deep.TailK}, R = {deep.Ratio} against exact {deep.RatioExact}");
        Assert.IsGreaterThan(shallow.TailK!.Value + 0.3, deep.TailK!.Value);
        // The off-diagonal entry Θ(x0, x_0.5) has a tail of its own, diagnosed from its own samples.
        Assert.IsFalse(shallow.OffDiagonal[0].TailHeavy, $"shallow ordered off-diagonal k̂ = {shallow.OffDiagonal[0].TailK}");
        Assert.IsTrue(deep.OffDiagonal[0].TailHeavy, $"deep chaotic off-diagonal k̂ = {deep.OffDiagonal[0].TailK}");
    }

    private static string Csv(DispersionConfig config, int threads)
        => DispersionReport.Csv(DispersionAggregator.Rows(config, RunAll(config, threads)));

    private static IReadOnlyList<DispersionUnitResult> RunAll(DispersionConfig config, int threads)
    {
        using var folder = new TempDirectory();
        using var journal = DispersionExperiment.Instance.OpenJournal(folder.Path, config, Shard.Whole);
        return DispersionExperiment.Instance.Run(config, Shard.Whole, journal, threads);
    }
}
