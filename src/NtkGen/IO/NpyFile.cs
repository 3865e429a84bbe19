using System.Buffers.Binary;
using System.Globalization;
using System.IO.MemoryMappedFiles;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace NtkGen.IO;

/// <summary>An array read from a <c>.npy</c> file: its values widened to <see cref="double"/> (exact for float32), its shape, and its stored type.</summary>
/// <param name="Values">The elements in C (row-major) order.</param>
/// <param name="Shape">The dimensions, outermost first.</param>
/// <param name="DType">The stored element type: <c>&lt;f4</c> or <c>&lt;f8</c>.</param>
public sealed record NpyArray(double[] Values, long[] Shape, string DType);

/// <summary>
/// NumPy's <c>.npy</c> format (numpy.lib.format, versions 1.0–3.0): the magic <c>\x93NUMPY</c>, a version, a little-endian
/// header length, a Python-literal header <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (N, M), }</c> padded with
/// spaces to a multiple of 64 bytes, then the raw data. What PyTorch and JAX users exchange (<c>np.save</c>,
/// <c>np.load</c>); little-endian float32 and float64 in C order are read and written.
/// </summary>
public static partial class NpyFile
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="InputFileException">The file is missing, malformed, Fortran-ordered, big-endian or not float32/float64.</exception>
    public static NpyArray Read(string path)
    {
        return Parse(path, InputFileException.ReadAllBytes(path));
    }

    /// <summary>Parses <c>.npy</c> content; <paramref name="path"/> only names the source in errors.</summary>
    public static NpyArray Parse(string path, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 10 || !bytes[..6].SequenceEqual(Magic)) throw new InputFileException(path, "not a .npy file (no \\x93NUMPY magic)");
        int major = bytes[6];
        int headerLength, headerStart;
        if (major == 1)
        {
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]);
            headerStart = 10;
        }
        else if (major is 2 or 3 && bytes.Length >= 12)
        {
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
            if (length > int.MaxValue) throw new InputFileException(path, $".npy header of {length} bytes");
            headerLength = (int)length;
            headerStart = 12;
        }
        else throw new InputFileException(path, $".npy version {major}.{bytes[7]} is not supported (1.0, 2.0, 3.0 are)");
        if (headerStart + (long)headerLength > bytes.Length) throw new InputFileException(path, "the .npy header runs past the end of the file");
        string header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(bytes.Slice(headerStart, headerLength));

        string descr = HeaderValue(path, header, "descr", DescrPattern());
        string fortran = HeaderValue(path, header, "fortran_order", FortranPattern());
        string shapeText = HeaderValue(path, header, "shape", ShapePattern());
        if (fortran == "True") throw new InputFileException(path, "Fortran-ordered (column-major) arrays are not supported: save with np.ascontiguousarray");
        int elementBytes = descr switch
        {
            "<f4" => 4,
            "<f8" => 8,
            ">f4" or ">f8" => throw new InputFileException(path, $"big-endian data ('{descr}') is not supported: convert with .astype('<f4') or '<f8'"),
            _ => throw new InputFileException(path, $"element type '{descr}' is not supported: float32 ('<f4') or float64 ('<f8')"),
        };
        var shape = shapeText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => long.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : throw new InputFileException(path, $"shape ({shapeText}) is not a tuple of sizes"))
            .ToArray();
        long count = 1;
        foreach (long dimension in shape) count = checked(count * dimension);
        var data = bytes[(headerStart + headerLength)..];
        if (data.Length != count * elementBytes)
            throw new InputFileException(path, $"shape ({shapeText}) needs {count * elementBytes} bytes of data, the file has {data.Length}");
        if (count > Array.MaxLength) throw new InputFileException(path, $"{count} elements are more than one array holds");
        return new NpyArray(LittleEndian.ToDoubles(data, elementBytes), shape, descr);
    }

    /// <summary>Writes <paramref name="values"/> (C order) with <paramref name="shape"/> as float32 or float64, the type of <typeparamref name="T"/>.</summary>
    public static void Write<T>(string path, ReadOnlySpan<T> values, params long[] shape)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        using var file = Create<T>(path, shape);
        file.Write(0, values);
    }

    /// <summary>
    /// Creates <paramref name="path"/> with the header for <paramref name="shape"/> and room for its data, memory-mapped, to be
    /// filled piece by piece (<see cref="MappedNpy{T}.Write"/>): arrays larger than memory are written without ever being held whole.
    /// </summary>
    public static MappedNpy<T> Create<T>(string path, params long[] shape)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (long dimension in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dimension, nameof(shape));
            count = checked(count * dimension);
        }
        byte[] header = Header<T>(shape);
        return new MappedNpy<T>(path, header, count);
    }

    /// <summary>The bytes of a file of <paramref name="shape"/>: header and data.</summary>
    public static long FileLength<T>(params long[] shape)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        long count = 1;
        foreach (long dimension in shape) count = checked(count * dimension);
        return Header<T>(shape).Length + count * Marshal.SizeOf<T>();
    }

    /// <summary>Magic, version 1.0 (2.0 for a header over 65 535 bytes), length and padded header: data starts at a multiple of 64 bytes.</summary>
    private static byte[] Header<T>(long[] shape)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        string descr = typeof(T) == typeof(float) ? "<f4" : typeof(T) == typeof(double) ? "<f8" : throw new NotSupportedException($"{typeof(T).Name} has no .npy type here.");
        string dims = shape.Length == 1 ? $"{shape[0]}," : string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture)));
        string text = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({dims}), }}";
        int prefix = 10;
        int total = (prefix + text.Length + 1 + 63) / 64 * 64;
        if (total - prefix > ushort.MaxValue) throw new NotSupportedException("A .npy header this long needs format 2.0.");
        var header = new byte[total];
        Magic.CopyTo(header);
        header[6] = 1;
        header[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), (ushort)(total - prefix));
        Encoding.Latin1.GetBytes(text).CopyTo(header, prefix);
        header.AsSpan(prefix + text.Length, total - prefix - text.Length - 1).Fill((byte)' ');
        header[^1] = (byte)'\n';
        return header;
    }

    private static string HeaderValue(string path, string header, string key, Regex pattern)
    {
        var match = pattern.Match(header);
        if (!match.Success) throw new InputFileException(path, $"the .npy header has no readable '{key}': {header.Trim()}");
        return match.Groups[1].Value;
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}

/// <summary>
/// A <c>.npy</c> file being written through a memory map: its header is in place, its data written by offset. Each write
/// maps only the range it writes and unmaps it afterwards, so a file larger than memory is written with the memory of one
/// piece (pages of a mapping the process keeps would count towards its resident memory).
/// </summary>
public sealed class MappedNpy<T> : IDisposable
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly MemoryMappedFile _file;
    private readonly long _dataStart;

    internal MappedNpy(string path, byte[] header, long count)
    {
        Count = count;
        _dataStart = header.Length;
        long length = header.Length + count * Marshal.SizeOf<T>();
        using (var stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None))
        {
            stream.Write(header);
            stream.SetLength(length);
        }
        _file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, length, MemoryMappedFileAccess.ReadWrite);
    }

    /// <summary>Elements of the array.</summary>
    public long Count { get; }

    /// <summary>Writes <paramref name="values"/> from element <paramref name="offset"/> on (C order).</summary>
    public unsafe void Write(long offset, ReadOnlySpan<T> values)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (offset + values.Length > Count) throw new ArgumentOutOfRangeException(nameof(offset), $"Elements {offset} … {offset + values.Length - 1} lie past the {Count} of the array.");
        if (values.IsEmpty) return;
        using var view = _file.CreateViewAccessor(_dataStart + offset * sizeof(T), (long)values.Length * sizeof(T), MemoryMappedFileAccess.ReadWrite);
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        try
        {
            // Little-endian machines (x64, Arm64) store floats as .npy does.
            values.CopyTo(new Span<T>(pointer + view.PointerOffset, values.Length));
        }
        finally
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }

    /// <summary>Unmaps the file; its data is then written out by the operating system.</summary>
    public void Dispose() => _file.Dispose();
}
