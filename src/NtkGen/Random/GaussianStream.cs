using System.Numerics;
using System.Runtime.CompilerServices;

namespace NtkGen.Random;

/// <summary>
/// Standard normal numbers addressed by <c>(seed, stream, index)</c>: number <c>index</c> of stream
/// <c>stream</c> is always the same value, whichever thread draws it and in whichever order. Streams are
/// independent (Philox counters differ in their upper 64 bits), which makes the generator splittable: a Monte Carlo
/// sample <c>s</c> uses stream <c>s</c>.
/// </summary>
/// <remarks>
/// Philox block <c>i</c> of a stream yields numbers <c>2i</c> and <c>2i+1</c> by the Box–Muller transform of two
/// 53-bit uniforms.
/// </remarks>
public readonly struct GaussianStream
{
    private const double TwoPi = 2 * Math.PI;
    private const double Inverse2Pow53 = 1.0 / (1UL << 53);

    private readonly uint _k0, _k1, _s0, _s1;

    /// <summary>Stream <paramref name="stream"/> of the generator keyed by <paramref name="seed"/>.</summary>
    public GaussianStream(ulong seed, ulong stream)
    {
        Seed = seed;
        Stream = stream;
        _k0 = (uint)seed;
        _k1 = (uint)(seed >> 32);
        _s0 = (uint)stream;
        _s1 = (uint)(stream >> 32);
    }

    /// <summary>The generator key.</summary>
    public ulong Seed { get; }

    /// <summary>The stream number.</summary>
    public ulong Stream { get; }

    /// <summary>An independent stream of the same seed.</summary>
    public GaussianStream Split(ulong stream) => new(Seed, stream);

    /// <summary>Number <paramref name="index"/> of this stream.</summary>
    public double this[ulong index]
    {
        get
        {
            var (first, second) = Pair(index >> 1);
            return (index & 1) == 0 ? first : second;
        }
    }

    /// <summary>Writes numbers <c>firstIndex … firstIndex + destination.Length - 1</c>, each times <paramref name="scale"/>.</summary>
    public void Fill<T>(Span<T> destination, ulong firstIndex = 0, double scale = 1.0)
        where T : IFloatingPointIeee754<T>
    {
        int i = 0;
        ulong index = firstIndex;
        if ((index & 1) == 1 && destination.Length > 0)
        {
            destination[i++] = T.CreateTruncating(Pair(index >> 1).Second * scale);
            index++;
        }
        for (; i + 1 < destination.Length; i += 2, index += 2)
        {
            var (first, second) = Pair(index >> 1);
            destination[i] = T.CreateTruncating(first * scale);
            destination[i + 1] = T.CreateTruncating(second * scale);
        }
        if (i < destination.Length)
        {
            destination[i] = T.CreateTruncating(Pair(index >> 1).First * scale);
        }
    }

    /// <summary>The two normal numbers of Philox block <paramref name="block"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (double First, double Second) Pair(ulong block)
    {
        var (x0, x1, x2, x3) = Philox4x32.Block((uint)block, (uint)(block >> 32), _s0, _s1, _k0, _k1);
        // u in (0, 1] so that log(u) is finite; v in [0, 1).
        double u = (((((ulong)x1 << 32) | x0) >> 11) + 1) * Inverse2Pow53;
        double v = ((((ulong)x3 << 32) | x2) >> 11) * Inverse2Pow53;
        double radius = Math.Sqrt(-2.0 * Math.Log(u));
        var (sin, cos) = Math.SinCos(TwoPi * v);
        return (radius * cos, radius * sin);
    }
}
