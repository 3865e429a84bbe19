using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace NtkGen.IO;

/// <summary>One tensor of a safetensors file, its values widened to <see cref="double"/> (exact for F32).</summary>
/// <param name="Name">The tensor's name, e.g. <c>0.weight</c>.</param>
/// <param name="DType">The stored type: <c>F32</c> or <c>F64</c>.</param>
/// <param name="Shape">The dimensions, outermost first.</param>
/// <param name="Values">The elements in row-major order.</param>
public sealed record SafetensorsTensor(string Name, string DType, int[] Shape, double[] Values);

/// <summary>
/// Reads and writes the safetensors format (huggingface/safetensors): an 8-byte little-endian header length, a JSON
/// header mapping each name to <c>{dtype, shape, data_offsets}</c> (offsets relative to the end of the header), then
/// the raw little-endian data. Only F32 and F64 tensors are supported.
/// </summary>
public static class SafetensorsFile
{
    private const long MaxHeaderLength = 100_000_000;

    /// <summary>Reads every tensor of <paramref name="path"/>.</summary>
    /// <exception cref="InputFileException">The file is missing or malformed.</exception>
    public static IReadOnlyDictionary<string, SafetensorsTensor> Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InputFileException(path, e is FileNotFoundException or DirectoryNotFoundException ? "file not found" : e.Message, e);
        }
        return Parse(path, bytes);
    }

    /// <summary>Parses safetensors content; <paramref name="path"/> only names the source in errors.</summary>
    public static IReadOnlyDictionary<string, SafetensorsTensor> Parse(string path, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 8) throw new InputFileException(path, $"not a safetensors file: {bytes.Length} bytes, shorter than the 8-byte header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderLength || (long)headerLength > bytes.Length - 8)
            throw new InputFileException(path, $"not a safetensors file: header length {headerLength} exceeds the file size {bytes.Length}");
        var data = bytes[(8 + (int)headerLength)..];

        JsonDocument header;
        try
        {
            header = JsonDocument.Parse(bytes.Slice(8, (int)headerLength).ToArray());
        }
        catch (JsonException e)
        {
            throw new InputFileException(path, $"the safetensors header is not valid JSON ({e.Message.Split('\n')[0].TrimEnd('.')})", e);
        }
        using (header)
        {
            if (header.RootElement.ValueKind != JsonValueKind.Object) throw new InputFileException(path, "the safetensors header is not a JSON object");
            var tensors = new Dictionary<string, SafetensorsTensor>(StringComparer.Ordinal);
            foreach (var entry in header.RootElement.EnumerateObject())
            {
                if (entry.Name == "__metadata__") continue;
                tensors.Add(entry.Name, ReadTensor(path, entry, data));
            }
            return tensors;
        }
    }

    private static SafetensorsTensor ReadTensor(string path, JsonProperty entry, ReadOnlySpan<byte> data)
    {
        string name = entry.Name;
        var value = entry.Value;
        if (value.ValueKind != JsonValueKind.Object) throw new InputFileException(path, $"tensor '{name}': header entry is not an object");
        if (!value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw new InputFileException(path, $"tensor '{name}': missing dtype");
        string dtype = dtypeElement.GetString()!;
        int elementSize = dtype switch
        {
            "F32" => 4,
            "F64" => 8,
            _ => throw new InputFileException(path, $"tensor '{name}': dtype {dtype} is not supported (use F32 or F64)"),
        };
        if (!value.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
            throw new InputFileException(path, $"tensor '{name}': missing shape");
        var shape = new List<int>();
        long count = 1;
        foreach (var dimension in shapeElement.EnumerateArray())
        {
            if (dimension.ValueKind != JsonValueKind.Number || !dimension.TryGetInt32(out int size) || size < 0)
                throw new InputFileException(path, $"tensor '{name}': shape must hold non-negative integers");
            shape.Add(size);
            count *= size;
            if (count > Array.MaxLength) throw new InputFileException(path, $"tensor '{name}': too many elements");
        }
        if (!value.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2
            || !offsets[0].TryGetInt64(out long begin) || !offsets[1].TryGetInt64(out long end))
            throw new InputFileException(path, $"tensor '{name}': data_offsets must be [begin, end]");
        if (begin < 0 || end < begin || end > data.Length)
            throw new InputFileException(path, $"tensor '{name}': data_offsets [{begin}, {end}] lie outside the {data.Length} data bytes");
        if (end - begin != count * elementSize)
            throw new InputFileException(path, $"tensor '{name}': {end - begin} data bytes do not match shape [{string.Join(", ", shape)}] of {dtype}");

        var values = new double[count];
        var raw = data[(int)begin..(int)end];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = elementSize == 4
                ? BinaryPrimitives.ReadSingleLittleEndian(raw[(i * 4)..])
                : BinaryPrimitives.ReadDoubleLittleEndian(raw[(i * 8)..]);
        }
        return new SafetensorsTensor(name, dtype, [.. shape], values);
    }

    /// <summary>Writes tensors to <paramref name="path"/> in the given order; each is stored as its <see cref="SafetensorsTensor.DType"/>.</summary>
    public static void Write(string path, IEnumerable<SafetensorsTensor> tensors)
    {
        var list = tensors.ToList();
        var header = new Dictionary<string, object>(StringComparer.Ordinal);
        long offset = 0;
        foreach (var tensor in list)
        {
            int elementSize = tensor.DType switch
            {
                "F32" => 4,
                "F64" => 8,
                _ => throw new ArgumentException($"dtype {tensor.DType} is not supported (use F32 or F64)."),
            };
            long length = (long)tensor.Values.Length * elementSize;
            header[tensor.Name] = new { dtype = tensor.DType, shape = tensor.Shape, data_offsets = new[] { offset, offset + length } };
            offset += length;
        }
        byte[] json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        // The format pads the header with spaces to a multiple of 8 bytes so the data stays aligned.
        int padded = (json.Length + 7) / 8 * 8;
        using var stream = File.Create(path);
        Span<byte> lengthBytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(lengthBytes, (ulong)padded);
        stream.Write(lengthBytes);
        stream.Write(json);
        for (int i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
        Span<byte> element = stackalloc byte[8];
        foreach (var tensor in list)
        {
            foreach (double v in tensor.Values)
            {
                if (tensor.DType == "F32")
                {
                    BinaryPrimitives.WriteSingleLittleEndian(element, (float)v);
                    stream.Write(element[..4]);
                }
                else
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(element, v);
                    stream.Write(element);
                }
            }
        }
    }
}
