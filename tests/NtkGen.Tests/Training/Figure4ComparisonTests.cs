using NtkGen.Training;

namespace NtkGen.Tests.Training;

/// <summary>A run's values beside the authors' Figure 4, on records whose values are chosen by hand.</summary>
[TestClass]
public sealed class Figure4ComparisonTests
{
    // Θ_d, the within-class block mean (diagonal included), Θ_n and the losses; the other statistics play no part.
    private static TrainingRecord Record(double sigmaW2, int step, double diagonal, double block, double other, double trainLoss = 0.5, double testLoss = 0.5)
        => new(sigmaW2, step, trainLoss, testLoss, 0.1, new KernelSnapshot(diagonal, block, other, 0.3, 0.1, 0.1, block, 0.1, 0.1, 1.0), [], [])
        {
            LearningRate = 1e-4, BiasShare = 0.1,
        };

    private static readonly TrainingRecord[] Records =
    [
        Record(1.0, 0, 10, 9, 8.9),
        Record(1.0, 100, 10, 8, 4),                                  // ratios 0.8 and 0.4
        Record(1.0, 1000, 10, 9, 5, trainLoss: 3e-3, testLoss: 5e-2),
        Record(2.2, 500, 100, 30, 20),                               // 0.3 and 0.2
        Record(1.5, 100, 1, 1, 1),                                   // a σ_w² the figure does not have
    ];

    [TestMethod]
    public void Gives_each_value_of_the_figure_the_run_recorded_with_its_difference_or_quotient()
    {
        var rows = Figure4Comparison.Of(new TrainingConfig { SigmaW2 = [1.0, 1.5, 2.2] }, Records);
        var expected = new (double Sigma, int Step, string Quantity, double Ours, double Figure)[]
        {
            (1.0, 100, "ratio_c_block", 0.8, 0.78), (2.2, 500, "ratio_c_block", 0.3, 0.81),
            (1.0, 100, "ratio_n", 0.4, 0.46), (2.2, 500, "ratio_n", 0.2, 0.74),
            (1.0, 1000, "train_loss", 3e-3, 1.5e-3), (1.0, 1000, "test_loss", 5e-2, 2.5e-2),
        };
        Assert.HasCount(expected.Length, rows);
        for (int i = 0; i < expected.Length; i++)
        {
            var (row, e) = (rows[i], expected[i]);
            Assert.AreEqual((e.Sigma, e.Step, e.Quantity), (row.Authors.SigmaW2, row.Authors.Step, row.Quantity), $"row {i}");
            Assert.AreEqual(e.Ours, row.Ours, 1e-12, $"row {i}: ours");
            Assert.AreEqual(e.Figure, row.Authors.Value, 1e-12, $"row {i}: figure");
            if (row.IsLoss) { Assert.AreEqual(2.0, row.Quotient!.Value, 1e-12); Assert.IsNull(row.Difference); }
            else { Assert.AreEqual(e.Ours - e.Figure, row.Difference!.Value, 1e-12); Assert.IsNull(row.Quotient); }
        }
    }

    [TestMethod]
    public void Compares_only_ReLU_runs_the_figures_activation()
    {
        var sigmoid = new TrainingConfig { Activation = Activation.Sigmoid, SigmaW2 = [1.0, 2.2] };
        Assert.IsEmpty(Figure4Comparison.Of(sigmoid, Records));
        Assert.IsEmpty(Figure4Comparison.Of(new TrainingConfig(), [Record(1.0, 10, 1, 1, 1)]), "no step of the figure");
    }

    [TestMethod]
    public void Writes_the_comparison_as_csv_and_in_the_json()
    {
        var config = new TrainingConfig { SigmaW2 = [1.0] };
        TrainingRecord[] records = [Record(1.0, 100, 10, 8, 4), Record(1.0, 1000, 10, 9, 5, trainLoss: 3e-3, testLoss: 5e-2)];
        var rows = Figure4Comparison.Of(config, records);
        string[] lines = TrainingReport.ComparisonCsv(rows).Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual("sigma_w2,step,quantity,ours,authors_figure,difference,quotient", lines[0]);
        Assert.StartsWith("1,100,ratio_c_block,0.8,0.78,0.0", lines[1]);
        Assert.EndsWith(",", lines[1]);
        Assert.AreEqual("1,1000,train_loss,0.003,0.0015,,2", lines[3]);
        var json = System.Text.Json.Nodes.JsonNode.Parse(TrainingReport.Json(config, records))!["authors_figure4"]!.AsArray();
        Assert.HasCount(4, json);
        Assert.AreEqual("ratio_n", (string)json[1]!["quantity"]!);
        Assert.AreEqual(0.4 - 0.46, (double)json[1]!["difference"]!, 1e-12);
        Assert.IsNull(json[2]!["difference"]);
        Assert.AreEqual(2.0, (double)json[2]!["quotient"]!, 1e-12);
    }

    [TestMethod]
    public void A_kernel_without_diagonal_writes_null_ratios_in_the_json()
    {
        // Θ_d = 0 (a dead network) makes the ratios 0/0: JSON has no NaN, so they are null, and the report is still written.
        var config = new TrainingConfig { SigmaW2 = [1.0] };
        var json = System.Text.Json.Nodes.JsonNode.Parse(TrainingReport.Json(config, [Record(1.0, 0, 0, 0, 0)]))!["records"]!.AsArray();
        Assert.IsNull(json[0]!["ratio_c"]);
        Assert.IsNull(json[0]!["ratio_n"]);
        Assert.AreEqual(0.0, (double)json[0]!["theta_d"]!);
    }

    [TestMethod]
    public void Holds_every_value_of_the_figure_once()
    {
        Assert.HasCount(3 * 3 * 2 + 3 * 2, AuthorsFigure4.Values);
        Assert.AreEqual(AuthorsFigure4.Values.Count, AuthorsFigure4.Values.Select(v => (v.SigmaW2, v.Step, v.Quantity)).Distinct().Count());
        // THEORY.md §6: the chaotic network's Θ̄_n/Θ̄_d at t = 500 and its train loss at t = 1000.
        Assert.AreEqual(0.74, AuthorsFigure4.Values.Single(v => v is { SigmaW2: 2.2, Step: 500, Quantity: Figure4Quantity.OtherClassRatio }).Value);
        Assert.AreEqual(7.2e-2, AuthorsFigure4.Values.Single(v => v is { SigmaW2: 2.2, Step: 1000, Quantity: Figure4Quantity.TrainLoss }).Value);
    }
}
