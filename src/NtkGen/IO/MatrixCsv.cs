using System.Numerics;

namespace NtkGen.IO;

/// <summary>A row-major matrix read from CSV or <c>.npy</c>.</summary>
/// <param name="Values">The elements, row after row.</param>
/// <param name="Rows">Number of rows.</param>
/// <param name="Columns">Number of columns.</param>
public sealed record CsvMatrix(double[] Values, int Rows, int Columns);

/// <summary>
/// Plain numeric CSV: one row per line, comma-separated numbers in invariant culture, no
/// header; blank lines are skipped. Inputs are read with it (one input per line) and NTK matrices written with round-trip
/// precision, row by row, so that a matrix larger than memory can be streamed.
/// </summary>
public static class MatrixCsv
{
    /// <summary>Reads <paramref name="path"/>; every row must have <paramref name="expectedColumns"/> values when given.</summary>
    /// <exception cref="InputFileException">The file is missing, empty or malformed.</exception>
    public static CsvMatrix Read(string path, int? expectedColumns = null)
    {
        var matrix = MatrixCsvReader.Read(path);
        if (expectedColumns is int expected && matrix.Columns != expected)
            throw new InputFileException(path, $"rows have {matrix.Columns} values but the network takes {expected} inputs");
        return matrix;
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
