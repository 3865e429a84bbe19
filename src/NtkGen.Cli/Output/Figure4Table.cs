using System.Globalization;
using NtkGen.Training;

namespace NtkGen.Cli.Output;

/// <summary>
/// The console table of the authors' Figure 4 beside a ReLU training run: one line per σ_w² and step the figure gives,
/// each quantity as "run | figure".
/// </summary>
internal static class Figure4Table
{
    private static readonly Figure4Quantity[] Quantities = Enum.GetValues<Figure4Quantity>();

    private static readonly string[] Columns = ["σ_w²", "step", "Θ̄_c/Θ̄_d (blocks with diagonal)", "Θ̄_n/Θ̄_d", "train loss", "test loss"];

    public static void Write(ExperimentConsole console, IReadOnlyList<Figure4Row> rows)
    {
        if (rows.Count == 0) return;
        console.Line($"The authors' Figure 4 (784→300×20→10, 60 000 digits, Adam 1e-4; read off their PNG, ratios to ±{AuthorsFigure4.RatioReadingError.ToString(CultureInfo.InvariantCulture)}) beside this run, as run | figure:");
        var lines = rows.GroupBy(r => (r.Authors.SigmaW2, r.Authors.Step)).OrderBy(g => g.Key.SigmaW2).ThenBy(g => g.Key.Step);
        ResultTable.Write(console, Columns, lines, line => Quantities.Select(quantity => line.FirstOrDefault(r => r.Authors.Quantity == quantity) is { } row
            ? $"{Format(row.Ours, row.IsLoss)} | {Format(row.Authors.Value, row.IsLoss)}" : "–").Prepend(ResultTable.I(line.Key.Step)).Prepend(ResultTable.N(line.Key.SigmaW2)));
    }

    // Losses span decades: two significant digits, e.g. 0.0039 or 1.7e-05.
    private static string Format(double value, bool loss) => loss ? value.ToString("G2", CultureInfo.InvariantCulture).Replace('E', 'e') : value.ToString("0.00", CultureInfo.InvariantCulture);
}
