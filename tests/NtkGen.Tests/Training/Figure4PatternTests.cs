using NtkGen.Cli.Output;
using NtkGen.Training;

namespace NtkGen.Tests.Training;

/// <summary>The run held against the authors' Figure-4 description, on records whose comparisons are worked out by hand.</summary>
[TestClass]
public sealed class Figure4PatternTests
{
    private static readonly Dictionary<double, TrainingRun> Runs = new()
    {
        [1.0] = new TrainingRun(0.5, "ordered", 1e-4),
        [1.5] = new TrainingRun(0.75, "ordered", 1e-4),
        [2.0] = new TrainingRun(1.0, "eoc", 1e-4),
        [2.2] = new TrainingRun(1.1, "chaotic", 1e-4),
    };

    // Θ_d, Θ_c, Θ_n, relative change and shape change; the other statistics play no part.
    private static TrainingRecord Record(double sigmaW2, int step, double diagonal, double same, double other, double relative, double shape)
        => new(sigmaW2, step, 0.5, 0.5, 0.1, new KernelSnapshot(diagonal, same, other, 0.3, relative, shape, same, shape, 0.1, 1.0), [], []);

    private static readonly TrainingRecord[] Records =
    [
        Record(1.0, 0, 10, 9, 8.9, 0, 0),
        Record(1.0, 1, 10, 9, 8.9, 0.02, 0.02),       // contrast 0.01
        Record(1.0, 10, 20, 18, 12, 2, 0.3),          // 0.3
        Record(1.0, 50, 20, 18, 12, 3, 0.3),          // no chaotic record at step 50: left out
        Record(1.0, 100, 100, 70, 40, 50, 0.4),       // 0.3
        Record(2.2, 0, 100, 30, 28, 0, 0),
        Record(2.2, 1, 100, 30, 28, 0.4, 0.1),        // contrast 0.02
        Record(2.2, 10, 100, 30, 20, 0.9, 0.4),       // 0.1
        Record(2.2, 100, 50, 20, 10, 0.9, 0.8),       // 0.2
        // Less ordered than σ_w² = 1, and the edge of chaos: neither is compared.
        Record(1.5, 1, 1, 1, 0, 1e-6, 1e-6),
        Record(2.0, 1, 1, 1, 0, 1e3, 1e3),
    ];

    [TestMethod]
    public void Compares_the_most_ordered_and_the_most_chaotic_kernel_at_their_common_steps_after_0()
    {
        var pattern = Figure4Pattern.Of(Runs, Records)!;
        Assert.AreEqual(1.0, pattern.OrderedSigmaW2);
        Assert.AreEqual(2.2, pattern.ChaoticSigmaW2);
        CollectionAssert.AreEqual(new[] { 1, 10, 100 }, pattern.Points.Select(p => p.Step).ToArray());
        double[] contrastDifference = [0.01 - 0.02, 0.3 - 0.1, 0.3 - 0.2], relativeRatio = [0.4 / 0.02, 0.9 / 2, 0.9 / 50], shapeRatio = [0.1 / 0.02, 0.4 / 0.3, 0.8 / 0.4];
        for (int i = 0; i < 3; i++)
        {
            Assert.AreEqual(contrastDifference[i], pattern.Points[i].BlockContrastDifference, 1e-12);
            Assert.AreEqual(relativeRatio[i], pattern.Points[i].RelativeChangeRatio, 1e-12);
            Assert.AreEqual(shapeRatio[i], pattern.Points[i].ShapeChangeRatio, 1e-12);
        }
    }

    [TestMethod]
    public void Sums_up_each_half_of_the_description_as_stretches_where_it_holds_or_fails()
    {
        var pattern = Figure4Pattern.Of(Runs, Records)!;
        AssertStretches(pattern.Blocks, (false, 1, 1, 1, -0.01, -0.01), (true, 10, 100, 2, 0.1, 0.2));
        AssertStretches(pattern.RelativeChange, (true, 1, 1, 1, 20, 20), (false, 10, 100, 2, 0.018, 0.45));
        AssertStretches(pattern.ShapeChange, (true, 1, 100, 3, 0.4 / 0.3, 5));
        CollectionAssert.AreEqual(new[]
        {
            "The authors' Figure-4 description (THEORY.md §6) against this run, σ_w² = 1 (ordered) and 2.2 (chaotic), at the 3 record steps after 0 both have:",
            "  class blocks clearer in the ordered phase, (Θ_c − Θ_n)/Θ_d ordered minus chaotic: fails at step 1 (1 record, -0.01); holds at steps 10–100 (2 records, 0.1 to 0.2)",
            "  larger relative change ‖Θ_t−Θ_0‖/‖Θ_0‖ in the chaotic phase, chaotic ÷ ordered: holds at step 1 (1 record, 20); fails at steps 10–100 (2 records, 0.018 to 0.45)",
            "  larger shape change (scale removed) in the chaotic phase, chaotic ÷ ordered: holds at steps 1–100 (3 records, 1.33 to 5)",
        }, Figure4PatternText.Lines(pattern).ToArray());
    }

    [TestMethod]
    public void Is_not_made_without_both_an_ordered_and_a_chaotic_run_or_a_common_step_after_0()
    {
        Assert.IsNull(Figure4Pattern.Of(Runs, [.. Records.Where(r => r.SigmaW2 != 2.2)]));
        Assert.IsNull(Figure4Pattern.Of(Runs, [.. Records.Where(r => r.SigmaW2 is not (1.0 or 1.5))]));
        Assert.IsNull(Figure4Pattern.Of(Runs, [.. Records.Where(r => r.Step == 0)]));
    }

    private static void AssertStretches(IReadOnlyList<PatternStretch> stretches, params (bool Holds, int First, int Last, int Records, double Least, double Most)[] expected)
    {
        Assert.HasCount(expected.Length, stretches);
        for (int i = 0; i < expected.Length; i++)
        {
            var (s, e) = (stretches[i], expected[i]);
            Assert.AreEqual((e.Holds, e.First, e.Last, e.Records), (s.Holds, s.FirstStep, s.LastStep, s.Records), $"stretch {i}");
            Assert.AreEqual(e.Least, s.Least, 1e-12, $"stretch {i}: least");
            Assert.AreEqual(e.Most, s.Most, 1e-12, $"stretch {i}: most");
        }
    }

    [TestMethod]
    public void An_ordered_kernel_that_has_not_moved_gives_an_infinite_ratio_printed_as_such_and_null_in_json()
    {
        var config = new TrainingConfig { SigmaW2 = [1.0, 2.2] };
        TrainingRecord[] records =
        [
            Record(1.0, 0, 10, 9, 8.9, 0, 0), Record(1.0, 1, 10, 9, 8.9, 0, 0),
            Record(2.2, 0, 100, 30, 28, 0, 0), Record(2.2, 1, 100, 30, 28, 0.4, 0.1),
        ];
        var pattern = Figure4Pattern.Of(TrainingReport.RunsOf(config, records), records)!;
        Assert.IsTrue(double.IsPositiveInfinity(pattern.Points[0].RelativeChangeRatio));
        Assert.IsTrue(pattern.RelativeChange.Single().Holds);
        StringAssert.Contains(Figure4PatternText.Lines(pattern).ElementAt(2), "holds at step 1 (1 record, ∞)");
        var json = System.Text.Json.Nodes.JsonNode.Parse(TrainingReport.Json(config, records))!["figure4_pattern"]!;
        Assert.IsNull(json["points"]![0]!["relative_change_ratio"]);
        Assert.IsNull(json["relative_change_larger_when_chaotic"]![0]!["least"]);
        Assert.AreEqual(0.01 - 0.02, (double)json["points"]![0]!["ordered_block_contrast"]! - (double)json["points"]![0]!["chaotic_block_contrast"]!, 1e-12);
    }
}
