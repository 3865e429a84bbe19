using NtkGen.Experiments.Dispersion;
using static NtkGen.Cli.Output.ResultTable;

namespace NtkGen.Cli.Output;

/// <summary>The console table of a dispersion run: one line per grid point.</summary>
internal static class DispersionTable
{
    private static readonly string[] Columns =
        ["L", "λ", "σ_w²", "phase", "E[Θ]", "exact E[Θ]", "R = E[Θ²]/E[Θ]²", "95% CI", "tail k̂", "R exact (M)", "R GIA (M)", "F(λ)", "R weights", "R biases"];

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
            row.TailK is double k ? Two(k) + (row.TailHeavy ? " !" : "") : "–",
            row.RatioExact is double exact ? Large(exact, row.Log10RatioExact!.Value) : "–",
            row.RatioGia is double gia ? G(gia) : "–",
            row.RatioFLambda is double limit ? G(limit) : "–",
            G(row.RatioWeights), G(row.RatioBiases),
        ]);
        if (rows.Any(r => r.CiWide))
            console.Line("* wide interval: Θ is heavy-tailed here and this many samples do not pin R down; use more samples or the exact engines.");
        var heavy = rows.Where(r => r.TailHeavy).ToList();
        if (heavy.Count > 0)
        {
            console.Line("! heavy tail: the Pareto k̂ of the largest Θ² values is above 1 − 1/log₁₀(samples), so R is not reliable at this sample count:");
            foreach (var row in heavy)
                console.Line($"  L = {I(row.Depth)}, σ_w² = {N(row.SigmaW2)}: k̂ = {Two(row.TailK!.Value)} > {Two(row.TailKThreshold!.Value)} at {I(row.Samples)} samples; {Needed(row.SamplesNeeded)}");
        }
        var offHeavy = rows.Where(r => r.OffDiagonal.Any(o => o.TailHeavy)).ToList();
        if (offHeavy.Count > 0)
        {
            console.Line($"! heavy tail in the off-diagonal dispersions E[Θ(x0, x_r)²]/E[Θ(x0, x_r)]² (offdiag_tail_k_r… in the CSV) at {offHeavy.Count} of {rows.Count} points:");
            foreach (var row in offHeavy)
                console.Line($"  L = {I(row.Depth)}, σ_w² = {N(row.SigmaW2)}: r = {string.Join(", ", row.OffDiagonal.Where(o => o.TailHeavy).Select(o => N(o.R)))}");
        }
    }
}
