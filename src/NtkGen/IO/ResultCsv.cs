using System.Globalization;
using nietras.SeparatedValues;

namespace NtkGen.IO;

/// <summary>
/// The one writer of every result table (dispersion, gd-step, training, the authors' Figure 4), on Sep: each cell is
/// written under its column's name, so a name and its value cannot drift apart, and the header comes from the names.
/// Numbers are in shortest round-trip form and invariant culture; a value that is not a finite number is an empty cell,
/// like one that does not apply, so no result file holds NaN or infinity (where a value overflows, a <c>log10_</c> column
/// carries it). Text is quoted only where CSV needs it.
/// </summary>
public static class ResultCsv
{
    /// <summary>Writes one item's cells.</summary>
    public delegate void RowWriter<in T>(T item, Cells cells);

    /// <summary>The table of <paramref name="items"/>, one line each under a header line (no lines at all without items).</summary>
    public static string Write<T>(IEnumerable<T> items, RowWriter<T> write)
    {
        using var writer = Sep.New(',').Writer(o => o with { Escape = true, CultureInfo = CultureInfo.InvariantCulture }).ToText();
        foreach (var item in items)
        {
            using var row = writer.NewRow();
            write(item, new Cells(row));
        }
        return writer.ToString();
    }

    /// <summary>The cells of one line, set by column name.</summary>
    public readonly ref struct Cells(SepWriter.Row row)
    {
        private readonly SepWriter.Row _row = row;

        /// <summary>A number, shortest round-trip; empty if it is not finite.</summary>
        public Cells Add(string column, double value) => Add(column, (double?)value);

        /// <summary>A number, or an empty cell for <see langword="null"/> or a value that is not finite.</summary>
        public Cells Add(string column, double? value)
        {
            _row[column].Set(value is double v && double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "");
            return this;
        }

        /// <summary>An integer.</summary>
        public Cells Add(string column, long value)
        {
            _row[column].Set(value.ToString(CultureInfo.InvariantCulture));
            return this;
        }

        /// <summary><c>true</c> or <c>false</c>.</summary>
        public Cells Add(string column, bool value)
        {
            _row[column].Set(value ? "true" : "false");
            return this;
        }

        /// <summary>Text, quoted where it holds a comma, a quote or a line break.</summary>
        public Cells Add(string column, string text)
        {
            _row[column].Set(text);
            return this;
        }
    }
}
