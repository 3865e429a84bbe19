using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace NtkGen.Cli.Output;

/// <summary>The console tables of results: right-aligned columns, one line per row, numbers in the invariant culture.</summary>
internal static class ResultTable
{
    /// <summary>Writes a table with <paramref name="columns"/> and a line of <paramref name="cells"/> per row.</summary>
    public static void Write<TRow>(ExperimentConsole console, IReadOnlyList<string> columns, IEnumerable<TRow> rows, Func<TRow, IEnumerable<string>> cells)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in columns) table.AddColumn(new TableColumn(new Text(column)).RightAligned());
        foreach (var row in rows) table.AddRow(cells(row).Select(cell => (IRenderable)new Text(cell)));
        console.Write(table);
    }

    /// <summary>Four significant digits; beyond double range "&gt; 1e308", not a number "–".</summary>
    public static string G(double value)
        => double.IsFinite(value) ? value.ToString("G4", CultureInfo.InvariantCulture) : double.IsNaN(value) ? "–" : value > 0 ? "> 1e308" : "< −1e308";

    /// <summary>A rate with three significant digits, without an exponent for large ones.</summary>
    public static string Rate(double perSecond) => perSecond.ToString(perSecond >= 100 ? "F0" : "G3", CultureInfo.InvariantCulture);

    /// <summary>Up to three decimals, e.g. a σ_w² or λ.</summary>
    public static string N(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>An integer.</summary>
    public static string I(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A fraction as a percentage with <paramref name="decimals"/> decimals.</summary>
    public static string P(double value, int decimals = 1) => value.ToString("P" + decimals, CultureInfo.InvariantCulture);

    /// <summary>Two decimals, e.g. a Pareto k̂.</summary>
    public static string Two(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>A sample count to two significant digits, as a power of ten from a million on.</summary>
    public static string SampleCount(double count) => count < 1e6
        ? I((long)double.Parse(count.ToString("G2", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture))
        : $"1e{N(Math.Round(Math.Log10(count), 1))}";

    /// <summary>What a tail diagnostic says a flagged row would need.</summary>
    public static string Needed(double? samplesNeeded)
        => samplesNeeded is double needed ? $"about {SampleCount(needed)} would be needed" : "k̂ ≥ 1: no sample count suffices";
}
