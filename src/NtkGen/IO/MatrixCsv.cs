using System.Globalization;
using System.Numerics;
using nietras.SeparatedValues;

namespace NtkGen.IO;

/// <summary>A row-major matrix read from CSV or <c>.npy</c>.</summary>
/// <param name="Values">The elements, row after row.</param>
/// <param name="Rows">Number of rows.</param>
/// <param name="Columns">Number of columns.</param>
public sealed record CsvMatrix(double[] Values, int Rows, int Columns);

/// <summary>
/// Plain numeric CSV (read and written with Sep): one row per line, comma-separated numbers in invariant culture, no
/// header; blank lines are skipped. Inputs are read with it (one input per line) and NTK matrices written with round-trip
/// precision, row by row, so that a matrix larger than memory can be streamed.
/// </summary>
public static class MatrixCsv
{
    private static readonly Sep Comma = Sep.New(',');

    /// <summary>Reads <paramref name="path"/>; every row must have <paramref name="expectedColumns"/> values when given.</summary>
    /// <exception cref="InputFileException">The file is missing, empty or malformed.</exception>
    public static CsvMatrix Read(string path, int? expectedColumns = null)
    {
        SepReader reader;
        try
        {
            reader = Comma.Reader(o => o with { HasHeader = false, DisableColCountCheck = true }).FromFile(path);
        }
        catch (Exception e) when (InputFileException.IsFileProblem(e))
        {
            throw InputFileException.From(path, e);
        }
        var parsed = new List<ParsedRow>();
        using (reader)
        {
            // Rows are parsed on every core, in file order (Sep's parallel enumeration); a bad cell is reported, not thrown.
            foreach (var row in reader.ParallelEnumerate(ParseRow))
            {
                if (row.Values is not null || row.Problem is not null) parsed.Add(row);
            }
        }
        int rows = 0, columns = -1, firstLine = 0;
        foreach (var row in parsed)
        {
            if (row.Problem is not null) throw new InputFileException(path, $"line {row.Line}: {row.Problem}");
            if (columns < 0)
            {
                columns = row.Values!.Length;
                firstLine = row.Line;
            }
            else if (row.Values!.Length != columns)
                throw new InputFileException(path, $"line {row.Line} has {row.Values.Length} values, line {firstLine} has {columns}");
            rows++;
        }
        var values = new double[(long)rows * Math.Max(columns, 0)];
        for (int r = 0; r < rows; r++) parsed[r].Values!.CopyTo(values, (long)r * columns);
        if (rows == 0) throw new InputFileException(path, "no rows (expected one input per line)");
        if (expectedColumns is int expected && columns != expected)
            throw new InputFileException(path, $"rows have {columns} values but the network takes {expected} inputs");
        return new CsvMatrix(values, rows, columns);
    }

    /// <summary>A row's values, or what is wrong with one of its cells; neither for a blank line.</summary>
    private readonly record struct ParsedRow(int Line, double[]? Values, string? Problem);

    private static ParsedRow ParseRow(SepReader.Row row)
    {
        // The last line of the row (1-based): a row of numbers is one line.
        int line = row.LineNumberToExcl - 1;
        if (row.ColCount == 1 && row[0].Span.Trim().IsEmpty) return new ParsedRow(line, null, null);
        double[] values;
        try
        {
            // Sep's own parser, several times faster than parsing cell by cell.
            values = row[0..row.ColCount].ParseToArray<double>();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            values = new double[row.ColCount];
            for (int c = 0; c < row.ColCount; c++)
            {
                var cell = row[c].Span.Trim();
                if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out values[c]))
                    return new ParsedRow(line, null, $"'{cell}' is not a number (the file must have no header)");
            }
        }
        for (int c = 0; c < values.Length; c++)
        {
            if (!double.IsFinite(values[c])) return new ParsedRow(line, null, $"'{row[c].Span.Trim()}' is not a finite number");
        }
        return new ParsedRow(line, values, null);
    }

    /// <summary>Writes a row-major matrix, each value in its shortest round-trip form.</summary>
    public static void Write<T>(TextWriter writer, ReadOnlySpan<T> values, int rows, int columns)
        where T : IFloatingPointIeee754<T>
    {
        if (values.Length != rows * columns) throw new ArgumentException($"Expected {rows}×{columns} values, got {values.Length}.", nameof(values));
        using var csv = new MatrixCsvWriter(writer);
        csv.WriteRows(values, rows, columns);
    }
}

/// <summary>Rows of numbers to CSV, in their shortest round-trip form, a piece at a time.</summary>
public sealed class MatrixCsvWriter : IDisposable
{
    private readonly SepWriter _writer;

    /// <summary>A writer onto <paramref name="writer"/>, which it leaves open.</summary>
    public MatrixCsvWriter(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = Sep.New(',').Writer(o => o with { WriteHeader = false, CultureInfo = CultureInfo.InvariantCulture }).To(writer, leaveOpen: true);
    }

    /// <summary>Writes <paramref name="rows"/> rows of <paramref name="columns"/> values (row-major).</summary>
    public void WriteRows<T>(ReadOnlySpan<T> values, int rows, int columns)
        where T : IFloatingPointIeee754<T>
    {
        if (values.Length != (long)rows * columns) throw new ArgumentException($"Expected {rows}×{columns} values, got {values.Length}.", nameof(values));
        for (int i = 0; i < rows; i++)
        {
            using var row = _writer.NewRow();
            // The default format of float and double is the shortest text that parses back to the same value.
            for (int j = 0; j < columns; j++) row[j].Format(values[i * columns + j]);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _writer.Dispose();
}
