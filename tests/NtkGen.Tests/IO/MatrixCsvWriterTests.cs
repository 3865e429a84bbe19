using System.Globalization;
using System.Text;
using NtkGen.IO;

namespace NtkGen.Tests.IO;

/// <summary>
/// The CSV writer formats parts of the values on several threads: the text is the same on any number of threads, and
/// the same as the values formatted one after the other, whatever the rows' length beside the writer's batches.
/// </summary>
[TestClass]
public sealed class MatrixCsvWriterTests
{
    [TestMethod]
    [DataRow(1, 1)]
    [DataRow(3, 5)]
    [DataRow(500, 500)]
    [DataRow(7, 40_000)]
    [DataRow(1, 200_001)]
    [DataRow(100_000, 3)]
    public void Any_number_of_threads_writes_the_values_one_after_the_other(int rows, int columns)
    {
        var random = new System.Random(rows * 31 + columns);
        float[] singles = new float[rows * columns];
        double[] doubles = new double[rows * columns];
        for (int i = 0; i < singles.Length; i++)
        {
            doubles[i] = (random.NextDouble() - 0.3) * Math.Pow(10, random.Next(-40, 40));
            singles[i] = (float)doubles[i];
        }
        Check(singles, rows, columns);
        Check(doubles, rows, columns);
    }

    [TestMethod]
    public void Rows_of_no_values_are_empty_lines()
    {
        var writer = new StringWriter();
        using (var csv = new MatrixCsvWriter(writer)) csv.WriteRows<double>([], rows: 2, columns: 0);
        Assert.AreEqual(writer.NewLine + writer.NewLine, writer.ToString());
    }

    private static void Check<T>(T[] values, int rows, int columns)
        where T : System.Numerics.IFloatingPointIeee754<T>
    {
        var expected = new StringBuilder();
        for (int r = 0; r < rows; r++)
            expected.AppendJoin(',', values.Skip(r * columns).Take(columns).Select(v => v.ToString(null, CultureInfo.InvariantCulture))).Append('\n');
        foreach (int threads in new[] { 1, 2, 3 })
        {
            var writer = new StringWriter { NewLine = "\n" };
            using (var csv = new MatrixCsvWriter(writer)) csv.WriteRows<T>(values, rows, columns, threads);
            Assert.AreEqual(expected.ToString(), writer.ToString(), $"{typeof(T).Name} on {threads} threads");
        }
    }
}
