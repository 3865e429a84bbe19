using System.Numerics;
using System.Runtime.CompilerServices;

namespace NtkGen.IO;

/// <summary>Where a span of numbers first holds NaN or ±∞: what readers and writers of numbers refuse.</summary>
public static class NonFinite
{
    /// <summary>The index of the first value that is NaN or ±∞, or −1 when every value is finite.</summary>
    // Compiled optimized on first use: a command checks each file once, and the runtime's first, unoptimized
    // compilation of a vector loop would take longer than reading the file.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int IndexOf<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // v − v is 0 for a finite v and NaN otherwise, so one vector pass finds whether any value is not finite; only
        // then are the values looked at one by one.
        var nonFinite = Vector<T>.Zero;
        int i = 0;
        for (; i <= values.Length - Vector<T>.Count; i += Vector<T>.Count)
        {
            var v = new Vector<T>(values[i..]);
            nonFinite += v - v;
        }
        var tail = T.Zero;
        for (; i < values.Length; i++) tail += values[i] - values[i];
        if (Vector.EqualsAll(nonFinite, Vector<T>.Zero) && tail == T.Zero) return -1;
        for (i = 0; i < values.Length; i++)
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
