using System.Globalization;
using NtkGen.Training;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace NtkGen.Cli.Output;

/// <summary>
/// The console table of the authors' Figure 4 beside a ReLU training run: one line per σ_w² and step the figure gives,
/// each quantity as "run | figure".
/// </summary>
internal static class Figure4Table
{
    private static readonly Figure4Quantity[] Quantities = Enum.GetValues<Figure4Quantity>();

    public static void Write(ExperimentConsole console, IReadOnlyList<Figure4Row> rows)
    {
        if (rows.Count == 0) return;
        console.Line($"The authors' Figure 4 (784→300×20→10, 60 000 digits, Adam 1e-4; read off their PNG, ratios to ±{AuthorsFigure4.RatioReadingError.ToString(CultureInfo.InvariantCulture)}) beside this run, as run | figure:");
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in new[] { "σ_w²", "step", "Θ̄_c/Θ̄_d (blocks with diagonal)", "Θ̄_n/Θ̄_d", "train loss", "test loss" })
            table.AddColumn(new TableColumn(new Text(column)).RightAligned());
        foreach (var line in rows.GroupBy(r => (r.Authors.SigmaW2, r.Authors.Step)).OrderBy(g => g.Key.SigmaW2).ThenBy(g => g.Key.Step))
        {
            var cells = new List<string> { line.Key.SigmaW2.ToString("0.###", CultureInfo.InvariantCulture), line.Key.Step.ToString(CultureInfo.InvariantCulture) };
            foreach (var quantity in Quantities)
                cells.Add(line.FirstOrDefault(r => r.Authors.Quantity == quantity) is { } row ? $"{Format(row.Ours, row.IsLoss)} | {Format(row.Authors.Value, row.IsLoss)}" : "–");
            table.AddRow(cells.Select(cell => (IRenderable)new Text(cell)));
        }
        console.Write(table);
    }

    // Losses span decades: two significant digits, e.g. 0.0039 or 1.7e-05.
    private static string Format(double value, bool loss) => loss ? value.ToString("G2", CultureInfo.InvariantCulture).Replace('E', 'e') : value.ToString("0.00", CultureInfo.InvariantCulture);
}
