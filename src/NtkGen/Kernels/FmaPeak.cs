using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NtkGen.Kernels;

/// <summary>
/// The machine's multiply-add peak: twelve independent accumulator chains of the widest accelerated vector on each
/// thread, nothing but multiply-adds, fused where the CPU has FMA (the reference for "% of peak" of `ntkgen bench` and of
/// the BenchmarkDotNet suite).
/// </summary>
public static class FmaPeak
{
    /// <summary>GFLOP/s of <paramref name="threads"/> threads in the precision of <typeparamref name="T"/> (float or double).</summary>
    public static double Measure<T>(int threads, double seconds = 0.3)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        long iterations = 1 << 16;
        Run<T>(iterations);
        // Calibrate one thread to about a tenth of the budget, then run that on every thread at once, best of three.
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds / 10)
        {
            iterations *= 2;
            clock.Restart();
            Run<T>(iterations);
        }
        double best = 0;
        for (int round = 0; round < 3; round++)
        {
            clock.Restart();
            var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() => Run<T>(iterations))).ToList();
            foreach (var worker in workers) worker.Start();
            foreach (var worker in workers) worker.Join();
            double flops = (double)threads * iterations * 12 * 2 * LanesOf<T>();
            best = Math.Max(best, flops / clock.Elapsed.TotalSeconds / 1e9);
        }
        return best;
    }

    /// <summary>Lanes of the widest accelerated vector for <typeparamref name="T"/>.</summary>
    public static int LanesOf<T>()
        => (Vector512.IsHardwareAccelerated ? 64 : Vector256.IsHardwareAccelerated ? 32 : 16) / Unsafe.SizeOf<T>();

    /// <summary>One thread's <paramref name="iterations"/> × 12 multiply-adds of the widest accelerated vector of <typeparamref name="T"/> (float or double).</summary>
    public static void Run<T>(long iterations)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T x = T.CreateTruncating(0.999), y = T.CreateTruncating(1e-3);
        if (Vector512.IsHardwareAccelerated) Chains512(iterations, Vector512.Create(x), Vector512.Create(y));
        else if (Vector256.IsHardwareAccelerated) Chains256(iterations, Vector256.Create(x), Vector256.Create(y));
        else Chains128(iterations, Vector128.Create(x), Vector128.Create(y));
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static T Chains512<T>(long iterations, Vector512<T> x, Vector512<T> y)
    {
        Vector512<T> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Fma(a0, x, y); a1 = Fma(a1, x, y); a2 = Fma(a2, x, y); a3 = Fma(a3, x, y); a4 = Fma(a4, x, y); a5 = Fma(a5, x, y);
            a6 = Fma(a6, x, y); a7 = Fma(a7, x, y); a8 = Fma(a8, x, y); a9 = Fma(a9, x, y); a10 = Fma(a10, x, y); a11 = Fma(a11, x, y);
        }
        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static T Chains256<T>(long iterations, Vector256<T> x, Vector256<T> y)
    {
        Vector256<T> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Fma(a0, x, y); a1 = Fma(a1, x, y); a2 = Fma(a2, x, y); a3 = Fma(a3, x, y); a4 = Fma(a4, x, y); a5 = Fma(a5, x, y);
            a6 = Fma(a6, x, y); a7 = Fma(a7, x, y); a8 = Fma(a8, x, y); a9 = Fma(a9, x, y); a10 = Fma(a10, x, y); a11 = Fma(a11, x, y);
        }
        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static T Chains128<T>(long iterations, Vector128<T> x, Vector128<T> y)
    {
        Vector128<T> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Fma(a0, x, y); a1 = Fma(a1, x, y); a2 = Fma(a2, x, y); a3 = Fma(a3, x, y); a4 = Fma(a4, x, y); a5 = Fma(a5, x, y);
            a6 = Fma(a6, x, y); a7 = Fma(a7, x, y); a8 = Fma(a8, x, y); a9 = Fma(a9, x, y); a10 = Fma(a10, x, y); a11 = Fma(a11, x, y);
        }
        return Vector128.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Fma<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c)
        => typeof(T) == typeof(float)
            ? Vector512.MultiplyAddEstimate(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
            : Vector512.MultiplyAddEstimate(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c)
        => typeof(T) == typeof(float)
            ? Vector256.MultiplyAddEstimate(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
            : Vector256.MultiplyAddEstimate(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<T> Fma<T>(Vector128<T> a, Vector128<T> b, Vector128<T> c)
        => typeof(T) == typeof(float)
            ? Vector128.MultiplyAddEstimate(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
            : Vector128.MultiplyAddEstimate(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
}
