using System.Runtime.InteropServices;
using NtkGen.Kernels;

namespace NtkGen.Tests.Kernels;

/// <summary>The panel pool: aligned offsets, and the one large array kept for the next request of its size (training's panels).</summary>
[TestClass]
public sealed class AlignedArrayPoolTests
{
    private const int Large = 72 << 20; // bytes, above the 64 MB of the small arrays kept

    [TestMethod]
    public void Offsets_are_64_byte_aligned()
    {
        var array = AlignedArrayPool<double>.Rent(1000, out int offset);
        // The pool's arrays are pinned, so the element's address is fixed.
        Assert.AreEqual(0L, Marshal.UnsafeAddrOfPinnedArrayElement(array, offset).ToInt64() & 63);
        Assert.IsGreaterThanOrEqualTo(1000, array.Length - offset);
        AlignedArrayPool<double>.Return(array);
    }

    [TestMethod]
    public void The_large_array_is_reused_and_a_smaller_one_returned_does_not_evict_it()
    {
        // Bytes: a pool of its own element type, so that no other test's panels interfere.
        var first = AlignedArrayPool<byte>.Rent(Large, out _);
        AlignedArrayPool<byte>.Return(first);
        var again = AlignedArrayPool<byte>.Rent(Large, out _);
        Assert.AreSame(first, again, "the same size is served from the kept array");

        var smaller = AlignedArrayPool<byte>.Rent(Large - (1 << 20), out _);
        Assert.AreNotSame(first, smaller, "the kept array is lent out");
        AlignedArrayPool<byte>.Return(smaller);
        AlignedArrayPool<byte>.Return(again);
        Assert.AreSame(first, AlignedArrayPool<byte>.Rent(Large, out _), "the larger of the two returned is kept");

        var larger = AlignedArrayPool<byte>.Rent(Large + (1 << 20), out int offset);
        Assert.IsGreaterThanOrEqualTo(Large + (1 << 20), larger.Length - offset);
        AlignedArrayPool<byte>.Return(larger);
    }
}
