using System.Globalization;
using System.Text.Json;
using NtkGen.IO;

namespace NtkGen.Experiments.Dispersion;

/// <summary>Writes dispersion results as CSV (one line per grid point, off-diagonal entries as columns) and JSON (<c>{"config", "rows"}</c>).</summary>
public static class DispersionReport
{
    /// <summary>The CSV file name.</summary>
    public const string CsvFileName = "dispersion.csv";

    /// <summary>The JSON file name.</summary>
    public const string JsonFileName = "dispersion.json";

    /// <summary>The rows as CSV text with a header line; numbers in shortest round-trip form.</summary>
    public static string Csv(IReadOnlyList<DispersionRow> rows)
        => ResultCsv.Write(rows, (row, cells) =>
        {
            cells.Add("depth", row.Depth).Add("width", row.Width).Add("n0", row.N0).Add("lambda", row.Lambda)
                .Add("sigma_w2", row.SigmaW2).Add("sigma_b2", row.SigmaB2).Add("phase", row.Phase).Add("engine", row.Engine).Add("samples", row.Samples)
                .Add("mean", row.Mean).Add("log10_mean", row.Log10Mean).Add("mean_se", row.MeanSe).Add("mean_theory", row.MeanTheory)
                .Add("ratio", row.Ratio).Add("log10_ratio", row.Log10Ratio).Add("ratio_se", row.RatioSe).Add("ratio_ci_low", row.RatioCiLow).Add("ratio_ci_high", row.RatioCiHigh)
                .Add("ci_wide", row.CiWide)
                .Add("tail_k", row.TailK).Add("tail_k_threshold", row.TailKThreshold).Add("tail_heavy", row.TailHeavy).Add("samples_needed", row.SamplesNeeded).Add("ratio_weights", row.RatioWeights).Add("ratio_biases", row.RatioBiases)
                .Add("ratio_exact", row.RatioExact).Add("log10_ratio_exact", row.Log10RatioExact).Add("ratio_gia", row.RatioGia).Add("ratio_f_lambda", row.RatioFLambda)
                .Add("ratio_hanin_nica", row.RatioHaninNica).Add("kernel", row.Kernel);
            foreach (var off in row.OffDiagonal)
            {
                string r = "_r" + off.R.ToString("0.0##", CultureInfo.InvariantCulture);
                cells.Add("offdiag_ratio" + r, off.Ratio).Add("offdiag_ratio_se" + r, off.RatioSe).Add("offdiag_dispersion" + r, off.Dispersion)
                    .Add("offdiag_dispersion_se" + r, off.DispersionSe).Add("offdiag_ratio_theory" + r, off.RatioTheory)
                    .Add("offdiag_tail_k" + r, off.TailK).Add("offdiag_tail_heavy" + r, off.TailHeavy);
            }
        });

    /// <summary><c>{"config": …, "fingerprint": …, "rows": […]}</c>.</summary>
    public static string Json(DispersionConfig config, IReadOnlyList<DispersionRow> rows)
    {
        var root = ExperimentJson.Report(config);
        root["rows"] = JsonSerializer.SerializeToNode(rows, ExperimentJson.TextOptions);
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Writes the CSV and/or JSON file into <paramref name="folder"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Write(string folder, DispersionConfig config, IReadOnlyList<DispersionRow> rows, bool csv = true, bool json = true)
        => AtomicFile.WriteAll(folder, (CsvFileName, csv, () => Csv(rows)), (JsonFileName, json, () => Json(config, rows)));
}
