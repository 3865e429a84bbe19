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
/// σ_w² by the mean-field χ₁ of the run's activation (<see cref="NtkGen.Theory.MeanField"/>).
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
        var phases = PhasesOf(config, records);
        var text = new StringBuilder().AppendLine("sigma_w2,step,train_loss,test_loss,test_accuracy,theta_d,theta_c,theta_n,ratio_c,ratio_n,alignment,relative_change,shape_change,theta_c_block,ratio_c_block,chi1,phase");
        foreach (var r in records)
        {
            var k = r.Kernel;
            text.AppendLine(string.Join(',', new[] { r.SigmaW2, r.Step, r.TrainLoss, r.TestLoss, r.TestAccuracy, k.Diagonal, k.SameClass, k.OtherClass,
                k.SameClassRatio, k.OtherClassRatio, k.Alignment, k.RelativeChange, k.ShapeChange,
                k.SameClassBlock, k.SameClassBlockRatio, phases[r.SigmaW2].Chi1 }.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "," + phases[r.SigmaW2].Phase);
        }
        return text.ToString();
    }

    /// <summary><c>{"config": …, "fingerprint": …, "records": […]}</c> (the NTK matrices stay in the journal).</summary>
    public static string Json(TrainingConfig config, IReadOnlyList<TrainingRecord> records)
    {
        var phases = PhasesOf(config, records);
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
                ["chi1"] = phases[r.SigmaW2].Chi1, ["phase"] = phases[r.SigmaW2].Phase,
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

    // χ₁ of a sigmoid run takes a fixed-point iteration with quadrature: once per σ_w², not once per record.
    private static Dictionary<double, (double Chi1, string Phase)> PhasesOf(TrainingConfig config, IReadOnlyList<TrainingRecord> records)
        => records.Select(r => r.SigmaW2).Distinct().ToDictionary(s => s, s => config.Chi1(s)).ToDictionary(p => p.Key, p => (p.Value, NtkGen.Theory.MeanField.Phase(p.Value)));

    /// <summary>Writes the selected files into <paramref name="folder"/>.</summary>
    public static IReadOnlyList<string> Write(string folder, TrainingConfig config, IReadOnlyList<TrainingRecord> records, bool csv, bool json)
    {
        var written = new List<string>();
        if (csv) written.Add(DispersionReport.WriteAtomically(Path.Combine(folder, CsvFileName), Csv(config, records)));
        if (json) written.Add(DispersionReport.WriteAtomically(Path.Combine(folder, JsonFileName), Json(config, records)));
        return written;
    }
}
