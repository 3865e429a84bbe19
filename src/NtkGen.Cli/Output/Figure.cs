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
