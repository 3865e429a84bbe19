using NtkGen.Experiments.GdStep;
using NtkGen.Theory;
using ScottPlot;

namespace NtkGen.Cli.Output;

/// <summary>
/// The first-step figures: −E[ΔΘ/η]/E[Θ]² (and the median of −ΔΘ/(ηΘ²)) against λ, one panel per phase; in NTK
/// parametrization also E[ΔΘ/η]/E[Θ] against depth beside Hanin &amp; Nica's growth with its fitted constant.
/// </summary>
internal static class GdStepPlots
{
    public const string ChangeFileName = "gd_step_vs_lambda.png";
    public const string HaninNicaFileName = "gd_step_hanin_nica.png";

    public static IReadOnlyList<string> Write(string folder, GdStepConfig config, IReadOnlyList<GdStepRow> rows)
    {
        var written = new List<string>();
        if (rows.Count == 0) return written;
        var panels = MeanField.Phases.Select(phase => Panel(rows.Where(r => r.Phase == phase).ToList(), Figure.ReluPhaseTitle(phase))).ToList();
        written.Add(Figure.Save(Path.Combine(folder, ChangeFileName), panels));
        if (config.Parametrization == Parametrization.Ntk) written.Add(Figure.Save(Path.Combine(folder, HaninNicaFileName), [HaninNica(rows)]));
        return written;
    }

    private static Plot Panel(List<GdStepRow> rows, string title)
    {
        var plot = new Plot();
        var sigmas = rows.Select(r => r.SigmaW2).Distinct().Order().ToList();
        var palette = new ScottPlot.Palettes.Category10();
        for (int s = 0; s < sigmas.Count; s++)
        {
            var points = rows.Where(r => r.SigmaW2 == sigmas[s]).OrderBy(r => r.Lambda).ToList();
            var color = palette.GetColor(s);
            var mean = plot.Add.Scatter(points.Select(p => p.Lambda).ToArray(), points.Select(p => -p.MeanRelativeChange).ToArray(), color);
            mean.LegendText = $"σ_w² = {sigmas[s]:0.###}: −E[ΔΘ/η]/E[Θ]²";
            foreach (var p in points)
            {
                var bar = plot.Add.Line(p.Lambda, -p.MeanRelativeChange - 2 * p.MeanRelativeChangeSe, p.Lambda, -p.MeanRelativeChange + 2 * p.MeanRelativeChangeSe);
                bar.Color = color;
            }
            var median = plot.Add.Scatter(points.Select(p => p.Lambda).ToArray(), points.Select(p => -p.MedianRelativeChange).ToArray(), color);
            median.LinePattern = LinePattern.Dotted;
            median.MarkerShape = MarkerShape.OpenCircle;
            median.LegendText = $"σ_w² = {sigmas[s]:0.###}: median −ΔΘ/(ηΘ²)";
        }
        plot.Add.HorizontalLine(0, 1, Colors.Gray, LinePattern.Dotted);
        Figure.Style(plot, title, "λ = L / M", "−(relative NTK change per unit step)  (bars: ±2 SE)");
        return plot;
    }

    private static Plot HaninNica(IReadOnlyList<GdStepRow> rows)
    {
        var plot = new Plot();
        var eoc = rows.Where(r => r.SigmaW2 == 2.0).OrderBy(r => r.Depth).ToList();
        if (eoc.Count == 0) eoc = rows.OrderBy(r => r.Depth).ToList();
        var (constant, _) = GdStepAggregator.HaninNicaFit(eoc);
        double[] depths = eoc.Select(r => (double)r.Depth).ToArray();
        var observed = plot.Add.Scatter(depths, eoc.Select(r => -r.ChangeOverMeanTheta).ToArray(), Colors.Black);
        observed.LegendText = "−E[ΔΘ/η]/E[Θ] (NTK parametrization)";
        foreach (var r in eoc) plot.Add.Line(r.Depth, -r.ChangeOverMeanTheta - 2 * r.ChangeOverMeanThetaSe, r.Depth, -r.ChangeOverMeanTheta + 2 * r.ChangeOverMeanThetaSe).Color = Colors.Black;
        if (double.IsFinite(constant))
        {
            var fit = plot.Add.ScatterLine(depths, eoc.Select(r => -constant * r.HaninNicaPrediction).ToArray(), Colors.Red);
            fit.LinePattern = LinePattern.Dashed;
            fit.LegendText = $"Hanin–Nica C·(dβ/n0)·e^(5β), C = {constant:G3} fitted";
        }
        Figure.Style(plot, $"Hanin–Nica comparison, σ_w² = {eoc[0].SigmaW2:0.###}, n = {eoc[0].Width}, n0 = {eoc[0].N0}", "depth L (= Hanin–Nica d; β = (L − 1)/n)", "−E[ΔΘ/η]/E[Θ]");
        return plot;
    }
}
