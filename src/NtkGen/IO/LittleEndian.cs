using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NtkGen.IO;

/// <summary>Little-endian float32 or float64 data of a file (safetensors, .npy) in the precision asked for, exact when widening.</summary>
internal static class LittleEndian
{
    /// <summary>The values of <paramref name="data"/>, <paramref name="elementSize"/> (4 or 8) bytes each, as doubles.</summary>
    public static double[] ToDoubles(ReadOnlySpan<byte> data, int elementSize)
    {
        var values = new double[data.Length / elementSize];
        Convert<double>(data, elementSize, values);
        return values;
    }

    /// <summary>Converts the values of <paramref name="data"/>, <paramref name="elementSize"/> (4 or 8) bytes each, into <paramref name="target"/>.</summary>
    // Compiled optimized on first use: a file is converted once, in a few calls, and a 2-million-weight file took 0.1 s
    // element by element through unoptimized generic code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Convert<T>(ReadOnlySpan<byte> data, int elementSize, Span<T> target)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (target.Length != data.Length / elementSize) throw new ArgumentException($"{data.Length / elementSize} values do not fit {target.Length}.", nameof(target));
        if (!BitConverter.IsLittleEndian)
        {
            for (int i = 0; i < target.Length; i++)
                target[i] = elementSize == 4 ? T.CreateTruncating(BinaryPrimitives.ReadSingleLittleEndian(data[(4 * i)..])) : T.CreateTruncating(BinaryPrimitives.ReadDoubleLittleEndian(data[(8 * i)..]));
            return;
        }
        // The bytes are the machine's own floats: copied when they are T, converted otherwise.
        if (Unsafe.SizeOf<T>() == elementSize)
        {
            data.CopyTo(MemoryMarshal.AsBytes(target));
            return;
        }
        if (elementSize == 4)
        {
            var floats = MemoryMarshal.Cast<byte, float>(data);
            for (int i = 0; i < floats.Length; i++) target[i] = T.CreateTruncating(floats[i]);
        }
        else
        {
            var doubles = MemoryMarshal.Cast<byte, double>(data);
            for (int i = 0; i < doubles.Length; i++) target[i] = T.CreateTruncating(doubles[i]);
        }
    }
}
