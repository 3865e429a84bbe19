using ScottPlot;
using SkiaSharp;

namespace NtkGen.Cli.Output;

/// <summary>Shared figure helpers: panel styling and saving several panels side by side as one PNG.</summary>
internal static class Figure
{
    public static void Style(Plot plot, string title, string x, string y)
    {
        plot.Title(title, 13);
        plot.XLabel(x, 12);
        plot.YLabel(y, 12);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Legend.FontSize = 10;
    }

    /// <summary>
    /// Moves the legend to where it covers the least of the data: each line is sampled along its segments in the panel's
    /// coordinates, and of the four corners and the middles of the sides the place whose legend box holds the fewest
    /// samples wins (ties in that order, upper left first). A fixed corner hid a curve whenever one run rose where the
    /// others stayed low. <paramref name="yLimits"/> is the y range the panel was given, if any; otherwise the data's, with
    /// the margins ScottPlot's autoscaling adds. The box's size is estimated from the longest label and the count.
    /// </summary>
    public static void PlaceLegend(Plot plot, (double Low, double High)? yLimits = null)
    {
        var scatters = plot.GetPlottables<ScottPlot.Plottables.Scatter>().ToList();
        var lines = scatters.Select(s => s.Data.GetScatterPoints().Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList()).Where(line => line.Count > 0).ToList();
        var labels = scatters.Select(s => s.LegendText).Where(text => !string.IsNullOrEmpty(text)).ToList();
        if (lines.Count == 0 || labels.Count == 0) return;
        var all = lines.SelectMany(line => line).ToList();
        // Autoscaled axes pad the data by 10% of its range across and 15% up and down, split between the two sides.
        Func<double, double> x = Normalizer(all.Min(p => p.X), all.Max(p => p.X), 0.1);
        Func<double, double> y = yLimits is var (low, high) ? Normalizer(low, high, 0) : Normalizer(all.Min(p => p.Y), all.Max(p => p.Y), 0.15);
        // A data area of about 470 × 380 pixels; legend rows of 16 pixels at font size 10, about 6 pixels per character,
        // 40 pixels for the symbol and the padding; 10 pixels from the axes.
        double width = Math.Min(0.9, (labels.Max(text => text!.Length) * 6 + 40) / 470.0), height = Math.Min(0.9, (labels.Count * 16 + 12) / 380.0), gap = 10 / 470.0;
        // Each line's points, and 15 more along each segment to the next.
        var samples = new List<(double X, double Y)>();
        foreach (var line in lines)
        {
            for (int i = 0; i < line.Count; i++)
            {
                int steps = i + 1 < line.Count ? 16 : 1;
                for (int k = 0; k < steps; k++)
                {
                    double t = k / 16.0;
                    var next = line[Math.Min(i + 1, line.Count - 1)];
                    samples.Add((x(line[i].X + t * (next.X - line[i].X)), y(line[i].Y + t * (next.Y - line[i].Y))));
                }
            }
        }
        (Alignment Place, double Left, double Bottom)[] places =
        [
            (Alignment.UpperLeft, 0, 1 - height), (Alignment.UpperRight, 1 - width, 1 - height), (Alignment.LowerRight, 1 - width, 0),
            (Alignment.LowerLeft, 0, 0), (Alignment.MiddleRight, 1 - width, 0.5 - height / 2), (Alignment.MiddleLeft, 0, 0.5 - height / 2),
        ];
        var best = places.MinBy(place => samples.Count(sample =>
            sample.X >= place.Left - gap && sample.X <= place.Left + width + gap && sample.Y >= place.Bottom - gap && sample.Y <= place.Bottom + height + gap));
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
