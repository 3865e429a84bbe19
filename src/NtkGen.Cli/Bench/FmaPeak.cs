using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NtkGen.Cli.Bench;

/// <summary>
/// The machine's multiply-add peak: twelve independent accumulator chains of the widest accelerated vector on each
/// thread, nothing but multiply-adds, fused where the CPU has FMA (the reference for "% of peak").
/// </summary>
internal static class FmaPeak
{
    /// <summary>GFLOP/s of <paramref name="threads"/> threads in the precision of <typeparamref name="T"/> (float or double).</summary>
    public static double Measure<T>(int threads, double seconds = 0.3)
    {
        long iterations = 1 << 16;
        Loop<T>(iterations);
        // Calibrate one thread to about a tenth of the budget, then run that on every thread at once, best of three.
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds / 10)
        {
            iterations *= 2;
            clock.Restart();
            Loop<T>(iterations);
        }
        double best = 0;
        for (int round = 0; round < 3; round++)
        {
            clock.Restart();
            var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() => Loop<T>(iterations))).ToList();
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

    private static void Loop<T>(long iterations)
    {
        if (typeof(T) == typeof(float))
        {
            if (Vector512.IsHardwareAccelerated) Chains(iterations, Vector512.Create(0.999f), Vector512.Create(1e-3f));
            else if (Vector256.IsHardwareAccelerated) Chains(iterations, Vector256.Create(0.999f), Vector256.Create(1e-3f));
            else Chains(iterations, Vector128.Create(0.999f), Vector128.Create(1e-3f));
        }
        else
        {
            if (Vector512.IsHardwareAccelerated) Chains(iterations, Vector512.Create(0.999), Vector512.Create(1e-3));
            else if (Vector256.IsHardwareAccelerated) Chains(iterations, Vector256.Create(0.999), Vector256.Create(1e-3));
            else Chains(iterations, Vector128.Create(0.999), Vector128.Create(1e-3));
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains(long iterations, Vector512<float> x, Vector512<float> y)
    {
        Vector512<float> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector512.MultiplyAddEstimate(a0, x, y);
            a1 = Vector512.MultiplyAddEstimate(a1, x, y);
            a2 = Vector512.MultiplyAddEstimate(a2, x, y);
            a3 = Vector512.MultiplyAddEstimate(a3, x, y);
            a4 = Vector512.MultiplyAddEstimate(a4, x, y);
            a5 = Vector512.MultiplyAddEstimate(a5, x, y);
            a6 = Vector512.MultiplyAddEstimate(a6, x, y);
            a7 = Vector512.MultiplyAddEstimate(a7, x, y);
            a8 = Vector512.MultiplyAddEstimate(a8, x, y);
            a9 = Vector512.MultiplyAddEstimate(a9, x, y);
            a10 = Vector512.MultiplyAddEstimate(a10, x, y);
            a11 = Vector512.MultiplyAddEstimate(a11, x, y);
        }
        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static double Chains(long iterations, Vector512<double> x, Vector512<double> y)
    {
        Vector512<double> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector512.MultiplyAddEstimate(a0, x, y);
            a1 = Vector512.MultiplyAddEstimate(a1, x, y);
            a2 = Vector512.MultiplyAddEstimate(a2, x, y);
            a3 = Vector512.MultiplyAddEstimate(a3, x, y);
            a4 = Vector512.MultiplyAddEstimate(a4, x, y);
            a5 = Vector512.MultiplyAddEstimate(a5, x, y);
            a6 = Vector512.MultiplyAddEstimate(a6, x, y);
            a7 = Vector512.MultiplyAddEstimate(a7, x, y);
            a8 = Vector512.MultiplyAddEstimate(a8, x, y);
            a9 = Vector512.MultiplyAddEstimate(a9, x, y);
            a10 = Vector512.MultiplyAddEstimate(a10, x, y);
            a11 = Vector512.MultiplyAddEstimate(a11, x, y);
        }
        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains(long iterations, Vector256<float> x, Vector256<float> y)
    {
        Vector256<float> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector256.MultiplyAddEstimate(a0, x, y);
            a1 = Vector256.MultiplyAddEstimate(a1, x, y);
            a2 = Vector256.MultiplyAddEstimate(a2, x, y);
            a3 = Vector256.MultiplyAddEstimate(a3, x, y);
            a4 = Vector256.MultiplyAddEstimate(a4, x, y);
            a5 = Vector256.MultiplyAddEstimate(a5, x, y);
            a6 = Vector256.MultiplyAddEstimate(a6, x, y);
            a7 = Vector256.MultiplyAddEstimate(a7, x, y);
            a8 = Vector256.MultiplyAddEstimate(a8, x, y);
            a9 = Vector256.MultiplyAddEstimate(a9, x, y);
            a10 = Vector256.MultiplyAddEstimate(a10, x, y);
            a11 = Vector256.MultiplyAddEstimate(a11, x, y);
        }
        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static double Chains(long iterations, Vector256<double> x, Vector256<double> y)
    {
        Vector256<double> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector256.MultiplyAddEstimate(a0, x, y);
            a1 = Vector256.MultiplyAddEstimate(a1, x, y);
            a2 = Vector256.MultiplyAddEstimate(a2, x, y);
            a3 = Vector256.MultiplyAddEstimate(a3, x, y);
            a4 = Vector256.MultiplyAddEstimate(a4, x, y);
            a5 = Vector256.MultiplyAddEstimate(a5, x, y);
            a6 = Vector256.MultiplyAddEstimate(a6, x, y);
            a7 = Vector256.MultiplyAddEstimate(a7, x, y);
            a8 = Vector256.MultiplyAddEstimate(a8, x, y);
            a9 = Vector256.MultiplyAddEstimate(a9, x, y);
            a10 = Vector256.MultiplyAddEstimate(a10, x, y);
            a11 = Vector256.MultiplyAddEstimate(a11, x, y);
        }
        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains(long iterations, Vector128<float> x, Vector128<float> y)
    {
        Vector128<float> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector128.MultiplyAddEstimate(a0, x, y);
            a1 = Vector128.MultiplyAddEstimate(a1, x, y);
            a2 = Vector128.MultiplyAddEstimate(a2, x, y);
            a3 = Vector128.MultiplyAddEstimate(a3, x, y);
            a4 = Vector128.MultiplyAddEstimate(a4, x, y);
            a5 = Vector128.MultiplyAddEstimate(a5, x, y);
            a6 = Vector128.MultiplyAddEstimate(a6, x, y);
            a7 = Vector128.MultiplyAddEstimate(a7, x, y);
            a8 = Vector128.MultiplyAddEstimate(a8, x, y);
            a9 = Vector128.MultiplyAddEstimate(a9, x, y);
            a10 = Vector128.MultiplyAddEstimate(a10, x, y);
            a11 = Vector128.MultiplyAddEstimate(a11, x, y);
        }
        return Vector128.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static double Chains(long iterations, Vector128<double> x, Vector128<double> y)
    {
        Vector128<double> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector128.MultiplyAddEstimate(a0, x, y);
            a1 = Vector128.MultiplyAddEstimate(a1, x, y);
            a2 = Vector128.MultiplyAddEstimate(a2, x, y);
            a3 = Vector128.MultiplyAddEstimate(a3, x, y);
            a4 = Vector128.MultiplyAddEstimate(a4, x, y);
            a5 = Vector128.MultiplyAddEstimate(a5, x, y);
            a6 = Vector128.MultiplyAddEstimate(a6, x, y);
            a7 = Vector128.MultiplyAddEstimate(a7, x, y);
            a8 = Vector128.MultiplyAddEstimate(a8, x, y);
            a9 = Vector128.MultiplyAddEstimate(a9, x, y);
            a10 = Vector128.MultiplyAddEstimate(a10, x, y);
            a11 = Vector128.MultiplyAddEstimate(a11, x, y);
        }
        return Vector128.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }
}
