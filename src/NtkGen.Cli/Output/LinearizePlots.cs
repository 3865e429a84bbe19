using NtkGen.Experiments.Linearize;
using NtkGen.Theory;
using ScottPlot;

namespace NtkGen.Cli.Output;

/// <summary>
/// The linearization figures, one panel per phase at the last step: the output's variance over initializations against
/// depth for the trained networks, their linearizations and the infinite-width theory; and the test loss of each.
/// </summary>
internal static class LinearizePlots
{
    public const string VarianceFileName = "linearize_variance.png";
    public const string LossFileName = "linearize_loss.png";

    public static IReadOnlyList<string> Write(string folder, LinearizeConfig config, IReadOnlyList<LinearizeRow> rows)
    {
        if (rows.Count == 0) return [];
        int last = rows.Where(r => r.Step is not null).Max(r => r.Step!.Value);
        var final = rows.Where(r => r.Step == last).ToList();
        string when = $"after {last} steps";
        return
        [
            Figure.Save(Path.Combine(folder, VarianceFileName), [.. MeanField.Phases.Select(phase => Panel(final.Where(r => r.Phase == phase).ToList(), $"{Figure.PhaseTitle(phase, config.Activation, config.SigmaB2)}, {when}", "log₁₀ Var f(x) over initializations (mean over test inputs, ±2 SE)",
                r => (r.TrainedVariance!.Value, r.TrainedVarianceSe!.Value), r => (r.LinearizedVariance, r.LinearizedVarianceSe), r => r.TheoryVariance))]),
            Figure.Save(Path.Combine(folder, LossFileName), [.. MeanField.Phases.Select(phase => Panel(final.Where(r => r.Phase == phase).ToList(), $"{Figure.PhaseTitle(phase, config.Activation, config.SigmaB2)}, {when}", "log₁₀ test loss mean (f(x) − y)² (±2 SE)",
                r => (r.TrainedLoss!.Value, r.TrainedLossSe!.Value), r => (r.LinearizedLoss, r.LinearizedLossSe), r => r.TheoryLoss))]),
        ];
    }

    private static Plot Panel(List<LinearizeRow> rows, string title, string yLabel, Func<LinearizeRow, (double, double)> trained,
        Func<LinearizeRow, (double, double)> linearized, Func<LinearizeRow, double> theory)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var sigmas = rows.Select(r => r.SigmaW2).Distinct().Order().ToList();
        for (int s = 0; s < sigmas.Count; s++)
        {
            var points = rows.Where(r => r.SigmaW2 == sigmas[s]).OrderBy(r => r.Depth).ToList();
            double[] depths = [.. points.Select(p => (double)p.Depth)];
            var color = palette.GetColor(s);
            Series(plot, depths, [.. points.Select(trained)], color, LinePattern.Solid, MarkerShape.FilledCircle, $"σ_w² = {sigmas[s]:0.###}: trained");
            Series(plot, depths, [.. points.Select(linearized)], color, LinePattern.Dashed, MarkerShape.OpenCircle, $"σ_w² = {sigmas[s]:0.###}: linearized");
            var line = plot.Add.ScatterLine(depths, [.. points.Select(p => Math.Log10(theory(p)))], color);
            line.LinePattern = LinePattern.Dotted;
            line.LegendText = $"σ_w² = {sigmas[s]:0.###}: infinite-width theory";
        }
        Figure.Style(plot, title, "depth L", yLabel);
        return plot;
    }

    private static void Series(Plot plot, double[] depths, (double Value, double Se)[] values, Color color, LinePattern pattern, MarkerShape marker, string legend)
    {
        var series = plot.Add.Scatter(depths, [.. values.Select(v => Math.Log10(v.Value))], color);
        series.LinePattern = pattern;
        series.MarkerShape = marker;
        series.LegendText = legend;
        // A bar reaching zero or below is cut at a hundredth of the value: the axis is logarithmic.
        for (int i = 0; i < depths.Length; i++)
        {
            var (v, se) = values[i];
            plot.Add.Line(depths[i], Math.Log10(Math.Max(v - 2 * se, v / 100)), depths[i], Math.Log10(v + 2 * se)).Color = color;
        }
    }
}
