using NtkGen.Experiments.Dispersion;
using static NtkGen.Cli.Output.ResultTable;

namespace NtkGen.Cli.Output;

/// <summary>The console table of a dispersion run: one line per grid point.</summary>
internal static class DispersionTable
{
    private static readonly string[] Columns =
        ["L", "λ", "σ_w²", "phase", "E[Θ]", "exact E[Θ]", "R = E[Θ²]/E[Θ]²", "95% CI", "R exact (M)", "R GIA (M)", "F(λ)", "R weights", "R biases"];

    // A value beyond double range by its logarithm, e.g. 1e899.4.
    private static string Large(double? value, double log10) => value is double v && double.IsFinite(v) ? G(v) : $"1e{N(log10)}";

    /// <summary>The results table: one line per grid point.</summary>
    public static void Write(ExperimentConsole console, IReadOnlyList<DispersionRow> rows)
    {
        ResultTable.Write(console, Columns, rows, row =>
        [
            I(row.Depth), N(row.Lambda), N(row.SigmaW2), row.Phase,
            Large(row.Mean, row.Log10Mean),
            row.MeanTheory is double theory ? G(theory) : "–",
            row.Samples == 0 ? Large(row.Ratio, row.Log10Ratio) : $"{Large(row.Ratio, row.Log10Ratio)} ± {G(row.RatioSe)}",
            row.Samples == 0 ? "–" : $"[{G(row.RatioCiLow)}, {G(row.RatioCiHigh)}]{(row.CiWide ? " *" : "")}",
            row.RatioExact is double exact ? Large(exact, row.Log10RatioExact!.Value) : "–",
            row.RatioGia is double gia ? G(gia) : "–",
            row.RatioFLambda is double limit ? G(limit) : "–",
            G(row.RatioWeights), G(row.RatioBiases),
        ]);
        if (rows.Any(r => r.CiWide))
            console.Line("* wide interval: Θ is heavy-tailed here and this many samples do not pin R down; use more samples or the exact engines.");
    }
}
