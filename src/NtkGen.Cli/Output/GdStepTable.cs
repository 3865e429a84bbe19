using NtkGen.Experiments.GdStep;
using static NtkGen.Cli.Output.ResultTable;

namespace NtkGen.Cli.Output;

/// <summary>The console table of a first-step run, and the Hanin–Nica comparison line.</summary>
internal static class GdStepTable
{
    private static readonly string[] Columns =
    [
        "L", "λ", "σ_w²", "phase", "E[Θ]", "E[ΔΘ/η]/E[Θ]²", "median ΔΘ/(ηΘ²)", "ΔΘ<0", "E|ΔΘ|/(ηΘ²)", "real step: median, agree", "E[ΔΘ/η]/E[Θ]",
        "H–N (dβ/n0)e^{5β}", "‖ΔΘ(X,X)‖/‖Θ‖",
    ];

    private static string K(double? k) => k is double value ? Two(value) : "–";

    public static void Write(ExperimentConsole console, IReadOnlyList<GdStepRow> rows)
    {
        ResultTable.Write(console, Columns, rows, r =>
        [
            I(r.Depth), N(r.Lambda), N(r.SigmaW2), r.Phase, G(r.MeanTheta),
            $"{G(r.MeanRelativeChange)} ± {G(r.MeanRelativeChangeSe)}", G(r.MedianRelativeChange), P(r.FractionNegative, 0),
            G(r.MeanAbsRelativeChange), $"{G(r.FiniteStepMedianRelativeChange)}, {P(r.RealStepAgreement)}",
            $"{G(r.ChangeOverMeanTheta)} ± {G(r.ChangeOverMeanThetaSe)}", r.HaninNicaPrediction is double prediction ? G(prediction) : "–",
            r.MatrixRelativeChange is double m ? G(m) : "–",
        ]);
        console.Line("real step: median ΔΘ/(ηΘ²) after a real step of η = eta/Θ (compare with the first-order median), and the share of networks where the two agree within 0.1% (with a piecewise-linear activation the rest had a unit cross its kink).");
        var heavy = rows.Where(r => r.TailHeavy).ToList();
        if (heavy.Count > 0)
        {
            console.Line($"! heavy tail at {heavy.Count} of {rows.Count} points: a Pareto k̂ of the largest squares of ΔΘ/η, Θ or ΔΘ/(ηΘ²) is above 1 − 1/log₁₀(samples), so these means and their errors are not reliable at this sample count:");
            foreach (var row in heavy)
                console.Line($"  L = {I(row.Depth)}, σ_w² = {N(row.SigmaW2)}: k̂ {K(row.TailKChange)} (ΔΘ/η), {K(row.TailKTheta)} (Θ), {K(row.TailKNormalized)} (ΔΘ/(ηΘ²)) against {Two(row.TailKThreshold!.Value)} at {I(row.Samples)} samples; {Needed(row.SamplesNeeded)}");
        }
        var (constant, ratios) = GdStepAggregator.HaninNicaFit(rows);
        if (rows.Count > 0 && rows[0].Parametrization == "ntk" && double.IsFinite(constant))
        {
            // Their Theorem bounds the ratio above and below by universal constants: what can be compared is whether
            // observed/prediction stays in a band, not its value.
            console.Line($"Hanin–Nica: E[ΔΘ/η]/E[Θ] ≃ (dβ/n0)·e^(5β), d = L, β = (L − 1)/n, up to universal constants; fitted C = {G(constant)}; observed/(C·prediction) per row: "
                + string.Join(", ", ratios.Select(G)) + $" (a band of ×{G(ratios.Max() / ratios.Min())} over L = {rows.Min(r => r.Depth)}…{rows.Max(r => r.Depth)})");
        }
    }
}
