using NtkGen.Theory;
using ScottPlot;
using SkiaSharp;

namespace NtkGen.Cli.Output;

/// <summary>Shared figure helpers: panel styling and saving several panels side by side as one PNG.</summary>
internal static class Figure
{
    /// <summary>A phase panel's title, with where the phase lies for ReLU (χ₁ = σ_w²/2), the activation these figures are drawn for.</summary>
    public static string ReluPhaseTitle(string phase) => phase switch
    {
        MeanField.Ordered => "ordered phase (σ_w² < 2)",
        MeanField.EdgeOfChaos => "edge of chaos (σ_w² = 2)",
        _ => "chaotic phase (σ_w² > 2)",
    };

    /// <summary>A phase's panel title: in σ_w² for ReLU without biases, otherwise in the mean-field χ₁ of the activation.</summary>
    public static string PhaseTitle(string phase, Activation activation, double sigmaB2)
        => activation == Activation.ReLU && sigmaB2 == 0 ? ReluPhaseTitle(phase) : phase switch
        {
            MeanField.Ordered => "ordered phase (χ₁ < 1)",
            MeanField.EdgeOfChaos => "edge of chaos (χ₁ = 1)",
            _ => "chaotic phase (χ₁ > 1)",
        };

    public static void Style(Plot plot, string title, string x, string y)
    {
        plot.Title(title, 13);
        plot.XLabel(x, 12);
        plot.YLabel(y, 12);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Legend.FontSize = 10;
    }

    /// <summary>
    /// Moves the legend to where it covers the least of the data: each line is sampled evenly along its length in the
    /// panel's coordinates, and of the four corners and the middles of the sides the place whose legend box holds the
    /// fewest samples wins (ties in that order, upper left first). A fixed corner hid a curve whenever one run rose where
    /// the others stayed low. When every place would hide some of a line and the panel's y axis is its data's, the axis is
    /// raised to leave the legend a free strip at the top. <paramref name="yLimits"/> is the y range the panel was given,
    /// if any; otherwise the data's, with the margins ScottPlot's autoscaling adds. The box's size is estimated from the
    /// longest label, the number of entries and the panel's size in pixels.
    /// </summary>
    public static void PlaceLegend(Plot plot, (double Low, double High)? yLimits = null, int panelWidth = 560, int panelHeight = 480)
    {
        var scatters = plot.GetPlottables<ScottPlot.Plottables.Scatter>().ToList();
        var lines = scatters.Select(s => s.Data.GetScatterPoints().Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList()).Where(line => line.Count > 0).ToList();
        var labels = scatters.Select(s => s.LegendText).Where(text => !string.IsNullOrEmpty(text)).ToList();
        if (lines.Count == 0 || labels.Count == 0) return;
        var all = lines.SelectMany(line => line).ToList();
        double dataLow = all.Min(p => p.Y), dataHigh = all.Max(p => p.Y);
        // Autoscaled axes pad the data by 10% of its range across and 15% up and down, split between the two sides.
        Func<double, double> x = Normalizer(all.Min(p => p.X), all.Max(p => p.X), 0.1);
        Func<double, double> y = yLimits is var (low, high) ? Normalizer(low, high, 0) : Normalizer(dataLow, dataHigh, 0.15);
        // The axes, labels and title take about 90 pixels across and 100 down; legend rows of 16 pixels at font size 10,
        // about 6 pixels per character, 40 pixels for the symbol and the padding; 10 pixels from the axes.
        double areaWidth = panelWidth - 90.0, areaHeight = panelHeight - 100.0;
        double width = Math.Min(0.9, (labels.Max(text => text!.Length) * 6 + 40) / areaWidth), height = Math.Min(0.9, (labels.Count * 16 + 12) / areaHeight), gap = 10 / areaWidth;
        // Samples every 1/250 of the panel along each line, so that a place's count measures the length of line it hides.
        var samples = new List<(double X, double Y)>();
        foreach (var line in lines)
        {
            samples.Add((x(line[0].X), y(line[0].Y)));
            foreach (var (from, to) in line.Zip(line.Skip(1)))
            {
                (double x0, double y0, double x1, double y1) = (x(from.X), y(from.Y), x(to.X), y(to.Y));
                int count = Math.Max(1, (int)Math.Ceiling(Math.Sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0)) * 250));
                for (int k = 1; k <= count; k++) samples.Add((x0 + k * (x1 - x0) / count, y0 + k * (y1 - y0) / count));
            }
        }
        (Alignment Place, double Left, double Bottom)[] places =
        [
            (Alignment.UpperLeft, 0, 1 - height), (Alignment.UpperRight, 1 - width, 1 - height), (Alignment.LowerRight, 1 - width, 0),
            (Alignment.LowerLeft, 0, 0), (Alignment.MiddleRight, 1 - width, 0.5 - height / 2), (Alignment.MiddleLeft, 0, 0.5 - height / 2),
        ];
        int Hidden((Alignment Place, double Left, double Bottom) place) => samples.Count(sample =>
            sample.X >= place.Left - gap && sample.X <= place.Left + width + gap && sample.Y >= place.Bottom - gap && sample.Y <= place.Bottom + height + gap);
        var best = places.MinBy(Hidden);
        // Up to a point or two under the box's frame is no loss; more is, on an axis free to move.
        if (Hidden(best) > 2 && yLimits is null)
        {
            // The data keep the autoscaler's margin at the bottom and end below the legend's strip at the top.
            double range = dataHigh > dataLow ? dataHigh - dataLow : 1, bottom = dataLow - 0.075 * range, top = 1 - height - 3 * gap;
            plot.Axes.SetLimitsY(bottom, bottom + (dataHigh - bottom) / top);
            best = places.First(place => place.Place == Alignment.UpperLeft);
        }
        plot.ShowLegend(best.Place);
    }

    // Data → [0, 1] across the data area, with the autoscaler's padding split evenly between the two sides.
    private static Func<double, double> Normalizer(double low, double high, double padding)
    {
        double range = high > low ? high - low : 1;
        return value => padding / 2 + (1 - padding) * (value - low) / range;
    }

    /// <summary>Writes the panels side by side (through a temporary file, so a reader never sees half a PNG).</summary>
    public static string Save(string path, IReadOnlyList<Plot> panels, int panelWidth = 560, int height = 480)
        => SaveGrid(path, panels, rows: 1, panelWidth, height);

    /// <summary>Writes the panels in a grid of <paramref name="rows"/> rows, row after row.</summary>
    public static string SaveGrid(string path, IReadOnlyList<Plot> panels, int rows, int panelWidth = 560, int panelHeight = 480)
    {
        var multiplot = new Multiplot();
        multiplot.Subplots.Remove(multiplot.Subplots.GetPlot(0));
        foreach (var panel in panels) multiplot.Subplots.Add(panel);
        int columns = (panels.Count + rows - 1) / rows;
        multiplot.Layout = rows == 1 ? new ScottPlot.MultiplotLayouts.Columns() : new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        int width = panelWidth * columns, height = panelHeight * rows;
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        surface.Canvas.Clear(SKColors.White);
        multiplot.Render(surface.Canvas, new PixelRect(0, width, height, 0));
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        string temporary = path + ".tmp";
        File.WriteAllBytes(temporary, data.ToArray());
        File.Move(temporary, path, overwrite: true);
        return path;
    }
}
