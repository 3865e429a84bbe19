using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NtkGen.Experiments.Dispersion;

namespace NtkGen.Training;

/// <summary>
/// The training run's result files: <c>train.csv</c> (one line per record) and <c>train.json</c>. <c>theta_c</c> and
/// <c>ratio_c</c> average the within-class pairs off the diagonal; <c>theta_c_block</c> and <c>ratio_c_block</c> the
/// whole within-class blocks, diagonal included, as the authors' Figure 4 does. <c>chi1</c> and <c>phase</c> place each
/// σ_w² by the mean-field χ₁ of the run's activation (<see cref="NtkGen.Theory.MeanField"/>); <c>learning_rate</c> is the
/// step size the run of that σ_w² used (its own with <see cref="TrainingConfig.CriticalLrFraction"/>).
/// </summary>
public static class TrainingReport
{
    /// <summary>The CSV file name.</summary>
    public const string CsvFileName = "train.csv";

    /// <summary>The JSON file name.</summary>
    public const string JsonFileName = "train.json";

    /// <summary>The records as CSV.</summary>
    public static string Csv(TrainingConfig config, IReadOnlyList<TrainingRecord> records)
    {
        var runs = RunsOf(config, records);
        var text = new StringBuilder().AppendLine("sigma_w2,step,train_loss,test_loss,test_accuracy,theta_d,theta_c,theta_n,ratio_c,ratio_n,alignment,relative_change,shape_change,theta_c_block,ratio_c_block,chi1,phase,learning_rate");
        foreach (var r in records)
        {
            var k = r.Kernel;
            text.AppendLine(string.Join(',', new[] { r.SigmaW2, r.Step, r.TrainLoss, r.TestLoss, r.TestAccuracy, k.Diagonal, k.SameClass, k.OtherClass,
                k.SameClassRatio, k.OtherClassRatio, k.Alignment, k.RelativeChange, k.ShapeChange,
                k.SameClassBlock, k.SameClassBlockRatio, runs[r.SigmaW2].Chi1 }.Select(Number)) + "," + runs[r.SigmaW2].Phase + "," + Number(runs[r.SigmaW2].LearningRate));
        }
        return text.ToString();
    }

    /// <summary><c>{"config": …, "fingerprint": …, "records": […]}</c> (the NTK matrices stay in the journal).</summary>
    public static string Json(TrainingConfig config, IReadOnlyList<TrainingRecord> records)
    {
        var runs = RunsOf(config, records);
        var rows = new JsonArray();
        foreach (var r in records)
        {
            rows.Add(new JsonObject
            {
                ["sigma_w2"] = r.SigmaW2, ["step"] = r.Step, ["train_loss"] = r.TrainLoss, ["test_loss"] = r.TestLoss, ["test_accuracy"] = r.TestAccuracy,
                ["theta_d"] = r.Kernel.Diagonal, ["theta_c"] = r.Kernel.SameClass, ["theta_n"] = r.Kernel.OtherClass,
                ["ratio_c"] = r.Kernel.SameClassRatio, ["ratio_n"] = r.Kernel.OtherClassRatio,
                ["alignment"] = r.Kernel.Alignment, ["relative_change"] = r.Kernel.RelativeChange, ["shape_change"] = r.Kernel.ShapeChange,
                ["theta_c_block"] = r.Kernel.SameClassBlock, ["ratio_c_block"] = r.Kernel.SameClassBlockRatio,
                ["chi1"] = runs[r.SigmaW2].Chi1, ["phase"] = runs[r.SigmaW2].Phase, ["learning_rate"] = double.IsNaN(runs[r.SigmaW2].LearningRate) ? null : runs[r.SigmaW2].LearningRate,
            });
        }
        var root = new JsonObject
        {
            ["config"] = JsonSerializer.SerializeToNode(config, TrainingConfig.JsonOptions),
            ["fingerprint"] = config.Fingerprint(),
            ["records"] = rows,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>
    /// Per σ_w²: χ₁, phase and the learning rate its run used (from its record at initialization; NaN if that record is
    /// missing). Once per σ_w², not once per record: a sigmoid χ₁ is a fixed-point iteration with quadrature.
    /// </summary>
    public static IReadOnlyDictionary<double, (double Chi1, string Phase, double LearningRate)> RunsOf(TrainingConfig config, IReadOnlyList<TrainingRecord> records)
        => records.Select(r => r.SigmaW2).Distinct().ToDictionary(s => s, s =>
        {
            double chi1 = config.Chi1(s);
            var initial = records.FirstOrDefault(r => r.SigmaW2 == s && r.Step == 0);
            return (chi1, NtkGen.Theory.MeanField.Phase(chi1), initial is null ? double.NaN : config.LearningRateFor(initial.Theta));
        });

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Writes the selected files into <paramref name="folder"/>.</summary>
    public static IReadOnlyList<string> Write(string folder, TrainingConfig config, IReadOnlyList<TrainingRecord> records, bool csv, bool json)
    {
        var written = new List<string>();
        if (csv) written.Add(DispersionReport.WriteAtomically(Path.Combine(folder, CsvFileName), Csv(config, records)));
        if (json) written.Add(DispersionReport.WriteAtomically(Path.Combine(folder, JsonFileName), Json(config, records)));
        return written;
    }
}
