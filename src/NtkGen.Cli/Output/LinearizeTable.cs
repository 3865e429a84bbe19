using NtkGen.Experiments.Linearize;
using static NtkGen.Cli.Output.ResultTable;

namespace NtkGen.Cli.Output;

/// <summary>The console table of a linearization run.</summary>
internal static class LinearizeTable
{
    private static readonly string[] Columns =
    [
        "L", "λ", "σ_w²", "phase", "t", "Var f: trained", "linearized", "theory", "trained vs theory: mean z rms (max), variance z",
        "test loss: trained", "linearized", "theory", "‖trained − lin‖", "diverged",
    ];

    public static void Write(ExperimentConsole console, IReadOnlyList<LinearizeRow> rows)
    {
        ResultTable.Write(console, Columns, rows, r =>
        [
            I(r.Depth), N(r.Lambda), N(r.SigmaW2), r.Phase, r.Step is int t ? I(t) : "∞",
            r.TrainedVariance is double v ? $"{G(v)} ± {G(r.TrainedVarianceSe!.Value)}" : "–",
            $"{G(r.LinearizedVariance)} ± {G(r.LinearizedVarianceSe)}", G(r.TheoryVariance),
            r.TrainedMeanRmsZ is double z ? $"{Two(z)} ({Two(r.TrainedMeanMaxZ!.Value)}), {Two(r.TrainedVarianceZ!.Value)}" : "–",
            r.TrainedLoss is double loss ? $"{G(loss)} ± {G(r.TrainedLossSe!.Value)}" : "–",
            $"{G(r.LinearizedLoss)} ± {G(r.LinearizedLossSe)}", G(r.TheoryLoss),
            r.Distance is double d ? $"{G(d)} ± {G(r.DistanceSe!.Value)}" : "–", I(r.Diverged),
        ]);
        console.Line("Var f: the output's variance over initializations, averaged over the test inputs (± a bounding error). Trained vs theory: the trained ensemble's mean at each test input against the theory's, in its standard errors, root mean square over the inputs (about 1 where the theory holds) and largest; the averaged variance against the theory's in its error.");
        long diverged = rows.GroupBy(r => (r.Depth, r.SigmaW2)).Sum(g => g.First().Diverged);
        if (diverged > 0) console.Line($"! {diverged} network{(diverged == 1 ? "" : "s")} diverged (training or linearization) and {(diverged == 1 ? "is" : "are")} left out: the rate is above their own kernel's critical rate.");
    }
}
