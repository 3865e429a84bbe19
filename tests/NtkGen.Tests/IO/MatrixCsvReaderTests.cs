using System.Globalization;
using System.Text;
using NtkGen.IO;
using NtkGen.Tests.Support;

namespace NtkGen.Tests.IO;

/// <summary>
/// The CSV reader's own parser: the same numbers as <see cref="double.Parse(string, NumberStyles, IFormatProvider)"/> of
/// each trimmed cell, whatever the line ends, the encoding or the size of the blocks the file is read in.
/// </summary>
[TestClass]
public sealed class MatrixCsvReaderTests
{
    [TestMethod]
    public void Values_are_those_of_the_runtime_parser_of_each_cell()
    {
        var random = new System.Random(19);
        var lines = Enumerable.Range(0, 300).Select(_ => string.Join(",", Enumerable.Range(0, 70).Select(_ => Cell(random)))).ToArray();
        using var directory = new TempDirectory();
        string path = directory.File("x.csv");
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        var matrix = MatrixCsv.Read(path);
        double[] expected = lines.SelectMany(line => line.Split(',')).Select(cell => double.Parse(cell.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
        Assert.AreEqual(300, matrix.Rows);
        Assert.AreEqual(70, matrix.Columns);
        CollectionAssert.AreEqual(expected, matrix.Values);
    }

    [TestMethod]
    [DataRow("\n")]
    [DataRow("\r\n")]
    [DataRow("\r")]
    public void Every_line_end_and_block_size_reads_the_same(string end)
    {
        var random = new System.Random(7);
        var builder = new StringBuilder();
        for (int row = 0; row < 40; row++)
        {
            if (row % 7 == 3) builder.Append("  ").Append(end); // blank lines are skipped
            builder.AppendJoin(",", Enumerable.Range(0, 5).Select(_ => Cell(random))).Append(end);
        }
        using var directory = new TempDirectory();
        string path = directory.File("x.csv");
        File.WriteAllText(path, builder.ToString().TrimEnd('\r', '\n'));
        var whole = MatrixCsvReader.Read(path);
        Assert.AreEqual(40, whole.Rows);
        // Blocks smaller than a line, a \r\n across two blocks, the last line without its end.
        foreach (int block in new[] { 4, 5, 7, 16, 33, 100, 1000 })
            CollectionAssert.AreEqual(whole.Values, MatrixCsvReader.Read(path, block).Values, $"blocks of {block} bytes");
    }

    [TestMethod]
    public void Byte_order_marks_and_other_encodings_are_read_as_text()
    {
        using var directory = new TempDirectory();
        string path = directory.File("x.csv");
        foreach (var encoding in new Encoding[] { new UTF8Encoding(true), Encoding.Unicode, Encoding.BigEndianUnicode, Encoding.UTF32 })
        {
            File.WriteAllText(path, "1.5,-2\n3,4e-3\n", encoding);
            CollectionAssert.AreEqual(new[] { 1.5, -2, 3, 4e-3 }, MatrixCsv.Read(path).Values, encoding.EncodingName);
        }
    }

    [TestMethod]
    public void White_space_around_cells_is_allowed_as_before()
    {
        using var directory = new TempDirectory();
        string path = directory.File("x.csv");
        File.WriteAllText(path, " 1 ,\t2\u00A0\n\u00A0\n+3,.5\n", new UTF8Encoding(false));
        var matrix = MatrixCsv.Read(path);
        Assert.AreEqual(2, matrix.Rows);
        CollectionAssert.AreEqual(new[] { 1, 2, 3, 0.5 }, matrix.Values);
    }

    [TestMethod]
    public void The_earliest_problem_is_reported_when_rows_are_parsed_on_several_threads()
    {
        var lines = Enumerable.Range(0, 4000).Select(i => string.Join(",", Enumerable.Range(0, 20).Select(j => (i * 20 + j).ToString(CultureInfo.InvariantCulture)))).ToArray();
        lines[3500] = "1,2";
        lines[2100] = lines[2100].Replace(",7,", ",seven,", StringComparison.Ordinal) + ",oops";
        lines[1200] = lines[1200] + ",1";
        using var directory = new TempDirectory();
        string path = directory.File("bad.csv");
        File.WriteAllLines(path, lines);
        var error = Assert.ThrowsExactly<InputFileException>(() => MatrixCsv.Read(path));
        Assert.AreEqual($"{path}: line 1201 has 21 values, line 1 has 20", error.Message);
        lines[1200] = lines[1200].Replace(",1", ",z", StringComparison.Ordinal);
        File.WriteAllLines(path, lines);
        error = Assert.ThrowsExactly<InputFileException>(() => MatrixCsv.Read(path));
        Assert.AreEqual($"{path}: line 1201: 'z' is not a number (the file must have no header)", error.Message);
    }

    /// <summary>A number as files hold them: full round-trip digits, short decimals, exponents, signs.</summary>
    private static string Cell(System.Random random) => random.Next(5) switch
    {
        0 => random.NextDouble().ToString("R", CultureInfo.InvariantCulture),
        1 => (random.NextDouble() * 2 - 1).ToString("G17", CultureInfo.InvariantCulture),
        2 => (random.Next(-1000, 1000) / 100.0).ToString(CultureInfo.InvariantCulture),
        3 => (random.NextDouble() * Math.Pow(10, random.Next(-300, 300))).ToString("E16", CultureInfo.InvariantCulture),
        _ => random.Next(-5, 5).ToString(CultureInfo.InvariantCulture),
    };
}
