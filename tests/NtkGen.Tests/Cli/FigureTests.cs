using NtkGen.Cli.Output;
using ScottPlot;

namespace NtkGen.Tests.Cli;

/// <summary>The legend goes where the data leave room.</summary>
[TestClass]
public sealed class FigureTests
{
    private static Plot PlotOf(params (double[] X, double[] Y)[] lines)
    {
        var plot = new Plot();
        for (int i = 0; i < lines.Length; i++) plot.Add.Scatter(lines[i].X, lines[i].Y).LegendText = $"σ_w² = {i} (run {i})";
        Figure.Style(plot, "title", "step", "value");
        return plot;
    }

    [TestMethod]
    public void Legend_avoids_a_peak_in_the_upper_left()
    {
        // A peak at the start, the other run flat and low: the upper left, the default, is taken.
        var plot = PlotOf(([0, 1, 2, 10], [0, 1, 0.6, 0.5]), ([0, 10], [0, 0.1]));
        Figure.PlaceLegend(plot);
        Assert.AreEqual(Alignment.UpperRight, plot.Legend.Alignment);
    }

    [TestMethod]
    public void Legend_takes_the_free_middle_between_a_high_and_a_low_run()
    {
        var plot = PlotOf(([0, 10], [1, 1]), ([0, 10], [0, 0]));
        Figure.PlaceLegend(plot);
        Assert.AreEqual(Alignment.MiddleRight, plot.Legend.Alignment);
    }

    [TestMethod]
    public void Legend_stays_upper_left_when_it_is_free_and_uses_the_panel_limits_given()
    {
        // Low data on an axis that runs to 1.3, as the ratio panels: the whole top is free.
        var plot = PlotOf(([0, 10], [0.3, 0.3]), ([0, 10], [0.2, 0.2]));
        Figure.PlaceLegend(plot, (0.1, 1.3));
        Assert.AreEqual(Alignment.UpperLeft, plot.Legend.Alignment);
        // Without the limits the same data span the panel, one run along the top and one along the bottom.
        Figure.PlaceLegend(plot);
        Assert.AreEqual(Alignment.MiddleRight, plot.Legend.Alignment);
    }
}
