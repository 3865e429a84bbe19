using System.Numerics;
using System.Numerics.Tensors;

namespace NtkGen.IO;

/// <summary>Where a span of numbers first holds NaN or ±∞: what readers and writers of numbers refuse.</summary>
public static class NonFinite
{
    /// <summary>The index of the first value that is NaN or ±∞, or −1 when every value is finite.</summary>
    public static int IndexOf<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // A finite sum means every value is finite (one vectorized pass); only a sum that is not needs the values looked at.
        if (T.IsFinite(TensorPrimitives.Sum(values))) return -1;
        for (int i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i])) return i;
        }
        return -1;
    }

    /// <summary>NaN, +∞ or −∞, written the same whatever the culture.</summary>
    public static string Describe<T>(T value)
        where T : IFloatingPointIeee754<T>
        => T.IsNaN(value) ? "NaN" : T.IsPositive(value) ? "+∞" : "−∞";
}
