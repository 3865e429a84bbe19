using NtkGen.Engines;
using NtkGen.Experiments;
using NtkGen.Experiments.GdStep;
using NtkGen.Tests.Support;

namespace NtkGen.Tests.Experiments;

/// <summary>The first-step experiment: the jet's change matches a real step, the mean change is negative, runs do not depend on the thread count.</summary>
[TestClass]
public sealed class GdStepTests
{
    private static readonly GdStepConfig Config = new()
    {
        InputSize = 10, Width = 12, Depths = [3, 6], SigmaW2 = [1.5, 2.5], Samples = 700, Batch = 4, Seed = 8,
    };

    [TestMethod]
    [DataRow(1.5, 0.0, false)]
    [DataRow(2.0, 0.0, false)]
    [DataRow(2.5, 0.0, true)]
    public void First_order_change_equals_a_small_real_step(double sigmaW2, double biasVariance, bool drawnTarget)
    {
        var spec = new NetworkSpec(9, [14, 11, 13], 1, sigmaW2: sigmaW2, sigmaB2: biasVariance);
        var sampler = new GdStepSampler<double>(spec, new StepTarget(0.3, drawnTarget), eta: 1e-7, batch: 0, etaBatch: 1);
        var workspace = sampler.CreateWorkspace();
        for (ulong s = 0; s < 40; s++)
        {
            var sample = sampler.Sample(1, s, 1000 + s, workspace);
            Assert.AreEqual(sample.ChangeOverEta, sample.FiniteChangeOverEta, 1e-4 * Math.Abs(sample.ChangeOverEta) + 1e-6 * sample.Theta * sample.Theta,
                $"network {s}: first order {sample.ChangeOverEta:G6}, real step {sample.FiniteChangeOverEta:G6}");
        }
    }

    [TestMethod]
    public void Mean_change_is_negative_and_most_networks_lose_kernel()
    {
        var rows = Rows(Config with { Depths = [6], SigmaW2 = [2.0], Samples = 1500, Batch = 0 }, threads: 2);
        var row = rows.Single();
        Assert.IsTrue(row.MeanRelativeChange + 4 * row.MeanRelativeChangeSe < 0, $"E[ΔΘ/η]/E[Θ]² = {row.MeanRelativeChange:G4} ± {row.MeanRelativeChangeSe:G3}");
        Assert.IsTrue(row.FractionNegative > 0.75, $"fraction negative {row.FractionNegative:P0}");
        Assert.AreEqual(row.MedianRelativeChange, row.FiniteStepMedianRelativeChange, 1e-3 * Math.Abs(row.MedianRelativeChange));
        Assert.IsTrue(row.RealStepAgreement > 0.95, $"real steps agree with the jet for {row.RealStepAgreement:P1} of the networks");
    }

    [TestMethod]
    public void The_tail_diagnostic_flags_the_deep_chaotic_point_and_not_the_shallow_ordered_one()
    {
        // At λ = L/M = 1 in the chaotic phase Θ and its first-step change are heavy-tailed; at L = 2, σ_w² = 1 they are light.
        var config = Config with { Depths = [2, 12], SigmaW2 = [1.0, 2.5], Samples = 1500, Batch = 0 };
        using var folder = new TempDirectory();
        using var journal = GdStepExperiment.Instance.OpenJournal(folder.Path, config, Shard.Whole);
        var units = GdStepExperiment.Instance.Run(config, Shard.Whole, journal, 2);
        var rows = GdStepAggregator.Rows(config, units);
        var shallow = rows.Single(r => r.Depth == 2 && r.SigmaW2 == 1.0);
        var deep = rows.Single(r => r.Depth == 12 && r.SigmaW2 == 2.5);
        Assert.AreEqual(NtkGen.Statistics.ParetoTail.Threshold(1500), deep.TailKThreshold!.Value, 1e-15);
        Assert.IsFalse(shallow.TailHeavy, $"shallow ordered k̂ = {shallow.TailKChange}, {shallow.TailKTheta}, {shallow.TailKNormalized}");
        Assert.IsTrue(deep.TailHeavy, $"deep chaotic k̂ = {deep.TailKChange}, {deep.TailKTheta}, {deep.TailKNormalized}");
        Assert.IsGreaterThan(shallow.TailKChange!.Value + 0.3, deep.TailKChange!.Value, "ΔΘ's own tail, from its own samples");
        // The values kept are the networks' ΔΘ/η and Θ (their sums are the paired sums'), and each k̂ is that of their squares.
        var deepUnits = units.Where(u => u.Depth == 12 && u.SigmaW2 == 2.5).OrderBy(u => u.Unit).ToList();
        foreach (var unit in deepUnits)
        {
            Assert.AreEqual(unit.Change.SumX, unit.ChangeValues.Sum(), 1e-9 * Math.Abs(unit.Change.SumX));
            Assert.AreEqual(unit.Change.SumY, unit.ThetaValues.Sum(), 1e-9 * unit.Change.SumY);
        }
        Assert.AreEqual(NtkGen.Statistics.ParetoTail.RightTailK([.. deepUnits.SelectMany(u => u.ChangeValues).Select(v => v * v)]), deep.TailKChange);
        Assert.AreEqual(NtkGen.Statistics.ParetoTail.RightTailK([.. deepUnits.SelectMany(u => u.ThetaValues).Select(v => v * v)]), deep.TailKTheta);
        Assert.AreEqual(NtkGen.Statistics.ParetoTail.RightTailK([.. deepUnits.SelectMany(u => u.NormalizedValues).Select(v => v * v)]), deep.TailKNormalized);
        if (deep.SamplesNeeded is double needed) Assert.IsGreaterThan(1500.0, needed, "a flagged point needs more networks than it has");

        // Units written before the per-network values were kept: no k̂ for what they lack, the rest as before.
        var older = GdStepAggregator.Rows(config, units.Select(u => u with { ChangeValues = [], ThetaValues = [] }));
        var deepOlder = older.Single(r => r.Depth == 12 && r.SigmaW2 == 2.5);
        Assert.IsNull(deepOlder.TailKChange);
        Assert.IsNull(deepOlder.TailKTheta);
        Assert.AreEqual(deep.TailKNormalized, deepOlder.TailKNormalized);
        Assert.AreEqual(deep.MeanRelativeChange, deepOlder.MeanRelativeChange);
    }

    [TestMethod]
    public void Results_do_not_depend_on_the_thread_count()
        => Assert.AreEqual(GdStepReport.Csv(Rows(Config, threads: 1)), GdStepReport.Csv(Rows(Config, threads: 2)));

    [TestMethod]
    public void Hanin_Nica_fit_recovers_a_known_constant()
    {
        var rows = new[] { 5, 10, 20 }.Select(depth =>
        {
            double prediction = (depth - 1) * (depth - 1) / (100.0 * 100) * Math.Exp(5.0 * (depth - 1) / 100);
            return new GdStepRow
            {
                Depth = depth, Width = 100, N0 = 100, Lambda = depth / 100.0, SigmaW2 = 2, SigmaB2 = 0, Parametrization = "ntk", Phase = "eoc",
                Samples = 1, Kernel = "", MeanTheta = 1, MeanChange = -3 * prediction, MeanRelativeChange = 0, MeanRelativeChangeSe = 0,
                MedianRelativeChange = 0, FractionNegative = 1, MeanAbsRelativeChange = 0, FirstOrderRelativeChange = 0, FiniteStepMedianRelativeChange = 0, RealStepAgreement = 1,
                ChangeOverMeanTheta = -3 * prediction, ChangeOverMeanThetaSe = 0, HaninNicaPrediction = prediction,
            };
        }).ToList();
        var (constant, ratios) = GdStepAggregator.HaninNicaFit(rows);
        Assert.AreEqual(-3, constant, 1e-12);
        Assert.IsTrue(ratios.All(r => Math.Abs(r - 1) < 1e-12));
    }

    private static IReadOnlyList<GdStepRow> Rows(GdStepConfig config, int threads)
    {
        using var folder = new TempDirectory();
        using var journal = GdStepExperiment.Instance.OpenJournal(folder.Path, config, Shard.Whole);
        return GdStepAggregator.Rows(config, GdStepExperiment.Instance.Run(config, Shard.Whole, journal, threads));
    }
}
