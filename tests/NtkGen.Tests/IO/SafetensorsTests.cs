using System.Buffers.Binary;
using System.Text;
using NtkGen.IO;
using NtkGen.Tests.Support;

namespace NtkGen.Tests.IO;

/// <summary>Reading and writing safetensors, and one-line errors for malformed files.</summary>
[TestClass]
public sealed class SafetensorsTests
{
    [TestMethod]
    public void Written_tensors_read_back_exactly()
    {
        using var directory = new TempDirectory();
        string path = directory.File("t.safetensors");
        var tensors = new[]
        {
            new SafetensorsTensor("0.weight", "F64", [2, 3], [1.5, -2, Math.PI, 1e-300, -0.0, 7]),
            new SafetensorsTensor("0.bias", "F32", [2], [0.25, -1.125]),
        };
        SafetensorsFile.Write(path, tensors);
        var read = SafetensorsFile.Read(path);
        Assert.HasCount(2, read);
        CollectionAssert.AreEqual(tensors[0].Values, read["0.weight"].Values);
        CollectionAssert.AreEqual(new[] { 2, 3 }, read["0.weight"].Shape);
        CollectionAssert.AreEqual(tensors[1].Values, read["0.bias"].Values);
        Assert.AreEqual("F32", read["0.bias"].DType);
        // The header is padded to a multiple of 8 bytes.
        Assert.AreEqual(0UL, BinaryPrimitives.ReadUInt64LittleEndian(File.ReadAllBytes(path)) % 8);
    }

    [TestMethod]
    public void Reads_a_hand_made_file_with_metadata()
    {
        string header = """{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""";
        var bytes = Build(header, BitConverter.GetBytes(1.5f).Concat(BitConverter.GetBytes(-3f)).ToArray());
        var tensors = SafetensorsFile.Parse("hand.safetensors", bytes);
        CollectionAssert.AreEqual(new[] { 1.5, -3.0 }, tensors["w"].Values);
    }

    [TestMethod]
    [DataRow("short", "shorter than the 8-byte header length")]
    [DataRow("huge-header", "exceeds the file size")]
    [DataRow("bad-json", "not valid JSON")]
    [DataRow("not-object", "not a JSON object")]
    [DataRow("f16", "dtype F16 is not supported")]
    [DataRow("no-shape", "missing shape")]
    [DataRow("outside", "lie outside")]
    [DataRow("size-mismatch", "do not match shape")]
    [DataRow("bad-offsets", "data_offsets must be [begin, end]")]
    [DataRow("twice", "tensor 'w' appears twice in the safetensors header")]
    [DataRow("latin-1", "the safetensors header is not UTF-8 text")]
    public void Malformed_files_give_one_line_errors_naming_the_file(string kind, string expected)
    {
        byte[] bytes = kind switch
        {
            "short" => [1, 2, 3],
            "huge-header" => BitConverter.GetBytes(1_000_000UL),
            "bad-json" => Build("{\"w\": [", []),
            "not-object" => Build("[1, 2]", []),
            "f16" => Build("""{"w":{"dtype":"F16","shape":[1],"data_offsets":[0,2]}}""", [0, 0]),
            "no-shape" => Build("""{"w":{"dtype":"F32","data_offsets":[0,4]}}""", [0, 0, 0, 0]),
            "outside" => Build("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", [0, 0, 0, 0]),
            "size-mismatch" => Build("""{"w":{"dtype":"F64","shape":[2],"data_offsets":[0,8]}}""", new byte[8]),
            "bad-offsets" => Build("""{"w":{"dtype":"F64","shape":[1],"data_offsets":[0]}}""", new byte[8]),
            "twice" => Build("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", new byte[4]),
            "latin-1" => BuildRaw([.. Encoding.UTF8.GetBytes("{\"w"), 0xE9, .. Encoding.UTF8.GetBytes("\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}")], new byte[4]),
            _ => throw new ArgumentException(kind),
        };
        var error = Assert.ThrowsExactly<InputFileException>(() => SafetensorsFile.Parse("model.safetensors", bytes));
        StringAssert.StartsWith(error.Message, "model.safetensors: ");
        StringAssert.Contains(error.Message, expected);
        Assert.IsFalse(error.Message.Contains('\n'), "one line");
    }

    [TestMethod]
    public void Missing_file_is_reported()
    {
        var error = Assert.ThrowsExactly<InputFileException>(() => SafetensorsFile.Read("/nonexistent/none.safetensors"));
        StringAssert.Contains(error.Message, "file not found");
    }

    private static byte[] Build(string header, byte[] data) => BuildRaw(Encoding.UTF8.GetBytes(header), data);

    private static byte[] BuildRaw(byte[] json, byte[] data)
    {
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        return bytes;
    }
}
