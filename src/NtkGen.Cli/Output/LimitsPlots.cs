using NtkGen.Engines;
using NtkGen.Theory;
using ScottPlot;

namespace NtkGen.Cli.Output;

/// <summary><c>ntkgen limits --figure</c>: the edge-of-chaos term g(λ, α0) against λ, real networks (solid) and the gradient-independence model (dashed).</summary>
internal static class LimitsPlots
{
    public static string WriteEdgeOfChaosTerm(string path, IReadOnlyList<double> alphas)
    {
        var lambdas = Enumerable.Range(1, 100).Select(i => i / 100.0).ToArray();
        var plot = new Plot();
        var colormap = new ScottPlot.Colormaps.Viridis();
        for (int a = 0; a < alphas.Count; a++)
        {
            var color = colormap.GetColor(alphas.Count == 1 ? 0.3 : 0.85 * a / (alphas.Count - 1));
            double alpha = alphas[a];
            var exact = plot.Add.ScatterLine(lambdas, lambdas.Select(l => Math.Log10(WideDeepLimit.At(l).G(alpha))).ToArray(), color);
            exact.LineWidth = 2;
            exact.LegendText = $"α0 = {alpha:0.###}, exact";
            var independent = plot.Add.ScatterLine(lambdas, lambdas.Select(l => Math.Log10(WideDeepLimit.At(l, ChainModel.GradientIndependence).G(alpha))).ToArray(), color);
            independent.LinePattern = LinePattern.Dashed;
            independent.LineWidth = 1.5f;
            independent.LegendText = $"α0 = {alpha:0.###}, gradient independence";
        }
        Figure.Style(plot, "edge of chaos: g(λ, α0) = 2α0 C + α0² R_b, M → ∞", "λ = L / M", "g(λ, α0)");
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => Math.Pow(10, y).ToString(y >= 0 ? "#,0" : "G3", System.Globalization.CultureInfo.InvariantCulture),
        };
        // Two entries per α0 fill the data area, and the curves span it: the legend goes beside the data.
        plot.ShowLegend(Edge.Right);
        return Figure.Save(path, [plot], panelWidth: 800);
    }
}
