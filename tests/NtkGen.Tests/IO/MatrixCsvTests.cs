using NtkGen.IO;
using NtkGen.Tests.Support;

namespace NtkGen.Tests.IO;

/// <summary>Inputs from CSV and NTK matrices to CSV with round-trip precision.</summary>
[TestClass]
public sealed class MatrixCsvTests
{
    [TestMethod]
    public void Reads_rows_and_skips_blank_lines()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.File("x.csv"), "1, 2.5,-3e-2\n\n4,5,6\r\n");
        var matrix = MatrixCsv.Read(directory.File("x.csv"), expectedColumns: 3);
        Assert.AreEqual(2, matrix.Rows);
        Assert.AreEqual(3, matrix.Columns);
        CollectionAssert.AreEqual(new[] { 1, 2.5, -0.03, 4, 5, 6 }, matrix.Values);
    }

    [TestMethod]
    [DataRow("a,b\n1,2\n", "line 1: 'a' is not a number (the file must have no header)")]
    [DataRow("1,2\n3\n", "line 2 has 1 values, line 1 has 2")]
    [DataRow("1,2,3\n", "rows have 3 values but the network takes 2 inputs")]
    [DataRow("\n\n", "no rows (expected one input per line)")]
    [DataRow("1,NaN\n", "line 1: 'NaN' is not a finite number")]
    [DataRow("1,2\n3,x,4\n", "line 2: 'x' is not a number (the file must have no header)")]
    [DataRow("1,2\n\n3,1e999\n", "line 3: '1e999' is not a finite number")]
    [DataRow("1,2\n,\n", "line 2: '' is not a number (the file must have no header)")]
    [DataRow("\"1\",2\n", "line 1: '\"1\"' is not a number (the file must have no header)")]
    public void Malformed_csv_gives_one_line_errors(string content, string expected)
    {
        using var directory = new TempDirectory();
        string path = directory.File("bad.csv");
        File.WriteAllText(path, content);
        var error = Assert.ThrowsExactly<InputFileException>(() => MatrixCsv.Read(path, expectedColumns: 2));
        Assert.AreEqual($"{path}: {expected}", error.Message);
    }

    [TestMethod]
    public void Written_values_parse_back_to_the_same_bits()
    {
        double[] values = [Math.PI, -1e-310, 1.0 / 3, 123456789.123456789, 0.1 + 0.2, double.Epsilon];
        var writer = new StringWriter();
        MatrixCsv.Write<double>(writer, values, rows: 2, columns: 3);
        var parsed = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(line => line.Split(',')).Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        CollectionAssert.AreEqual(values, parsed);
    }
}
