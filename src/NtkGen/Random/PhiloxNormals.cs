using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
/// The AVX-512 path and the scalar path produce the same numbers up to a few units in the sixth digit: the vector path
/// evaluates log, sin and cos with float polynomials (Cephes coefficients, a few ulp) on exactly reduced arguments (the
/// quarter turn comes from the integer bits), which makes it several times faster than the general-purpose vector
/// functions, while the scalar path rounds the angle 2πv to float first.
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

    /// <summary>Whether the AVX-512 path runs on this machine (else the scalar reference does).</summary>
    public static bool IsVectorized => Avx512F.IsSupported && Vector512.IsHardwareAccelerated;

    /// <summary>Writes numbers <c>64·firstChunk …</c> of stream <paramref name="stream"/> of <paramref name="seed"/> into <paramref name="destination"/>.</summary>
    public static void Fill(Span<float> destination, ulong seed, ulong stream, ulong firstChunk = 0)
        => FillScaled(destination, seed, stream, (long)firstChunk * ChunkLength, 1f);

    /// <summary>
    /// Writes <c>factor · z_i</c> for the numbers <c>i = start … start + destination.Length − 1</c> of stream
    /// <paramref name="stream"/> of <paramref name="seed"/> into <paramref name="destination"/>: the numbers are the
    /// single-precision values of <see cref="Fill"/>, multiplied in single precision and then converted to
    /// <typeparamref name="T"/>. The Monte Carlo engines draw each layer's weights with it, straight into the parameters.
    /// </summary>
    public static void FillScaled<T>(Span<T> destination, ulong seed, ulong stream, long start, float factor)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new NotSupportedException($"Normals are written as float or double, not {typeof(T).Name}.");
        bool vector = IsVectorized;
        Span<float> chunkValues = stackalloc float[ChunkLength];
        int written = 0;
        ulong chunk = (ulong)(start / ChunkLength);
        int skip = (int)(start % ChunkLength);
        ref T target = ref MemoryMarshal.GetReference(destination);
        while (written < destination.Length)
        {
            int count = Math.Min(ChunkLength - skip, destination.Length - written);
            if (vector && count == ChunkLength)
            {
                // A whole chunk: straight from registers into the destination.
                ChunkVector512(ref Unsafe.Add(ref target, written), seed, stream, chunk, factor);
            }
            else
            {
                if (vector) ChunkVector512(ref MemoryMarshal.GetReference(chunkValues), seed, stream, chunk, factor);
                else
                {
                    ChunkScalar(chunkValues, seed, stream, chunk);
                    if (factor != 1f) for (int i = 0; i < ChunkLength; i++) chunkValues[i] *= factor;
                }
                for (int i = 0; i < count; i++) Unsafe.Add(ref target, written + i) = T.CreateTruncating(chunkValues[skip + i]);
            }
            written += count;
            skip = 0;
            chunk++;
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

    /// <summary>One chunk, times <paramref name="factor"/>, written as four vectors of <typeparamref name="T"/> at <paramref name="target"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ChunkVector512<T>(ref T target, ulong seed, ulong stream, ulong chunk, float factor)
    {
        Philox16(chunk * 16, stream, seed, out var x0, out var x1, out var x2, out var x3);
        var scale = Vector512.Create(factor);
        var (a0, a1) = BoxMuller(x0, x1);
        var (a2, a3) = BoxMuller(x2, x3);
        Store(a0 * scale, ref target, 0);
        Store(a1 * scale, ref target, 16);
        Store(a2 * scale, ref target, 32);
        Store(a3 * scale, ref target, 48);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(Vector512<float> values, ref T target, int offset)
    {
        if (typeof(T) == typeof(float))
        {
            values.StoreUnsafe(ref Unsafe.As<T, float>(ref target), (nuint)offset);
        }
        else
        {
            ref double destination = ref Unsafe.As<T, double>(ref target);
            Vector512.WidenLower(values).StoreUnsafe(ref destination, (nuint)offset);
            Vector512.WidenUpper(values).StoreUnsafe(ref destination, (nuint)offset + 8);
        }
    }

    /// <summary>
    /// Philox4x32-10 of the 16 blocks <c>first … first+15</c> (first a multiple of 16, so the low counter word never
    /// carries inside the chunk): word <c>j</c> of block <c>first + lane</c> in lane <c>lane</c> of <c>xj</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Philox16(ulong first, ulong stream, ulong seed, out Vector512<uint> x0, out Vector512<uint> x1, out Vector512<uint> x2, out Vector512<uint> x3)
    {
        var c0 = Vector512.Create((uint)first) + Vector512<uint>.Indices;
        var c1 = Vector512.Create((uint)(first >> 32));
        var c2 = Vector512.Create((uint)stream);
        var c3 = Vector512.Create((uint)(stream >> 32));
        uint k0 = (uint)seed, k1 = (uint)(seed >> 32);
        // vpmuludq multiplies the low 32 bits of each 64-bit lane: the even lanes directly, the odd ones after a shift.
        var m0 = Vector512.Create((ulong)Multiplier0).AsUInt32();
        var m1 = Vector512.Create((ulong)Multiplier1).AsUInt32();
        var odd = Vector512.Create(0xFFFFFFFF00000000UL).AsUInt32();
        for (int round = 0; round < 10; round++)
        {
            var even0 = Avx512F.Multiply(c0, m0);
            var odd0 = Avx512F.Multiply(Avx512F.ShiftRightLogical(c0.AsUInt64(), 32).AsUInt32(), m0);
            var even1 = Avx512F.Multiply(c2, m1);
            var odd1 = Avx512F.Multiply(Avx512F.ShiftRightLogical(c2.AsUInt64(), 32).AsUInt32(), m1);
            // High words: even lanes from the even products shifted down, odd lanes from the odd products in place.
            var high0 = Vector512.ConditionalSelect(odd, odd0.AsUInt32(), Avx512F.ShiftRightLogical(even0, 32).AsUInt32());
            var low0 = Vector512.ConditionalSelect(odd, Avx512F.ShiftLeftLogical(odd0, 32).AsUInt32(), even0.AsUInt32());
            var high1 = Vector512.ConditionalSelect(odd, odd1.AsUInt32(), Avx512F.ShiftRightLogical(even1, 32).AsUInt32());
            var low1 = Vector512.ConditionalSelect(odd, Avx512F.ShiftLeftLogical(odd1, 32).AsUInt32(), even1.AsUInt32());
            c0 = high1 ^ c1 ^ Vector512.Create(k0);
            c2 = high0 ^ c3 ^ Vector512.Create(k1);
            c1 = low1;
            c3 = low0;
            k0 += KeyBump0;
            k1 += KeyBump1;
        }
        x0 = c0;
        x1 = c1;
        x2 = c2;
        x3 = c3;
    }

    /// <summary>Box–Muller of 16 pairs: <c>√(−2 ln u)·(cos 2πv, sin 2πv)</c>, u and v the top 24 bits of the words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float> Cos, Vector512<float> Sin) BoxMuller(Vector512<uint> first, Vector512<uint> second)
    {
        var u = Vector512.FusedMultiplyAdd(Vector512.ConvertToSingle((first >> 8).AsInt32()), Vector512.Create(Inverse2Pow24), Vector512.Create(0.5f * Inverse2Pow24));
        var radius = Vector512.Sqrt(Vector512.Create(-2f) * Log(u));
        var (sin, cos) = SinCosOfTurns(second);
        return (radius * cos, radius * sin);
    }

    /// <summary>ln x for normal positive x: x = 2^e·m with m in [√½, √2), ln m by the Cephes logf polynomial.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Log(Vector512<float> x)
    {
        var shifted = x.AsInt32() - Vector512.Create(0x3F3504F3);
        var exponent = Vector512.ConvertToSingle(shifted >> 23);
        var f = ((shifted & Vector512.Create(0x007FFFFF)) + Vector512.Create(0x3F3504F3)).AsSingle() - Vector512<float>.One;
        var f2 = f * f;
        var p = Vector512.Create(7.0376836292E-2f);
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(-1.1514610310E-1f));
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(1.1676998740E-1f));
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(-1.2420140846E-1f));
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(1.4249322787E-1f));
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(-1.6668057665E-1f));
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(2.0000714765E-1f));
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(-2.4999993993E-1f));
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(3.3333331174E-1f));
        var tail = Vector512.FusedMultiplyAdd(f2, Vector512.Create(-0.5f), p * f * f2);
        return Vector512.FusedMultiplyAdd(exponent, Vector512.Create(0.693147180559945f), f + tail);
    }

    /// <summary>
    /// sin and cos of <c>2π·w/2²⁴</c>, w the top 24 bits of <paramref name="bits"/>: the nearest quarter turn q comes
    /// from the integer w exactly, the rest is an angle in [−π/4, π/4) for the Cephes sinf/cosf polynomials, and the
    /// quarter turns swap and negate the results.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float> Sin, Vector512<float> Cos) SinCosOfTurns(Vector512<uint> bits)
    {
        var w = (bits >> 8).AsInt32();
        var quarter = (w + Vector512.Create(1 << 21)) >> 22;
        var x = Vector512.ConvertToSingle(w - (quarter << 22)) * Vector512.Create((float)(Math.PI / 2 / (1 << 22)));
        var x2 = x * x;
        var s = Vector512.FusedMultiplyAdd(Vector512.Create(-1.9515295891E-4f), x2, Vector512.Create(8.3321608736E-3f));
        s = Vector512.FusedMultiplyAdd(s, x2, Vector512.Create(-1.6666654611E-1f));
        var sin = Vector512.FusedMultiplyAdd(s * x2, x, x);
        var c = Vector512.FusedMultiplyAdd(Vector512.Create(2.443315711809948E-5f), x2, Vector512.Create(-1.388731625493765E-3f));
        c = Vector512.FusedMultiplyAdd(c, x2, Vector512.Create(4.166664568298827E-2f));
        var cos = Vector512.FusedMultiplyAdd(c * x2, x2, Vector512.FusedMultiplyAdd(x2, Vector512.Create(-0.5f), Vector512<float>.One));
        // Rotation by q quarter turns: (sin, cos) → (cos, −sin) → (−sin, −cos) → (−cos, sin).
        var swap = Vector512.Equals(quarter & Vector512<int>.One, Vector512<int>.One).AsSingle();
        var rotatedSin = Vector512.ConditionalSelect(swap, cos, sin);
        var rotatedCos = Vector512.ConditionalSelect(swap, sin, cos);
        var sinSign = (quarter << 30) & Vector512.Create(int.MinValue);
        var cosSign = ((quarter + Vector512<int>.One) << 30) & Vector512.Create(int.MinValue);
        return ((rotatedSin.AsInt32() ^ sinSign).AsSingle(), (rotatedCos.AsInt32() ^ cosSign).AsSingle());
    }
}
