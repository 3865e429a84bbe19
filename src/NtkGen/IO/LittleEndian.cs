using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NtkGen.IO;

/// <summary>Little-endian float32 or float64 data of a file (safetensors, .npy) in the precision asked for, exact when widening.</summary>
/// <remarks>
/// Plain loops for each pair of types, compiled optimized on first use: a file is converted once, in a few calls, and the
/// runtime's first compilation of a generic-math or vector-library loop took longer than reading the file.
/// </remarks>
internal static class LittleEndian
{
    /// <summary>The values of <paramref name="data"/>, <paramref name="elementSize"/> (4 or 8) bytes each, as doubles.</summary>
    public static double[] ToDoubles(ReadOnlySpan<byte> data, int elementSize)
    {
        var values = new double[data.Length / elementSize];
        ToDouble(data, elementSize, values);
        return values;
    }

    /// <summary>Converts the values of <paramref name="data"/>, <paramref name="elementSize"/> (4 or 8) bytes each, into <paramref name="target"/> (float or double).</summary>
    public static void Convert<T>(ReadOnlySpan<byte> data, int elementSize, Span<T> target)
        where T : unmanaged
    {
        if (target.Length != data.Length / elementSize) throw new ArgumentException($"{data.Length / elementSize} values do not fit {target.Length}.", nameof(target));
        if (typeof(T) == typeof(double)) ToDouble(data, elementSize, MemoryMarshal.Cast<T, double>(target));
        else if (typeof(T) == typeof(float)) ToSingle(data, elementSize, MemoryMarshal.Cast<T, float>(target));
        else throw new NotSupportedException($"{typeof(T).Name} is not float or double.");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ToDouble(ReadOnlySpan<byte> data, int elementSize, Span<double> target)
    {
        if (elementSize == 8 && BitConverter.IsLittleEndian)
        {
            MemoryMarshal.Cast<byte, double>(data).CopyTo(target);
            return;
        }
        for (int i = 0; i < target.Length; i++)
            target[i] = elementSize == 4 ? BinaryPrimitives.ReadSingleLittleEndian(data[(4 * i)..]) : BinaryPrimitives.ReadDoubleLittleEndian(data[(8 * i)..]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ToSingle(ReadOnlySpan<byte> data, int elementSize, Span<float> target)
    {
        if (elementSize == 4 && BitConverter.IsLittleEndian)
        {
            MemoryMarshal.Cast<byte, float>(data).CopyTo(target);
            return;
        }
        for (int i = 0; i < target.Length; i++)
            target[i] = elementSize == 4 ? BinaryPrimitives.ReadSingleLittleEndian(data[(4 * i)..]) : (float)BinaryPrimitives.ReadDoubleLittleEndian(data[(8 * i)..]);
    }
}
