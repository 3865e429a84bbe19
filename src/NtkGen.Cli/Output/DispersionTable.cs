using System.Globalization;
using NtkGen.Experiments.Dispersion;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace NtkGen.Cli.Output;

/// <summary>The console table of a dispersion run: one line per grid point.</summary>
internal static class DispersionTable
{
    /// <summary>The results table: one line per grid point.</summary>
    public static void Write(ExperimentConsole console, IReadOnlyList<DispersionRow> rows)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in new[] { "L", "λ", "σ_w²", "phase", "E[Θ]", "exact E[Θ]", "R = E[Θ²]/E[Θ]²", "95% CI", "R exact (M)", "R GIA (M)", "F(λ)", "R weights", "R biases" })
            table.AddColumn(new TableColumn(new Text(column)).RightAligned());
        foreach (var row in rows)
        {
            table.AddRow(new[]
            {
                row.Depth.ToString(CultureInfo.InvariantCulture),
                N(row.Lambda, "0.###"),
                N(row.SigmaW2, "0.###"),
                row.Phase,
                row.Mean is double mean ? G(mean) : $"1e{row.Log10Mean:0.#}",
                row.MeanTheory is double theory ? G(theory) : "–",
                row.Samples == 0 ? G(row.Ratio) : $"{G(row.Ratio)} ± {G(row.RatioSe)}",
                row.Samples == 0 ? "–" : $"[{G(row.RatioCiLow)}, {G(row.RatioCiHigh)}]{(row.CiWide ? " *" : "")}",
                row.RatioExact is double exact ? G(exact) : "–",
                row.RatioGia is double gia ? G(gia) : "–",
                row.RatioFLambda is double limit ? G(limit) : "–",
                G(row.RatioWeights),
                G(row.RatioBiases),
            }.Select(cell => (IRenderable)new Text(cell)));
        }
        console.Write(table);
        if (rows.Any(r => r.CiWide))
            console.Line("* wide interval: Θ is heavy-tailed here and this many samples do not pin R down; use more samples or the exact engines.");
    }

    private static string G(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    private static string N(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
