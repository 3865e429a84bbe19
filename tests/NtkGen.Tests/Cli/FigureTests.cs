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

    [TestMethod]
    public void Legend_gets_a_strip_above_the_data_when_every_place_would_hide_a_line()
    {
        // Runs along the top, the middle and the bottom: every corner and side is taken.
        var plot = PlotOf(([0, 10], [1, 1]), ([0, 10], [0.5, 0.5]), ([0, 10], [0, 0]));
        Figure.PlaceLegend(plot);
        Assert.AreEqual(Alignment.UpperLeft, plot.Legend.Alignment);
        var limits = plot.Axes.GetLimits();
        // Three entries take about 60 of 380 pixels: the data end below the top by at least that share of the axis.
        Assert.IsTrue(limits.Bottom < 0 && (limits.Top - 1) / (limits.Top - limits.Bottom) > 60 / 380.0, $"y axis {limits.Bottom} … {limits.Top}");
        // On an axis the panel fixed, the legend takes the least bad place instead and the axis stays.
        var fixedAxis = PlotOf(([0, 10], [1, 1]), ([0, 10], [0.5, 0.5]), ([0, 10], [0, 0]));
        fixedAxis.Axes.SetLimitsY(-0.02, 1.02);
        Figure.PlaceLegend(fixedAxis, (-0.02, 1.02));
        Assert.AreEqual(1.02, fixedAxis.Axes.GetLimits().Top);
    }
}
