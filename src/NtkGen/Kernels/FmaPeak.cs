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
            double flops = (double)threads * iterations * 12 * 2 * VectorOps.WidestLanes<T>();
            best = Math.Max(best, flops / clock.Elapsed.TotalSeconds / 1e9);
        }
        return best;
    }

    /// <summary>One thread's <paramref name="iterations"/> × 12 multiply-adds of the widest accelerated vector of <typeparamref name="T"/> (float or double).</summary>
    public static void Run<T>(long iterations)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T x = T.CreateTruncating(0.999), y = T.CreateTruncating(1e-3);
        if (Vector512.IsHardwareAccelerated) Chains<T, Vector512<T>, Vector512Ops<T>>(iterations, x, y);
        else if (Vector256.IsHardwareAccelerated) Chains<T, Vector256<T>, Vector256Ops<T>>(iterations, x, y);
        else Chains<T, Vector128<T>, Vector128Ops<T>>(iterations, x, y);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static T Chains<T, TVector, TOps>(long iterations, T scalarX, T scalarY)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVector : struct
        where TOps : struct, IVectorOps<T, TVector>
    {
        TVector x = TOps.Broadcast(scalarX), y = TOps.Broadcast(scalarY);
        TVector a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
        for (long i = 0; i < iterations; i++)
        {
            a0 = TOps.MultiplyAdd(a0, x, y); a1 = TOps.MultiplyAdd(a1, x, y); a2 = TOps.MultiplyAdd(a2, x, y);
            a3 = TOps.MultiplyAdd(a3, x, y); a4 = TOps.MultiplyAdd(a4, x, y); a5 = TOps.MultiplyAdd(a5, x, y);
            a6 = TOps.MultiplyAdd(a6, x, y); a7 = TOps.MultiplyAdd(a7, x, y); a8 = TOps.MultiplyAdd(a8, x, y);
            a9 = TOps.MultiplyAdd(a9, x, y); a10 = TOps.MultiplyAdd(a10, x, y); a11 = TOps.MultiplyAdd(a11, x, y);
        }
        // The sum keeps the chains alive: the JIT cannot drop them.
        var sum = TOps.Add(TOps.Add(TOps.Add(a0, a1), TOps.Add(a2, a3)), TOps.Add(TOps.Add(a4, a5), TOps.Add(a6, a7)));
        return TOps.Sum(TOps.Add(sum, TOps.Add(TOps.Add(a8, a9), TOps.Add(a10, a11))));
    }
}
