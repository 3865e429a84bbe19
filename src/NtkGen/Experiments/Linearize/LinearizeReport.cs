using System.Text.Json;
using NtkGen.IO;

namespace NtkGen.Experiments.Linearize;

/// <summary>The linearization experiment's result files (<c>linearize.csv</c>, <c>linearize.json</c>).</summary>
public static class LinearizeReport
{
    /// <summary>The CSV file name.</summary>
    public const string CsvFileName = "linearize.csv";

    /// <summary>The JSON file name.</summary>
    public const string JsonFileName = "linearize.json";

    /// <summary>The rows as CSV with a header line; the step of t → ∞ is empty.</summary>
    public static string Csv(IReadOnlyList<LinearizeRow> rows)
        => ResultCsv.Write(rows, (r, cells) => cells
            .Add("depth", r.Depth).Add("width", r.Width).Add("n0", r.N0).Add("lambda", r.Lambda).Add("sigma_w2", r.SigmaW2).Add("sigma_b2", r.SigmaB2)
            .Add("phase", r.Phase).Add("samples", r.Samples).Add("step", r.Step).Add("rate", r.Rate).Add("diverged", r.Diverged)
            .Add("trained_variance", r.TrainedVariance).Add("trained_variance_se", r.TrainedVarianceSe)
            .Add("linearized_variance", r.LinearizedVariance).Add("linearized_variance_se", r.LinearizedVarianceSe).Add("theory_variance", r.TheoryVariance)
            .Add("trained_mean_rms_z", r.TrainedMeanRmsZ).Add("trained_mean_max_z", r.TrainedMeanMaxZ)
            .Add("trained_variance_z", r.TrainedVarianceZ).Add("trained_variance_max_z", r.TrainedVarianceMaxZ)
            .Add("linearized_mean_rms_z", r.LinearizedMeanRmsZ).Add("linearized_mean_max_z", r.LinearizedMeanMaxZ)
            .Add("linearized_variance_z", r.LinearizedVarianceZ).Add("linearized_variance_max_z", r.LinearizedVarianceMaxZ)
            .Add("trained_loss", r.TrainedLoss).Add("trained_loss_se", r.TrainedLossSe)
            .Add("linearized_loss", r.LinearizedLoss).Add("linearized_loss_se", r.LinearizedLossSe).Add("theory_loss", r.TheoryLoss)
            .Add("distance", r.Distance).Add("distance_se", r.DistanceSe).Add("kernel", r.Kernel));

    /// <summary><c>{"config": …, "fingerprint": …, "rows": […]}</c>.</summary>
    public static string Json(LinearizeConfig config, IReadOnlyList<LinearizeRow> rows)
    {
        var root = ExperimentJson.Report(config);
        root["rows"] = JsonSerializer.SerializeToNode(rows, ExperimentJson.TextOptions);
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Writes the selected files into <paramref name="folder"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Write(string folder, LinearizeConfig config, IReadOnlyList<LinearizeRow> rows, bool csv, bool json)
        => AtomicFile.WriteAll(folder, (CsvFileName, csv, () => Csv(rows)), (JsonFileName, json, () => Json(config, rows)));
}
