using NtkGen.Training;
using ScottPlot;

namespace NtkGen.Cli.Output;

/// <summary>
/// The training figures, after the authors' Figure 4: the class-block ratios Θ_c/Θ_d and Θ_n/Θ_d, the relative and shape
/// change of the kernel (the latter also off the diagonal), the diagonal's share of the kernel and the biases' share of its
/// trace over training per σ_w²; NTK heatmaps on the class-sorted subset at four times; and the loss curves.
/// </summary>
internal static class TrainingPlots
{
    public const string RatiosFileName = "train_block_ratios.png";
    public const string HeatmapsFileName = "train_heatmaps.png";
    public const string LossFileName = "train_loss.png";

    public static IReadOnlyList<string> Write(string folder, TrainingConfig config, IReadOnlyList<TrainingRecord> records, IReadOnlyDictionary<double, TrainingRun> runsBySigma)
    {
        var bySigma = records.GroupBy(r => r.SigmaW2).OrderBy(g => g.Key).ToList();
        string Label(double sigmaW2, bool brief = false) => runsBySigma[sigmaW2].Label(sigmaW2, config, brief);
        var palette = new ScottPlot.Palettes.Category10();
        var panels = new List<Plot>();
        // Each series may have a dashed companion in the same colours.
        var series = new List<(string Title, string Axis, Func<TrainingRecord, double> Value, Func<TrainingRecord, double>? Dashed)>
        {
            // The authors' Θ̄_c keeps the diagonal inside the blocks: dashed, so their curves can be compared with ours.
            ("within-class Θ_c / Θ_d (dashed: diagonal included, as the authors)", "ratio", r => r.Kernel.SameClassRatio, r => r.Kernel.SameClassBlockRatio),
            ("between-class block Θ_n / Θ_d", "ratio", r => r.Kernel.OtherClassRatio, null),
            ("kernel change ‖Θ_t − Θ_0‖_F / ‖Θ_0‖_F", "change", r => r.Kernel.RelativeChange, null),
            // Dashed: how much of the change of shape is left when the diagonal is set aside.
            ("shape change ‖Θ_t/‖Θ_t‖ − Θ_0/‖Θ_0‖‖_F (dashed: off the diagonal)", "change", r => r.Kernel.ShapeChange, r => r.Kernel.OffDiagonalShapeChange),
            ("diagonal's share of ‖Θ‖²_F", "share", r => r.Kernel.DiagonalShare, null),
            ("share of Θ's trace from the biases (the rest: weights)", "share", r => r.BiasShare, null),
        };
        foreach (var (title, axis, value, dashed) in series)
        {
            bool isRatio = axis == "ratio";
            var plot = new Plot();
            for (int s = 0; s < bySigma.Count; s++)
            {
                var runs = bySigma[s].OrderBy(r => r.Step).ToList();
                var line = plot.Add.Scatter(runs.Select(r => (double)r.Step).ToArray(), runs.Select(value).ToArray(), palette.GetColor(s));
                line.LegendText = Label(bySigma[s].Key);
                if (dashed is null) continue;
                var companion = plot.Add.Scatter(runs.Select(r => (double)r.Step).ToArray(), runs.Select(dashed).ToArray(), palette.GetColor(s));
                companion.LinePattern = LinePattern.Dashed;
                companion.MarkerSize = 0;
            }
            Figure.Style(plot, title, "training step", axis);
            // Shares lie in [0, 1]: a fixed axis, so that panels of different runs compare.
            (double Low, double High)? yLimits = isRatio ? RatioAxis(plot) : axis == "share" ? (-0.02, 1.02) : null;
            if (yLimits is var (low, high)) plot.Axes.SetLimitsY(low, high);
            if (title.StartsWith("kernel change", StringComparison.Ordinal)) LogScale(plot);
            Figure.PlaceLegend(plot, yLimits);
            panels.Add(plot);
        }
        var written = new List<string> { Figure.SaveGrid(Path.Combine(folder, RatiosFileName), panels, rows: 2) };

        // Heatmaps at four times: initialization and the records nearest 1/30, 1/6 and 2/3 of training (the paper's 0, 100, 500, 2000 of 3000).
        var steps = records.Select(r => r.Step).Distinct().Order().ToList();
        int[] times = [.. new[] { 0.0, 1.0 / 30, 1.0 / 6, 2.0 / 3 }.Select(f => steps.OrderBy(s => Math.Abs(s - f * config.Steps)).First()).Distinct()];
        var heatmaps = new List<Plot>();
        foreach (var group in bySigma)
        {
            foreach (int time in times)
            {
                var record = group.First(r => r.Step == time);
                int n = (int)Math.Round(Math.Sqrt(record.Theta.Length));
                // Each panel on its own log scale, from its smallest to its largest entry, as in the authors' figure: the
                // structure shows whatever the kernel's scale. The few entries ≤ 0 a trained kernel can have (which their
                // log scale leaves blank) are drawn at the smallest positive entry, and counted in the title.
                var positive = record.Theta.Where(v => v > 0).ToList();
                bool logScale = positive.Count > 0;
                double floor = logScale ? positive.Min() : 0;
                int clipped = record.Theta.Length - positive.Count;
                var intensities = new double[n, n];
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++) intensities[i, j] = logScale ? Math.Log10(Math.Max(record.Theta[i * n + j], floor)) : record.Theta[i * n + j];
                var plot = new Plot();
                var heatmap = plot.Add.Heatmap(intensities);
                heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
                plot.Add.ColorBar(heatmap);
                string scale = logScale ? "log₁₀ Θ" + (clipped > 0 ? $" ({clipped} ≤ 0 floored)" : "") : "Θ";
                plot.Title($"{Label(group.Key, brief: true)}, step {time}: {scale}", 11);
                plot.XLabel("digits sorted 0 … 9", 10);
                plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.EmptyTickGenerator();
                plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.EmptyTickGenerator();
                heatmaps.Add(plot);
            }
        }
        written.Add(Figure.SaveGrid(Path.Combine(folder, HeatmapsFileName), heatmaps, rows: bySigma.Count, panelWidth: 360, panelHeight: 330));

        var loss = new Plot();
        for (int s = 0; s < bySigma.Count; s++)
        {
            var runs = bySigma[s].OrderBy(r => r.Step).ToList();
            var steps1 = new List<double>();
            var values = new List<double>();
            foreach (var r in runs)
            {
                // StepLosses holds the losses of steps previous+1 … r.Step.
                for (int i = 0; i < r.StepLosses.Length; i++)
                {
                    steps1.Add(r.Step - r.StepLosses.Length + 1 + i);
                    values.Add(Math.Log10(r.StepLosses[i]));
                }
            }
            var train = loss.Add.ScatterLine(steps1.ToArray(), values.ToArray(), palette.GetColor(s));
            train.LegendText = $"train, {Label(bySigma[s].Key)}";
            var test = loss.Add.Scatter(runs.Select(r => (double)r.Step).ToArray(), runs.Select(r => Math.Log10(r.TestLoss)).ToArray(), palette.GetColor(s));
            test.LinePattern = LinePattern.Dashed;
            test.LegendText = $"test, {Label(bySigma[s].Key)}";
        }
        Figure.Style(loss, "square loss (1/N) Σ ½‖y − f(x)‖²", "training step", "log₁₀ loss");
        Figure.PlaceLegend(loss, panelWidth: 800);
        written.Add(Figure.Save(Path.Combine(folder, LossFileName), [loss], panelWidth: 800));
        return written;
    }

    /// <summary>The authors' ratio axis, 0.1 … 1.3, widened when a ratio falls outside.</summary>
    private static (double Low, double High) RatioAxis(Plot plot)
    {
        var ys = plot.GetPlottables<ScottPlot.Plottables.Scatter>().SelectMany(p => p.Data.GetScatterPoints().Select(point => point.Y)).ToList();
        return (Math.Min(0.1, ys.Min() - 0.05), Math.Max(1.3, ys.Max() + 0.3));
    }

    /// <summary>The relative change spans decades between phases: log₁₀ axis with labels of the values.</summary>
    private static void LogScale(Plot plot)
    {
        foreach (var scatter in plot.GetPlottables<ScottPlot.Plottables.Scatter>().ToList())
        {
            var points = scatter.Data.GetScatterPoints();
            var xs = points.Select(p => p.X).Where((_, i) => points[i].Y > 0).ToArray();
            var ys = points.Where(p => p.Y > 0).Select(p => Math.Log10(p.Y)).ToArray();
            var replacement = plot.Add.Scatter(xs, ys, scatter.Color);
            replacement.LegendText = scatter.LegendText;
            plot.Remove(scatter);
        }
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            // Plain decimals ("1000", "0.01"), where G3 would print 1000 as "1E+03".
            LabelFormatter = y => Math.Pow(10, y).ToString("0.##########", System.Globalization.CultureInfo.InvariantCulture),
        };
        plot.YLabel("relative change (log scale; step 0 omitted)");
    }
}
