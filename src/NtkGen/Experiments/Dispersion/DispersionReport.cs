using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NtkGen.Experiments.Dispersion;

/// <summary>Writes dispersion results as CSV (one line per grid point, off-diagonal entries as columns) and JSON (<c>{"config", "rows"}</c>).</summary>
public static class DispersionReport
{
    /// <summary>The CSV file name.</summary>
    public const string CsvFileName = "dispersion.csv";

    /// <summary>The JSON file name.</summary>
    public const string JsonFileName = "dispersion.json";

    private static readonly string[] Columns =
    [
        "depth", "width", "n0", "lambda", "sigma_w2", "sigma_b2", "phase", "engine", "samples",
        "mean", "log10_mean", "mean_se", "mean_theory",
        "ratio", "ratio_se", "ratio_ci_low", "ratio_ci_high", "ci_wide", "ratio_weights", "ratio_biases",
        "ratio_exact", "ratio_gia", "ratio_f_lambda", "ratio_hanin_nica", "kernel",
    ];

    /// <summary>The rows as CSV text with a header line; numbers in shortest round-trip form.</summary>
    public static string Csv(IReadOnlyList<DispersionRow> rows)
    {
        var correlations = rows.FirstOrDefault()?.OffDiagonal.Select(o => o.R).ToList() ?? [];
        var header = new List<string>(Columns);
        foreach (double r in correlations)
        {
            string suffix = "_r" + r.ToString("0.0##", CultureInfo.InvariantCulture);
            header.AddRange(["offdiag_ratio" + suffix, "offdiag_ratio_se" + suffix, "offdiag_dispersion" + suffix, "offdiag_dispersion_se" + suffix, "offdiag_ratio_theory" + suffix]);
        }
        var text = new StringBuilder().AppendLine(string.Join(',', header));
        foreach (var row in rows)
        {
            var cells = new List<string>
            {
                F(row.Depth), F(row.Width), F(row.N0), F(row.Lambda), F(row.SigmaW2), F(row.SigmaB2), row.Phase, row.Engine, F(row.Samples),
                F(row.Mean), F(row.Log10Mean), F(row.MeanSe), F(row.MeanTheory),
                F(row.Ratio), F(row.RatioSe), F(row.RatioCiLow), F(row.RatioCiHigh), row.CiWide ? "true" : "false", F(row.RatioWeights), F(row.RatioBiases),
                F(row.RatioExact), F(row.RatioGia), F(row.RatioFLambda), F(row.RatioHaninNica), Quote(row.Kernel),
            };
            foreach (var off in row.OffDiagonal)
                cells.AddRange([F(off.Ratio), F(off.RatioSe), F(off.Dispersion), F(off.DispersionSe), F(off.RatioTheory)]);
            text.AppendLine(string.Join(',', cells));
        }
        return text.ToString();
    }

    /// <summary><c>{"config": …, "fingerprint": …, "rows": […]}</c>.</summary>
    public static string Json(DispersionConfig config, IReadOnlyList<DispersionRow> rows)
    {
        var root = new JsonObject
        {
            ["config"] = JsonSerializer.SerializeToNode(config, DispersionConfig.JsonOptions),
            ["fingerprint"] = config.Fingerprint(),
            ["rows"] = JsonSerializer.SerializeToNode(rows, RowOptions),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Writes the CSV and/or JSON file into <paramref name="folder"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Write(string folder, DispersionConfig config, IReadOnlyList<DispersionRow> rows, bool csv = true, bool json = true)
    {
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        if (csv) written.Add(WriteAtomically(Path.Combine(folder, CsvFileName), Csv(rows)));
        if (json) written.Add(WriteAtomically(Path.Combine(folder, JsonFileName), Json(config, rows)));
        return written;
    }

    /// <summary>Writes through a temporary file and a rename, so a reader never sees half a file.</summary>
    public static string WriteAtomically(string path, string content)
    {
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    private static readonly JsonSerializerOptions RowOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string F(double? value) => value is double v ? F(v) : "";

    private static string F(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string text) => "\"" + text.Replace("\"", "\"\"") + "\"";
}
