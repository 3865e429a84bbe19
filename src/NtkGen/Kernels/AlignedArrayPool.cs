using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace NtkGen.Kernels;

/// <summary>
/// Pinned arrays handed out at a 64-byte aligned offset, for the batched kernels' panels: a vector load never straddles
/// two cache lines, and the arrays never move. A few are kept for reuse (up to 64 MB each: a one-off huge batch does not
/// pin its memory for the life of the process).
/// </summary>
internal static class AlignedArrayPool<T>
    where T : unmanaged
{
    private const int Alignment = 64;
    private const int Kept = 4;
    private const long KeptBytes = 64L << 20;
    private static readonly ConcurrentBag<T[]> s_arrays = [];

    /// <summary>An array with at least <paramref name="length"/> elements after <paramref name="offset"/>, which is 64-byte aligned.</summary>
    public static T[] Rent(int length, out int offset)
    {
        T[]? array = null;
        var rejected = new List<T[]>();
        while (s_arrays.TryTake(out var candidate))
        {
            if (candidate.Length >= length + Alignment / Unsafe.SizeOf<T>())
            {
                array = candidate;
                break;
            }
            rejected.Add(candidate);
        }
        foreach (var small in rejected)
        {
            if (s_arrays.Count < Kept) s_arrays.Add(small);
        }
        array ??= GC.AllocateUninitializedArray<T>(length + Alignment / Unsafe.SizeOf<T>(), pinned: true);
        offset = AlignedOffset(array);
        return array;
    }

    /// <summary>Gives an array back for reuse.</summary>
    public static void Return(T[] array)
    {
        if (s_arrays.Count < Kept && (long)array.Length * Unsafe.SizeOf<T>() <= KeptBytes) s_arrays.Add(array);
    }

    private static unsafe int AlignedOffset(T[] array)
    {
        // The array is pinned (pinned object heap): its address is fixed for its lifetime.
        long address = (long)Unsafe.AsPointer(ref array[0]);
        int misalignment = (int)(address & (Alignment - 1));
        return misalignment == 0 ? 0 : (Alignment - misalignment) / Unsafe.SizeOf<T>();
    }
}
