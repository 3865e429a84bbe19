using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NtkGen.Experiments;
using NtkGen.IO;

namespace NtkGen.Training;

/// <summary>
/// The training run's result files: <c>train.csv</c> (one line per record) and <c>train.json</c>. <c>theta_c</c> and
/// <c>ratio_c</c> average the within-class pairs off the diagonal; <c>theta_c_block</c> and <c>ratio_c_block</c> the
/// whole within-class blocks, diagonal included, as the authors' Figure 4 does. <c>chi1</c> and <c>phase</c> place each
/// σ_w² by the mean-field χ₁ of the run's activation (<see cref="NtkGen.Theory.MeanField"/>); <c>learning_rate</c> is the
/// step size the run of that σ_w² used (its own with <see cref="TrainingConfig.CriticalLrFraction"/>); <c>bias_share</c> the
/// share of Θ's trace from the biases. Either is empty (CSV) or null (JSON) for journals written before it was recorded.
/// The last three columns, <c>offdiag_shape_change</c>, <c>diagonal_share</c> and <c>peak_diagonal_ratio</c>, say how much
/// of the shape change is the diagonal's (<see cref="KernelSnapshot"/>); they come after the earlier columns so that these
/// keep their places.
/// </summary>
public static class TrainingReport
{
    /// <summary>The CSV file name.</summary>
    public const string CsvFileName = "train.csv";

    /// <summary>The JSON file name.</summary>
    public const string JsonFileName = "train.json";

    /// <summary>The file of the authors' Figure 4 beside the run.</summary>
    public const string ComparisonFileName = "figure4.csv";

    /// <summary>The records as CSV.</summary>
    public static string Csv(TrainingConfig config, IReadOnlyList<TrainingRecord> records) => Csv(records, RunsOf(config, records));

    private static string Csv(IReadOnlyList<TrainingRecord> records, IReadOnlyDictionary<double, TrainingRun> runs)
        => ResultCsv.Write(records, (r, cells) =>
        {
            var k = r.Kernel;
            var run = runs[r.SigmaW2];
            cells.Add("sigma_w2", r.SigmaW2).Add("step", r.Step).Add("train_loss", r.TrainLoss).Add("test_loss", r.TestLoss).Add("test_accuracy", r.TestAccuracy)
                .Add("theta_d", k.Diagonal).Add("theta_c", k.SameClass).Add("theta_n", k.OtherClass).Add("ratio_c", k.SameClassRatio).Add("ratio_n", k.OtherClassRatio)
                .Add("alignment", k.Alignment).Add("relative_change", k.RelativeChange).Add("shape_change", k.ShapeChange)
                .Add("theta_c_block", k.SameClassBlock).Add("ratio_c_block", k.SameClassBlockRatio).Add("chi1", run.Chi1).Add("phase", run.Phase)
                .Add("learning_rate", run.LearningRate).Add("bias_share", r.BiasShare)
                .Add("offdiag_shape_change", k.OffDiagonalShapeChange).Add("diagonal_share", k.DiagonalShare).Add("peak_diagonal_ratio", k.PeakDiagonalRatio);
        });

    /// <summary>
    /// <c>{"config": …, "fingerprint": …, "records": […], "authors_figure4": […]}</c> (the NTK matrices stay in the journal;
    /// <c>authors_figure4</c>, the rows of <see cref="ComparisonCsv"/>, only when the run recorded a value of the figure).
    /// </summary>
    public static string Json(TrainingConfig config, IReadOnlyList<TrainingRecord> records) => Json(config, records, RunsOf(config, records));

    private static string Json(TrainingConfig config, IReadOnlyList<TrainingRecord> records, IReadOnlyDictionary<double, TrainingRun> runs)
    {
        var rows = new JsonArray();
        foreach (var r in records)
        {
            rows.Add(new JsonObject
            {
                ["sigma_w2"] = r.SigmaW2, ["step"] = r.Step, ["train_loss"] = Finite(r.TrainLoss), ["test_loss"] = Finite(r.TestLoss), ["test_accuracy"] = Finite(r.TestAccuracy),
                ["theta_d"] = Finite(r.Kernel.Diagonal), ["theta_c"] = Finite(r.Kernel.SameClass), ["theta_n"] = Finite(r.Kernel.OtherClass),
                ["ratio_c"] = Finite(r.Kernel.SameClassRatio), ["ratio_n"] = Finite(r.Kernel.OtherClassRatio),
                ["alignment"] = Finite(r.Kernel.Alignment), ["relative_change"] = Finite(r.Kernel.RelativeChange), ["shape_change"] = Finite(r.Kernel.ShapeChange),
                ["theta_c_block"] = Finite(r.Kernel.SameClassBlock), ["ratio_c_block"] = Finite(r.Kernel.SameClassBlockRatio),
                ["chi1"] = runs[r.SigmaW2].Chi1, ["phase"] = runs[r.SigmaW2].Phase, ["learning_rate"] = runs[r.SigmaW2].LearningRate,
                ["bias_share"] = Finite(r.BiasShare),
                ["offdiag_shape_change"] = Finite(r.Kernel.OffDiagonalShapeChange), ["diagonal_share"] = Finite(r.Kernel.DiagonalShare),
                ["peak_diagonal_ratio"] = Finite(r.Kernel.PeakDiagonalRatio),
            });
        }
        var root = ExperimentJson.Report(config);
        root["records"] = rows;
        if (Figure4Comparison.Of(config, records) is { Count: > 0 } comparison) root["authors_figure4"] = ComparisonJson(comparison);
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    // JSON holds no NaN or infinity: a value that is not a number is null.
    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    // The authors' Figure 4 beside the run's values, as in figure4.csv.
    private static JsonArray ComparisonJson(IReadOnlyList<Figure4Row> rows) => new([.. rows.Select(row => (JsonNode)new JsonObject
    {
        ["sigma_w2"] = row.Authors.SigmaW2, ["step"] = row.Authors.Step, ["quantity"] = row.Quantity,
        ["ours"] = Finite(row.Ours), ["authors_figure"] = row.Authors.Value, ["difference"] = Finite(row.Difference), ["quotient"] = Finite(row.Quotient),
    })]);

    /// <summary>
    /// The authors' Figure 4 beside the run (<see cref="Figure4Comparison"/>): <c>sigma_w2,step,quantity,ours,authors_figure,difference,quotient</c>,
    /// the difference for the ratios and the quotient for the losses.
    /// </summary>
    public static string ComparisonCsv(IReadOnlyList<Figure4Row> rows)
        => ResultCsv.Write(rows, (row, cells) => cells
            .Add("sigma_w2", row.Authors.SigmaW2).Add("step", row.Authors.Step).Add("quantity", row.Quantity)
            .Add("ours", row.Ours).Add("authors_figure", row.Authors.Value).Add("difference", row.Difference).Add("quotient", row.Quotient));

    /// <summary>
    /// The <see cref="TrainingRun"/> of each σ_w² among the records. Computed once per report, not per record or file: a
    /// sigmoid χ₁ is a fixed-point iteration with quadrature.
    /// </summary>
    public static IReadOnlyDictionary<double, TrainingRun> RunsOf(TrainingConfig config, IReadOnlyList<TrainingRecord> records)
        => records.GroupBy(r => r.SigmaW2).ToDictionary(run => run.Key, run =>
        {
            double chi1 = config.Chi1(run.Key);
            return new TrainingRun(chi1, NtkGen.Theory.MeanField.Phase(chi1), run.First().LearningRate);
        });

    /// <summary>Writes the selected files into <paramref name="folder"/>; <paramref name="runs"/> from <see cref="RunsOf"/>.</summary>
    public static IReadOnlyList<string> Write(string folder, TrainingConfig config, IReadOnlyList<TrainingRecord> records, IReadOnlyDictionary<double, TrainingRun> runs,
        bool csv, bool json)
    {
        var comparison = Figure4Comparison.Of(config, records);
        return AtomicFile.WriteAll(folder, (CsvFileName, csv, () => Csv(records, runs)), (ComparisonFileName, csv && comparison.Count > 0, () => ComparisonCsv(comparison)),
            (JsonFileName, json, () => Json(config, records, runs)));
    }
}

/// <summary>What is fixed for the whole run of one σ_w²: its mean-field χ₁ and phase and the learning rate it used.</summary>
public sealed record TrainingRun(double Chi1, string Phase, double LearningRate)
{
    /// <summary>The label of the run in figures, e.g. <c>σ_w² = 2.2 (chaotic)</c>; unless <paramref name="brief"/> (for
    /// narrow panel titles), with the activation unless ReLU and the learning rate when each run has its own.</summary>
    public string Label(double sigmaW2, TrainingConfig config, bool brief = false)
        => $"σ_w² = {sigmaW2.ToString("0.###", CultureInfo.InvariantCulture)} ("
            + (brief || config.Activation == Activation.ReLU ? "" : Activations.ActivationFunction.NameOf(config.Activation) + ", ") + Phase
            + (brief || config.CriticalLrFraction is null ? "" : $", η = {LearningRate.ToString("G3", CultureInfo.InvariantCulture)}") + ")";
}
