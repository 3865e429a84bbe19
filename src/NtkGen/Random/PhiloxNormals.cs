using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NtkGen.Random;

/// <summary>
/// Single-precision standard normals from Philox4x32-10, sixteen counters at a time (the Monte Carlo engines draw
/// <c>L·M²</c> of them per network, so this is their hot loop). Like <see cref="GaussianStream"/>, number <c>i</c> of
/// stream <c>(seed, stream)</c> is a fixed value whatever thread draws it; the layout differs so that it vectorizes:
/// chunk <c>c</c> holds numbers <c>64c … 64c+63</c>, made from Philox blocks <c>16c … 16c+15</c>; number
/// <c>64c + 16j + lane</c> is component <c>j</c> of block <c>16c + lane</c>, where the block's four 32-bit words give
/// two Box–Muller pairs (24-bit uniforms, so |z| ≤ 5.8).
/// </summary>
/// <remarks>
/// The AVX-512 path and the scalar path produce the same numbers up to the last bits of log/sin/cos.
/// </remarks>
public static class PhiloxNormals
{
    /// <summary>Numbers per chunk.</summary>
    public const int ChunkLength = 64;

    private const uint Multiplier0 = 0xD2511F53;
    private const uint Multiplier1 = 0xCD9E8D57;
    private const uint KeyBump0 = 0x9E3779B9;
    private const uint KeyBump1 = 0xBB67AE85;
    private const float Inverse2Pow24 = 1.0f / (1 << 24);
    private const float TwoPi = 2 * MathF.PI;

    /// <summary>Writes numbers <c>64·firstChunk …</c> of stream <paramref name="stream"/> of <paramref name="seed"/> into <paramref name="destination"/>.</summary>
    public static void Fill(Span<float> destination, ulong seed, ulong stream, ulong firstChunk = 0)
    {
        ulong chunk = firstChunk;
        int offset = 0;
        Span<float> last = stackalloc float[ChunkLength];
        bool vector = Avx512F.IsSupported && Vector512.IsHardwareAccelerated;
        for (; offset < destination.Length; offset += ChunkLength, chunk++)
        {
            var target = destination.Length - offset >= ChunkLength ? destination.Slice(offset, ChunkLength) : last;
            if (vector) ChunkVector512(target, seed, stream, chunk);
            else ChunkScalar(target, seed, stream, chunk);
            if (target == last) last[..(destination.Length - offset)].CopyTo(destination[offset..]);
        }
    }

    /// <summary>One chunk with the scalar Philox (the reference for the vector path).</summary>
    internal static void ChunkScalar(Span<float> destination, ulong seed, ulong stream, ulong chunk)
    {
        for (int lane = 0; lane < 16; lane++)
        {
            ulong block = chunk * 16 + (ulong)lane;
            var (x0, x1, x2, x3) = Philox4x32.Block((uint)block, (uint)(block >> 32), (uint)stream, (uint)(stream >> 32), (uint)seed, (uint)(seed >> 32));
            var (n0, n1) = BoxMuller(x0, x1);
            var (n2, n3) = BoxMuller(x2, x3);
            destination[lane] = n0;
            destination[16 + lane] = n1;
            destination[32 + lane] = n2;
            destination[48 + lane] = n3;
        }
    }

    private static (float, float) BoxMuller(uint first, uint second)
    {
        float u = (first >> 8) * Inverse2Pow24 + 0.5f * Inverse2Pow24;
        float v = (second >> 8) * Inverse2Pow24;
        float radius = MathF.Sqrt(-2 * MathF.Log(u));
        var (sin, cos) = MathF.SinCos(TwoPi * v);
        return (radius * cos, radius * sin);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ChunkVector512(Span<float> destination, ulong seed, ulong stream, ulong chunk)
    {
        ulong first = chunk * 16;
        // Counters of 16 consecutive blocks; the high word changes at most once inside a chunk of 16 aligned blocks.
        var c0 = Vector512.Create((uint)first) + Vector512<uint>.Indices;
        var c1 = Vector512.Create((uint)(first >> 32));
        var c2 = Vector512.Create((uint)stream);
        var c3 = Vector512.Create((uint)(stream >> 32));
        uint k0 = (uint)seed, k1 = (uint)(seed >> 32);
        var m0 = Vector512.Create(Multiplier0);
        var m1 = Vector512.Create(Multiplier1);
        for (int round = 0; round < 10; round++)
        {
            if (round > 0)
            {
                k0 += KeyBump0;
                k1 += KeyBump1;
            }
            var (hi0, lo0) = MultiplyHighLow(m0, c0);
            var (hi1, lo1) = MultiplyHighLow(m1, c2);
            var n0 = hi1 ^ c1 ^ Vector512.Create(k0);
            var n2 = hi0 ^ c3 ^ Vector512.Create(k1);
            c0 = n0;
            c1 = lo1;
            c2 = n2;
            c3 = lo0;
        }
        var (a0, a1) = BoxMuller(c0, c1);
        var (a2, a3) = BoxMuller(c2, c3);
        ref float target = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(destination);
        a0.StoreUnsafe(ref target);
        a1.StoreUnsafe(ref target, 16);
        a2.StoreUnsafe(ref target, 32);
        a3.StoreUnsafe(ref target, 48);
    }

    /// <summary>The high and low 32 bits of <c>a·b</c> in each of 16 lanes (vpmuludq on even and odd lanes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<uint> High, Vector512<uint> Low) MultiplyHighLow(Vector512<uint> a, Vector512<uint> b)
    {
        var even = Avx512F.Multiply(a, b);
        var odd = Avx512F.Multiply((a.AsUInt64() >> 32).AsUInt32(), (b.AsUInt64() >> 32).AsUInt32());
        var lowMask = Vector512.Create(0x00000000FFFFFFFFUL);
        var low = (even & lowMask) | (odd << 32);
        var high = (even >> 32) | (odd & ~lowMask);
        return (high.AsUInt32(), low.AsUInt32());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float> Cos, Vector512<float> Sin) BoxMuller(Vector512<uint> first, Vector512<uint> second)
    {
        var scale = Vector512.Create(Inverse2Pow24);
        var u = Vector512.ConvertToSingle(first >> 8) * scale + Vector512.Create(0.5f * Inverse2Pow24);
        var v = Vector512.ConvertToSingle(second >> 8) * scale;
        var radius = Vector512.Sqrt(Vector512.Create(-2f) * Vector512.Log(u));
        var (sin, cos) = Vector512.SinCos(Vector512.Create(TwoPi) * v);
        return (radius * cos, radius * sin);
    }
}
