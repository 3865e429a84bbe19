namespace NtkGen.IO;

/// <summary>A matrix of inputs from a file, by its extension: <c>.npy</c> (float32 or float64, C order, <c>[N, n]</c> or one row <c>[n]</c>) or CSV.</summary>
public static class MatrixFile
{
    /// <summary>Whether <paramref name="path"/> names a <c>.npy</c> file.</summary>
    public static bool IsNpy(string path) => path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads <paramref name="path"/>; every row must have <paramref name="expectedColumns"/> values when given.</summary>
    /// <exception cref="InputFileException">The file is missing or malformed, or its shape or values do not fit.</exception>
    public static CsvMatrix Read(string path, int? expectedColumns = null)
    {
        if (!IsNpy(path)) return MatrixCsv.Read(path, expectedColumns);
        var array = NpyFile.Read(path);
        if (array.Shape.Length is not (1 or 2))
            throw new InputFileException(path, $"an array of shape ({string.Join(", ", array.Shape)}) is not a matrix of inputs [N, n]");
        long rows = array.Shape.Length == 1 ? 1 : array.Shape[0], columns = array.Shape[^1];
        if (rows == 0) throw new InputFileException(path, "no rows (expected one input per row)");
        if (expectedColumns is int expected && columns != expected)
            throw new InputFileException(path, $"rows have {columns} values but the network takes {expected} inputs");
        if (NonFinite.IndexOf<double>(array.Values) is var i and >= 0)
            throw new InputFileException(path, $"element [{i / columns}, {i % columns}] is {NonFinite.Describe(array.Values[i])}, not a finite number");
        return new CsvMatrix(array.Values, checked((int)rows), checked((int)columns));
    }
}
