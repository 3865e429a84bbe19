using System.Text.Json;
using System.Text.Json.Nodes;
using NtkGen.IO;

namespace NtkGen.Experiments.GdStep;

/// <summary>The first-step experiment's result files (<c>gd_step.csv</c>, <c>gd_step.json</c>).</summary>
public static class GdStepReport
{
    /// <summary>The CSV file name.</summary>
    public const string CsvFileName = "gd_step.csv";

    /// <summary>The JSON file name.</summary>
    public const string JsonFileName = "gd_step.json";

    /// <summary>The rows as CSV with a header line.</summary>
    public static string Csv(IReadOnlyList<GdStepRow> rows)
        => ResultCsv.Write(rows, (r, cells) => cells
            .Add("depth", r.Depth).Add("width", r.Width).Add("n0", r.N0).Add("lambda", r.Lambda).Add("sigma_w2", r.SigmaW2).Add("sigma_b2", r.SigmaB2)
            .Add("parametrization", r.Parametrization).Add("phase", r.Phase).Add("samples", r.Samples)
            .Add("mean_relative_change", r.MeanRelativeChange).Add("mean_relative_change_se", r.MeanRelativeChangeSe)
            .Add("median_relative_change", r.MedianRelativeChange).Add("fraction_negative", r.FractionNegative)
            .Add("mean_abs_relative_change", r.MeanAbsRelativeChange).Add("first_order_relative_change", r.FirstOrderRelativeChange)
            .Add("finite_step_median_relative_change", r.FiniteStepMedianRelativeChange).Add("real_step_agreement", r.RealStepAgreement)
            .Add("mean_theta", r.MeanTheta).Add("mean_change", r.MeanChange)
            .Add("change_over_mean_theta", r.ChangeOverMeanTheta).Add("change_over_mean_theta_se", r.ChangeOverMeanThetaSe)
            .Add("hanin_nica_prediction", r.HaninNicaPrediction)
            .Add("matrix_relative_change", r.MatrixRelativeChange).Add("matrix_relative_change_se", r.MatrixRelativeChangeSe)
            .Add("tail_k_change", r.TailKChange).Add("tail_k_theta", r.TailKTheta).Add("tail_k_normalized", r.TailKNormalized)
            .Add("tail_k_threshold", r.TailKThreshold).Add("tail_heavy", r.TailHeavy).Add("samples_needed", r.SamplesNeeded)
            .Add("kernel", r.Kernel));

    /// <summary><c>{"config": …, "fingerprint": …, "hanin_nica": {…}, "rows": […]}</c>.</summary>
    public static string Json(GdStepConfig config, IReadOnlyList<GdStepRow> rows)
    {
        var (constant, ratios) = GdStepAggregator.HaninNicaFit(rows);
        var root = ExperimentJson.Report(config);
        root["hanin_nica"] = new JsonObject
        {
            ["formula"] = "E[dTheta/eta]/E[Theta] ~ C (d beta/n0) exp(5 beta), d = L weight layers, beta = (L - 1)/M (Hanin & Nica, Theorem 2; up to universal constants)",
            ["fitted_constant"] = double.IsFinite(constant) ? constant : null,
            ["ratio_to_fit"] = new JsonArray([.. ratios.Select(r => double.IsFinite(r) ? (JsonNode?)JsonValue.Create(r) : null)]),
        };
        root["rows"] = JsonSerializer.SerializeToNode(rows, ExperimentJson.TextOptions);
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Writes the selected files into <paramref name="folder"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Write(string folder, GdStepConfig config, IReadOnlyList<GdStepRow> rows, bool csv, bool json)
        => AtomicFile.WriteAll(folder, (CsvFileName, csv, () => Csv(rows)), (JsonFileName, json, () => Json(config, rows)));
}
