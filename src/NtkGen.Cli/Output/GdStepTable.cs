using NtkGen.Experiments.GdStep;
using static NtkGen.Cli.Output.ResultTable;

namespace NtkGen.Cli.Output;

/// <summary>The console table of a first-step run, and the Hanin–Nica comparison line.</summary>
internal static class GdStepTable
{
    private static readonly string[] Columns =
    [
        "L", "λ", "σ_w²", "phase", "E[Θ]", "E[ΔΘ/η]/E[Θ]²", "median ΔΘ/(ηΘ²)", "ΔΘ<0", "E|ΔΘ|/(ηΘ²)", "real step: median, agree", "E[ΔΘ/η]/E[Θ]",
        "H–N d²/(n n0)e^{5d/n}", "‖ΔΘ(X,X)‖/‖Θ‖",
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
            console.Line($"Hanin–Nica: E[ΔΘ/η]/E[Θ] ≈ C·d²/(n n0)·e^(5d/n) with fitted C = {G(constant)} (constant not given by the paper); observed/fit per row: "
                + string.Join(", ", ratios.Select(G)));
    }
}
