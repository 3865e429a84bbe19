using System.Globalization;
using System.Numerics;

namespace NtkGen.IO;

/// <summary>A row-major matrix read from CSV.</summary>
/// <param name="Values">The elements, row after row.</param>
/// <param name="Rows">Number of rows.</param>
/// <param name="Columns">Number of columns.</param>
public sealed record CsvMatrix(double[] Values, int Rows, int Columns);

/// <summary>
/// Plain numeric CSV: one row per line, comma-separated numbers in invariant culture, no header; blank lines are
/// skipped. Inputs are read with it (one input per line) and NTK matrices written with round-trip precision.
/// </summary>
public static class MatrixCsv
{
    /// <summary>Reads <paramref name="path"/>; every row must have <paramref name="expectedColumns"/> values when given.</summary>
    /// <exception cref="InputFileException">The file is missing, empty or malformed.</exception>
    public static CsvMatrix Read(string path, int? expectedColumns = null)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InputFileException(path, e is FileNotFoundException or DirectoryNotFoundException ? "file not found" : e.Message, e);
        }

        var values = new List<double>();
        int rows = 0, columns = -1;
        for (int lineIndex = 0; lineIndex < lines.Length; lineIndex++)
        {
            string line = lines[lineIndex].Trim();
            if (line.Length == 0) continue;
            var cells = line.Split(',');
            if (columns < 0) columns = cells.Length;
            else if (cells.Length != columns)
                throw new InputFileException(path, $"line {lineIndex + 1} has {cells.Length} values, line 1 has {columns}");
            foreach (var cell in cells)
            {
                if (!double.TryParse(cell.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                    throw new InputFileException(path, $"line {lineIndex + 1}: '{cell.Trim()}' is not a number (the file must have no header)");
                if (!double.IsFinite(value))
                    throw new InputFileException(path, $"line {lineIndex + 1}: '{cell.Trim()}' is not a finite number");
                values.Add(value);
            }
            rows++;
        }
        if (rows == 0) throw new InputFileException(path, "no rows (expected one input per line)");
        if (expectedColumns is int expected && columns != expected)
            throw new InputFileException(path, $"rows have {columns} values but the network takes {expected} inputs");
        return new CsvMatrix([.. values], rows, columns);
    }

    /// <summary>Writes a row-major matrix, each value in its shortest round-trip form.</summary>
    public static void Write<T>(TextWriter writer, ReadOnlySpan<T> values, int rows, int columns)
        where T : IFloatingPointIeee754<T>
    {
        if (values.Length != rows * columns) throw new ArgumentException($"Expected {rows}×{columns} values, got {values.Length}.", nameof(values));
        var line = new System.Text.StringBuilder();
        for (int i = 0; i < rows; i++)
        {
            line.Clear();
            for (int j = 0; j < columns; j++)
            {
                if (j > 0) line.Append(',');
                // "R" is the shortest text that parses back to the same float or double.
                line.Append(values[i * columns + j].ToString("R", CultureInfo.InvariantCulture));
            }
            writer.WriteLine(line);
        }
    }
}
