using System.Numerics;
using System.Runtime.CompilerServices;

namespace NtkGen.Random;

/// <summary>
/// xoshiro256** (Blackman &amp; Vigna), seeded from <c>(seed, stream)</c> through SplitMix64: a fast sequential generator
/// for the scalar samplers (binomials by popcount, chi-square draws). Each Monte Carlo sample owns its own stream, so
/// results do not depend on the thread that draws them.
/// </summary>
public struct Xoshiro256
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareNormal;
    private bool _hasSpare;

    /// <summary>Stream <paramref name="stream"/> of <paramref name="seed"/>.</summary>
    public Xoshiro256(ulong seed, ulong stream)
    {
        ulong state = seed ^ (0x9E3779B97F4A7C15UL * (stream + 1));
        // Two SplitMix64 rounds of mixing between seed and stream, then four state words.
        state = SplitMix(ref state) ^ stream;
        _s0 = SplitMix(ref state);
        _s1 = SplitMix(ref state);
        _s2 = SplitMix(ref state);
        _s3 = SplitMix(ref state);
        _spareNormal = 0;
        _hasSpare = false;
    }

    /// <summary>64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform number in (0, 1): never 0, so its logarithm is finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextOpenUnit() => ((NextUInt64() >> 11) + 0.5) * (1.0 / (1UL << 53));

    /// <summary>A standard normal number (Marsaglia's polar method, the second value kept for the next call).</summary>
    public double NextNormal()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareNormal;
        }
        double u, v, s;
        do
        {
            u = 2 * NextOpenUnit() - 1;
            v = 2 * NextOpenUnit() - 1;
            s = u * u + v * v;
        }
        while (s >= 1 || s == 0);
        double factor = Math.Sqrt(-2 * Math.Log(s) / s);
        _spareNormal = v * factor;
        _hasSpare = true;
        return u * factor;
    }

    /// <summary>A Binomial(<paramref name="trials"/>, 1/2) number, exactly: the number of set bits among that many random bits.</summary>
    public int NextBinomialHalf(int trials)
    {
        int count = 0;
        int full = trials >> 6;
        for (int i = 0; i < full; i++) count += BitOperations.PopCount(NextUInt64());
        int rest = trials & 63;
        if (rest > 0) count += BitOperations.PopCount(NextUInt64() & ((1UL << rest) - 1));
        return count;
    }

    /// <summary>A chi-square number with <paramref name="degrees"/> degrees of freedom (0 gives 0).</summary>
    public double NextChiSquare(int degrees)
    {
        switch (degrees)
        {
            case <= 0:
                return 0;
            case 1:
            {
                double z = NextNormal();
                return z * z;
            }
            case 2:
                return -2 * Math.Log(NextOpenUnit());
            default:
                return 2 * NextGammaAtLeastOne(0.5 * degrees);
        }
    }

    /// <summary>Gamma(shape, 1) for shape ≥ 1 (Marsaglia &amp; Tsang 2000).</summary>
    private double NextGammaAtLeastOne(double shape)
    {
        double d = shape - 1.0 / 3, c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = NextNormal();
                v = 1 + c * x;
            }
            while (v <= 0);
            v = v * v * v;
            double u = NextOpenUnit();
            double x2 = x * x;
            if (u < 1 - 0.0331 * x2 * x2) return d * v;
            if (Math.Log(u) < 0.5 * x2 + d * (1 - v + Math.Log(v))) return d * v;
        }
    }

    private static ulong SplitMix(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
