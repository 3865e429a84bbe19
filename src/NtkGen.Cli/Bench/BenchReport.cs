using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NtkGen.Cli.Bench;

/// <summary>The figures of one benchmark, in order: printed as aligned "name: value" lines or as one JSON object.</summary>
internal sealed class BenchReport
{
    private readonly List<(string Name, object Value, string Unit)> _fields = [];

    public BenchReport Add(string name, object value, string unit = "")
    {
        _fields.Add((name, value, unit));
        return this;
    }

    public void Write(TextWriter output, bool json)
    {
        if (json)
        {
            output.WriteLine(ToJson());
            return;
        }
        int width = _fields.Max(f => f.Name.Length);
        foreach (var (name, value, unit) in _fields)
            output.WriteLine($"{name.PadRight(width)}  {Format(value)}{(unit.Length > 0 ? " " + unit : "")}");
    }

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        // Relaxed escaping keeps the network's arrows and Greek letters readable (the output is not embedded in HTML).
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            foreach (var (name, value, _) in _fields)
            {
                switch (value)
                {
                    case string text: writer.WriteString(name, text); break;
                    case int number: writer.WriteNumber(name, number); break;
                    case long number: writer.WriteNumber(name, number); break;
                    case double number: writer.WriteNumber(name, number); break;
                    default: writer.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture)); break;
                }
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Format(object value) => value switch
    {
        double number when Math.Abs(number) >= 1000 => number.ToString("N0", CultureInfo.InvariantCulture),
        double number => number.ToString("0.###", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>The median of <paramref name="values"/> (the mean of the middle two for an even count).</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
