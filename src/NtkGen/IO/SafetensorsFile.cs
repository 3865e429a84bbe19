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

/// <summary>One tensor as the header of a safetensors file describes it: where its data lies, relative to the end of the header.</summary>
/// <param name="Name">The tensor's name.</param>
/// <param name="DType">The stored type: <c>F32</c> or <c>F64</c>.</param>
/// <param name="Shape">The dimensions, outermost first.</param>
/// <param name="Begin">The first byte of its data.</param>
/// <param name="End">One past its last byte.</param>
public sealed record SafetensorsEntry(string Name, string DType, int[] Shape, long Begin, long End)
{
    /// <summary>Bytes per element: 4 for F32, 8 for F64.</summary>
    public int ElementSize => DType == "F32" ? 4 : 8;
}

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
        return Parse(path, InputFileException.ReadAllBytes(path));
    }

    /// <summary>Parses safetensors content; <paramref name="path"/> only names the source in errors.</summary>
    public static IReadOnlyDictionary<string, SafetensorsTensor> Parse(string path, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 8) throw new InputFileException(path, $"not a safetensors file: {bytes.Length} bytes, shorter than the 8-byte header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderLength || (long)headerLength > bytes.Length - 8)
            throw new InputFileException(path, $"not a safetensors file: header length {headerLength} exceeds the file size {bytes.Length}");
        var data = bytes[(8 + (int)headerLength)..];
        var tensors = new Dictionary<string, SafetensorsTensor>(StringComparer.Ordinal);
        foreach (var entry in ParseHeader(path, bytes.Slice(8, (int)headerLength), data.Length).Values)
            tensors.Add(entry.Name, new SafetensorsTensor(entry.Name, entry.DType, entry.Shape, LittleEndian.ToDoubles(data[(int)entry.Begin..(int)entry.End], entry.ElementSize)));
        return tensors;
    }

    /// <summary>
    /// The header of <paramref name="file"/> (its tensors, not their data) and where the data starts: a network is then read
    /// straight into its parameters (StateDictNetwork), never as a second copy.
    /// </summary>
    public static (IReadOnlyDictionary<string, SafetensorsEntry> Entries, long DataStart) ReadHeader(string path, Microsoft.Win32.SafeHandles.SafeFileHandle file)
    {
        long length = RandomAccess.GetLength(file);
        Span<byte> prefix = stackalloc byte[8];
        if (length < 8 || RandomAccess.Read(file, prefix, 0) < 8)
            throw new InputFileException(path, $"not a safetensors file: {length} bytes, shorter than the 8-byte header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderLength || (long)headerLength > length - 8)
            throw new InputFileException(path, $"not a safetensors file: header length {headerLength} exceeds the file size {length}");
        var header = new byte[headerLength];
        if (RandomAccess.Read(file, header, 8) != header.Length) throw new InputFileException(path, "the file ends inside the safetensors header");
        long dataStart = 8 + (long)headerLength;
        return (ParseHeader(path, header, length - dataStart), dataStart);
    }

    /// <summary>Reads the data of <paramref name="entry"/> (from <paramref name="dataStart"/> of <paramref name="file"/>) into <paramref name="target"/>, converted to <typeparamref name="T"/>.</summary>
    public static void ReadInto<T>(Microsoft.Win32.SafeHandles.SafeFileHandle file, long dataStart, SafetensorsEntry entry, Span<T> target)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(entry);
        int size = entry.ElementSize;
        if (target.Length * (long)size != entry.End - entry.Begin) throw new ArgumentException($"{entry.Name} holds {(entry.End - entry.Begin) / size} values, not {target.Length}.", nameof(target));
        // A stored type that is T is read in place; another goes through a small buffer, a piece at a time.
        if (System.Runtime.CompilerServices.Unsafe.SizeOf<T>() == size && BitConverter.IsLittleEndian)
        {
            RandomAccess.Read(file, System.Runtime.InteropServices.MemoryMarshal.AsBytes(target), dataStart + entry.Begin);
            return;
        }
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            int perPiece = buffer.Length / size;
            for (int first = 0; first < target.Length; first += perPiece)
            {
                int count = Math.Min(perPiece, target.Length - first);
                var bytes = buffer.AsSpan(0, count * size);
                RandomAccess.Read(file, bytes, dataStart + entry.Begin + (long)first * size);
                LittleEndian.Convert(bytes, size, target.Slice(first, count));
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static Dictionary<string, SafetensorsEntry> ParseHeader(string path, ReadOnlySpan<byte> headerBytes, long dataLength)
    {
        // The format's header is UTF-8 JSON; other bytes would fail later, in whatever reads a name.
        if (!System.Text.Unicode.Utf8.IsValid(headerBytes)) throw new InputFileException(path, "the safetensors header is not UTF-8 text");
        JsonDocument header;
        try
        {
            header = JsonDocument.Parse(headerBytes.ToArray());
        }
        catch (JsonException e)
        {
            throw new InputFileException(path, $"the safetensors header is not valid JSON ({e.Message.Split('\n')[0].TrimEnd('.')})", e);
        }
        using (header)
        {
            if (header.RootElement.ValueKind != JsonValueKind.Object) throw new InputFileException(path, "the safetensors header is not a JSON object");
            var entries = new Dictionary<string, SafetensorsEntry>(StringComparer.Ordinal);
            foreach (var entry in header.RootElement.EnumerateObject())
            {
                if (entry.Name == "__metadata__") continue;
                // JSON allows a name twice; a state dict cannot hold two tensors of one name.
                if (!entries.TryAdd(entry.Name, ParseEntry(path, entry, dataLength)))
                    throw new InputFileException(path, $"tensor '{entry.Name}' appears twice in the safetensors header");
            }
            return entries;
        }
    }

    private static SafetensorsEntry ParseEntry(string path, JsonProperty entry, long dataLength)
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
        if (begin < 0 || end < begin || end > dataLength)
            throw new InputFileException(path, $"tensor '{name}': data_offsets [{begin}, {end}] lie outside the {dataLength} data bytes");
        if (end - begin != count * elementSize)
            throw new InputFileException(path, $"tensor '{name}': {end - begin} data bytes do not match shape [{string.Join(", ", shape)}] of {dtype}");
        return new SafetensorsEntry(name, dtype, [.. shape], begin, end);
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
