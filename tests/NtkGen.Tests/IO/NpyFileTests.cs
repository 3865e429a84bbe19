using System.Text;
using NtkGen.IO;
using NtkGen.Tests.Support;

namespace NtkGen.Tests.IO;

/// <summary>
/// The .npy format (numpy.lib.format): files built byte by byte from the format's description read back as written,
/// written files have exactly NumPy's header, and what the format allows but NtkGen does not read is a one-line error.
/// </summary>
[TestClass]
public sealed class NpyFileTests
{
    /// <summary>A version-1.0 file as np.save writes it: magic, version, header length, the dict padded with spaces to 64 bytes, newline, data.</summary>
    private static byte[] NumpyFile(string descr, string shape, byte[] data, bool fortran = false, int major = 1)
    {
        string dict = $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shape}, }}";
        int prefix = major == 1 ? 10 : 12;
        int total = (prefix + dict.Length + 1 + 63) / 64 * 64;
        var header = new StringBuilder(dict).Append(' ', total - prefix - dict.Length - 1).Append('\n').ToString();
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, 0 };
        if (major == 1) bytes.AddRange(BitConverter.GetBytes((ushort)header.Length));
        else bytes.AddRange(BitConverter.GetBytes((uint)header.Length));
        bytes.AddRange(Encoding.Latin1.GetBytes(header));
        bytes.AddRange(data);
        return [.. bytes];
    }

    private static byte[] Doubles(params double[] values) => values.SelectMany(BitConverter.GetBytes).ToArray();

    private static byte[] Floats(params float[] values) => values.SelectMany(BitConverter.GetBytes).ToArray();

    [TestMethod]
    public void Reads_float64_and_float32_in_C_order_of_versions_1_and_2()
    {
        var array = NpyFile.Parse("x.npy", NumpyFile("<f8", "(2, 3)", Doubles(1, 2, 3, 4, 5, -6.5)));
        CollectionAssert.AreEqual(new long[] { 2, 3 }, array.Shape);
        CollectionAssert.AreEqual(new[] { 1, 2, 3, 4, 5, -6.5 }, array.Values);
        var single = NpyFile.Parse("x.npy", NumpyFile("<f4", "(3,)", Floats(0.1f, 2, 3), major: 2));
        CollectionAssert.AreEqual(new long[] { 3 }, single.Shape);
        CollectionAssert.AreEqual(new[] { (double)0.1f, 2, 3 }, single.Values);
        Assert.AreEqual("<f4", single.DType);
    }

    [TestMethod]
    public void Written_file_is_byte_for_byte_what_numpy_writes()
    {
        using var directory = new TempDirectory();
        string path = directory.File("theta.npy");
        NpyFile.Write<double>(path, [1, 2, 3, 4, 5, -6.5], 2, 3);
        CollectionAssert.AreEqual(NumpyFile("<f8", "(2, 3)", Doubles(1, 2, 3, 4, 5, -6.5)), File.ReadAllBytes(path));
        NpyFile.Write<float>(path, [0.5f, 7], 2);
        CollectionAssert.AreEqual(NumpyFile("<f4", "(2,)", Floats(0.5f, 7)), File.ReadAllBytes(path));
        Assert.AreEqual(new FileInfo(path).Length, NpyFile.FileLength<float>(2));
    }

    [TestMethod]
    public void Mapped_file_is_filled_piece_by_piece()
    {
        using var directory = new TempDirectory();
        string path = directory.File("big.npy");
        using (var file = NpyFile.Create<float>(path, 3, 4))
        {
            file.Write(8, [9f, 10, 11, 12]);
            file.Write(0, [1f, 2, 3, 4, 5, 6, 7, 8]);
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => file.Write(10, [1f, 2, 3]));
        }
        var array = NpyFile.Read(path);
        CollectionAssert.AreEqual(Enumerable.Range(1, 12).Select(i => (double)i).ToArray(), array.Values);
    }

    [TestMethod]
    [DataRow("<f8", "(2, 3)", true, "Fortran-ordered")]
    [DataRow(">f8", "(2, 3)", false, "big-endian")]
    [DataRow("<i8", "(2, 3)", false, "element type '<i8' is not supported")]
    [DataRow("<f8", "(2, 4)", false, "needs 64 bytes of data, the file has 48")]
    public void Unsupported_or_inconsistent_files_give_one_line_errors(string descr, string shape, bool fortran, string expected)
    {
        var error = Assert.ThrowsExactly<InputFileException>(() => NpyFile.Parse("x.npy", NumpyFile(descr, shape, Doubles(1, 2, 3, 4, 5, 6), fortran)));
        StringAssert.Contains(error.Message, expected);
        StringAssert.StartsWith(error.Message, "x.npy: ");
    }

    [TestMethod]
    public void Not_an_npy_file_is_said_so()
        => StringAssert.Contains(Assert.ThrowsExactly<InputFileException>(() => NpyFile.Parse("x.npy", "1,2,3\n"u8.ToArray())).Message, "not a .npy file");
}
