using NtkGen.Engines;
using NtkGen.Experiments.Dispersion;
using NtkGen.Theory;
using ScottPlot;

namespace NtkGen.Cli.Output;

/// <summary>
/// The dispersion experiment's figures: R = E[Θ²]/E[Θ]² against λ = L/M in one panel per phase, with the exact
/// finite-M curve (moments engine), the gradient-independence chain at the same M, both models' M → ∞ limits, F(λ) and
/// the ordered limit 1; and Θ(x0, x_r)/Θ(x0, x0) against r with the infinite-width kernel.
/// </summary>
internal static class DispersionPlots
{
    public const string DispersionFileName = "dispersion_vs_lambda.png";
    public const string OffDiagonalFileName = "offdiagonal_ratio.png";

    /// <summary>Writes the figures into <paramref name="folder"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Write(string folder, DispersionConfig config, IReadOnlyList<DispersionRow> rows)
    {
        var written = new List<string>();
        if (rows.Count == 0) return written;
        written.Add(Figure.Save(Path.Combine(folder, DispersionFileName), MeanField.Phases.Select(phase => DispersionPanel(config, rows, phase, Figure.PhaseTitle(phase, config.Activation, config.SigmaB2))).ToList()));
        if (rows.Any(r => r.OffDiagonal.Count > 0))
            written.Add(Figure.Save(Path.Combine(folder, OffDiagonalFileName), MeanField.Phases.Select(phase => OffDiagonalPanel(config, rows, phase, Figure.PhaseTitle(phase, config.Activation, config.SigmaB2))).ToList()));
        return written;
    }

    private static Plot DispersionPanel(DispersionConfig config, IReadOnlyList<DispersionRow> rows, string phase, string title)
    {
        var plot = new Plot();
        var sigmas = rows.Where(r => r.Phase == phase).Select(r => r.SigmaW2).Distinct().Order().ToList();
        var colors = PhaseColors(phase, sigmas.Count);
        double maxLambda = rows.Max(r => r.Lambda), maxDepth = rows.Max(r => r.Depth);
        var phaseRows = rows.Where(r => r.Phase == phase).ToList();
        bool log = phaseRows.Count > 0 && UseLogScale(phaseRows);
        double Y(double value) => log ? Math.Log10(value) : value;
        for (int s = 0; s < sigmas.Count; s++)
        {
            var points = rows.Where(r => r.Phase == phase && r.SigmaW2 == sigmas[s] && double.IsFinite(r.Ratio)).OrderBy(r => r.Lambda).ToList();
            if (points.Count == 0) continue;
            var markers = plot.Add.Markers(points.Select(p => p.Lambda).ToArray(), points.Select(p => Y(p.Ratio)).ToArray(), MarkerShape.FilledCircle, 6, colors[s]);
            markers.LegendText = $"σ_w² = {sigmas[s]:0.###}";
            foreach (var p in points)
            {
                if (p.Samples == 0) continue;
                var interval = plot.Add.Line(p.Lambda, Y(Math.Max(p.RatioCiLow, 1e-12)), p.Lambda, Y(Math.Max(p.RatioCiHigh, 1e-12)));
                interval.Color = colors[s].WithAlpha(0.6);
                interval.LineWidth = 1.5f;
            }
            // The exact value at this finite width, from the moments engine, on every depth up to the largest.
            var spec = points[0];
            var curve = ExactCurve(config, spec.SigmaW2, (int)maxDepth);
            if (curve.Count > 1)
            {
                var line = plot.Add.ScatterLine(curve.Select(c => c.Lambda).ToArray(), curve.Select(c => Y(c.Ratio)).ToArray(), colors[s]);
                line.LinePattern = LinePattern.Dashed;
                line.LineWidth = 1;
                if (s == 0 && phase != MeanField.Ordered)
                {
                    // The gradient-independence model at the same M, for the phase's first σ_w²: what F(λ) approximates.
                    var independent = ExactCurve(config, spec.SigmaW2, (int)maxDepth, ChainModel.GradientIndependence);
                    var gia = plot.Add.ScatterLine(independent.Select(c => c.Lambda).ToArray(), independent.Select(c => Y(c.Ratio)).ToArray(), colors[s]);
                    gia.LinePattern = LinePattern.Dotted;
                    gia.LineWidth = 1;
                    gia.LegendText = $"gradient independence at this M (σ_w² = {sigmas[s]:0.###})";
                }
            }
        }
        // The limits grow like e^{5λ}: drawn while they stay in double range. They are the papers' and ours for one-output
        // ReLU networks; other networks get their samples and, where known, their exact values only.
        var lambdas = Enumerable.Range(1, 100).Select(i => i * maxLambda / 100).Where(l => double.IsFinite(WideDeepLimit.At(l).Weights) && double.IsFinite(DispersionLimits.Chaotic(l))).ToArray();
        bool papers = config.Activation == Activation.ReLU && config.OutputCount == 1;
        if (papers && phase == MeanField.Ordered)
        {
            var one = plot.Add.HorizontalLine(Y(1), 1.5f, Colors.Black, LinePattern.Dotted);
            one.LegendText = "limit 1 (ordered)";
        }
        else if (papers)
        {
            // Both M → ∞ limits from the generator (WideDeepLimit): the real networks' and the gradient-independence model's,
            // whose weights part is the paper's F(λ). In the chaotic phase the weights part dominates; at the edge of chaos
            // with n0 = M and unit inputs the biases part is as large (α0 = 1).
            bool chaotic = phase != MeanField.EdgeOfChaos;
            double Limit(double l, ChainModel model) => chaotic ? WideDeepLimit.At(l, model).Weights : WideDeepLimit.At(l, model).Total(1);
            var limit = plot.Add.ScatterLine(lambdas, lambdas.Select(l => Y(DispersionLimits.Chaotic(l))).ToArray(), Colors.Black);
            limit.LinePattern = LinePattern.Dotted;
            limit.LineWidth = 1.5f;
            limit.LegendText = "F(λ) (paper: gradient-independence limit)";
            if (!chaotic)
            {
                var gia = plot.Add.ScatterLine(lambdas, lambdas.Select(l => Y(Limit(l, ChainModel.GradientIndependence))).ToArray(), Colors.Black);
                gia.LinePattern = LinePattern.DenselyDashed;
                gia.LineWidth = 1;
                gia.LegendText = "gradient-independence limit, α0 = 1";
            }
            var ours = plot.Add.ScatterLine(lambdas, lambdas.Select(l => Y(Limit(l, ChainModel.Exact))).ToArray(), Colors.Gray);
            ours.LinePattern = LinePattern.DenselyDashed;
            ours.LineWidth = 2;
            ours.LegendText = "exact limit M → ∞ (real networks)";
        }
        Figure.Style(plot, title, "λ = L / M", "dispersion E[Θ²]/E[Θ]²  (dashed: exact at this M)");
        if (log) LogTicks(plot);
        return plot;
    }

    /// <summary>Values are plotted as log₁₀ when they span more than a decade, as they are otherwise.</summary>
    private static bool UseLogScale(IReadOnlyList<DispersionRow> rows)
        => rows.Max(r => Math.Max(r.Ratio, r.RatioCiHigh)) > 10;

    private static Plot OffDiagonalPanel(DispersionConfig config, IReadOnlyList<DispersionRow> rows, string phase, string title)
    {
        var plot = new Plot();
        var candidates = rows.Where(r => r.Phase == phase && r.OffDiagonal.Count > 0).ToList();
        if (candidates.Count > 0)
        {
            // One σ_w² per phase: the one nearest the paper's representatives 1.5, 2 and 2.5.
            double target = phase switch { MeanField.Ordered => 1.5, MeanField.EdgeOfChaos => 2.0, _ => 2.5 };
            double sigma = candidates.Select(r => r.SigmaW2).Distinct().OrderBy(s => Math.Abs(s - target)).First();
            var points = candidates.Where(r => r.SigmaW2 == sigma).OrderBy(r => r.Depth).ToList();
            var colormap = new ScottPlot.Colormaps.Viridis();
            for (int i = 0; i < points.Count; i++)
            {
                var row = points[i];
                var color = colormap.GetColor(points.Count == 1 ? 0 : 0.9 * i / (points.Count - 1));
                double[] rs = [1.0, .. row.OffDiagonal.Select(o => o.R)];
                double[] ratio = [1.0, .. row.OffDiagonal.Select(o => o.Ratio)];
                var line = plot.Add.Scatter(rs, ratio, color);
                line.LegendText = $"L = {row.Depth}";
                foreach (var o in row.OffDiagonal)
                {
                    var bar = plot.Add.Line(o.R, o.Ratio - 2 * o.RatioSe, o.R, o.Ratio + 2 * o.RatioSe);
                    bar.Color = color;
                }
                if (row.OffDiagonal.All(o => o.RatioTheory is not null))
                {
                    var theory = plot.Add.ScatterLine(rs, [1.0, .. row.OffDiagonal.Select(o => o.RatioTheory!.Value)], color);
                    theory.LinePattern = LinePattern.Dashed;
                }
            }
            title += $", σ_w² = {sigma:0.###}";
        }
        Figure.Style(plot, title, "input correlation r", "Θ(x₀, x_r) / Θ(x₀, x₀)  (dashed: infinite width)");
        // One entry per depth (13 by default) fills most of the data area, and the curves reach every corner of it: the
        // legend goes beside the data instead.
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    private const int CurvePoints = 200;

    private static List<(double Lambda, double Ratio)> ExactCurve(DispersionConfig config, double sigmaW2, int maxDepth, ChainModel model = ChainModel.Exact)
    {
        // At most CurvePoints depths: each costs O(L), so every depth of a deep grid would take minutes for a smooth line.
        var curve = new List<(double, double)>();
        foreach (int depth in Enumerable.Range(0, CurvePoints + 1).Select(i => 1 + (int)Math.Round(i * (maxDepth - 1.0) / CurvePoints)).Distinct())
        {
            var spec = config.Network(depth, sigmaW2);
            if (ExactDiagonalSampler.WhyNot(spec) is not null) return [];
            double ratio = ExactMoments.Compute(spec, 1, ExactMoments.Part.Total, model).Dispersion;
            // Beyond double range the curve stops: the table and the log10 columns carry those values.
            if (!double.IsFinite(ratio)) break;
            curve.Add(((double)depth / config.Width, ratio));
        }
        return curve;
    }

    private static Color[] PhaseColors(string phase, int count)
    {
        if (phase == MeanField.EdgeOfChaos) return Enumerable.Repeat(Colors.Black, count).ToArray();
        IColormap map = phase == MeanField.Ordered ? new ScottPlot.Colormaps.Blues() : new ScottPlot.Colormaps.Amp();
        return Enumerable.Range(0, count).Select(i => map.GetColor(count == 1 ? 0.3 : (phase == MeanField.Ordered ? 0.05 + 0.5 * i / (count - 1) : 0.4 + 0.55 * i / (count - 1)))).ToArray();
    }

    /// <summary>The y axis holds log₁₀ values: label the ticks with the values themselves.</summary>
    private static void LogTicks(Plot plot)
    {
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            // 10^y itself where double holds it, else written from its exponent (1E+320).
            LabelFormatter = y => Math.Abs(y) < 300 ? Math.Pow(10, y).ToString("G3", System.Globalization.CultureInfo.InvariantCulture)
                : "1E" + (y > 0 ? "+" : "") + y.ToString("0", System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
