using System.Globalization;

namespace NtkGen.Cli.Commands;

/// <summary>Parsing of grid options: integer lists and ranges (<c>2,4,8</c>, <c>2..50</c>, <c>2..50:4</c>) and number lists.</summary>
internal static class GridOptions
{
    /// <summary>Parses <c>a,b,c</c>, <c>a..b</c> or <c>a..b:step</c> (also combined: <c>2..10,20,30</c>).</summary>
    public static IReadOnlyList<int> ParseIntegers(string text, string option)
    {
        var values = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int range = part.IndexOf("..", StringComparison.Ordinal);
            if (range < 0)
            {
                values.Add(Integer(part, option));
                continue;
            }
            string[] stepParts = part[(range + 2)..].Split(':');
            int from = Integer(part[..range], option), to = Integer(stepParts[0], option);
            int step = stepParts.Length > 1 ? Integer(stepParts[1], option) : 1;
            if (step < 1 || to < from) throw new CommandLineError($"{option}: '{part}' is not a range a..b or a..b:step with a ≤ b and step ≥ 1");
            for (int v = from; v <= to; v += step) values.Add(v);
        }
        if (values.Count == 0) throw new CommandLineError($"{option}: no values in '{text}'");
        return values.Distinct().ToList();
    }

    /// <summary>Parses a comma-separated list of numbers.</summary>
    public static IReadOnlyList<double> ParseNumbers(string text, string option)
    {
        var values = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
                throw new CommandLineError($"{option}: '{part}' is not a number");
            values.Add(value);
        }
        if (values.Count == 0) throw new CommandLineError($"{option}: no values in '{text}'");
        return values.Distinct().ToList();
    }

    private static int Integer(string text, string option)
        => int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new CommandLineError($"{option}: '{text.Trim()}' is not an integer");
}
