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
