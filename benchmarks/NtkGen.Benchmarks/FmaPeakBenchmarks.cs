using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;

namespace NtkGen.Benchmarks;

/// <summary>
/// The FMA peak of the job's widest vector on all cores: twelve independent accumulator chains per core, nothing but
/// multiply-adds (fused where the ISA has FMA). The reference for the "% of peak" column of <see cref="NtkMatrixBenchmarks"/>.
/// </summary>
[Config(typeof(VectorWidthJobs))]
public class FmaPeakBenchmarks : IJobFlopCount
{
    private const long Iterations = 1 << 22;

    [Params("f32", "f64")]
    public string Precision { get; set; } = "f32";

    /// <summary>Flops of one invocation in the job <paramref name="jobId"/> (its vector width sets the lanes).</summary>
    public double FlopsIn(string jobId)
        => (double)Environment.ProcessorCount * Iterations * 12 * 2 * VectorWidthJobs.BitsOf(jobId) / 8 / (Precision == "f32" ? 4 : 8);

    [Benchmark(Description = "FMA peak, all cores")]
    public void Peak()
        => Parallel.For(0, Environment.ProcessorCount, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, _ =>
        {
            if (Precision == "f32") Chains(Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 128, 0.999f, 1e-3f);
            else Chains(Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 128, 0.999, 1e-3);
        });

    private static void Chains<T>(int bits, T x, T y)
        where T : unmanaged
    {
        if (bits == 512) Chains512(Vector512.Create(x), Vector512.Create(y));
        else if (bits == 256) Chains256(Vector256.Create(x), Vector256.Create(y));
        else Chains128(Vector128.Create(x), Vector128.Create(y));
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static T Chains512<T>(Vector512<T> x, Vector512<T> y)
    {
        Vector512<T> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
        for (long i = 0; i < Iterations; i++)
        {
            a0 = Fma(a0, x, y); a1 = Fma(a1, x, y); a2 = Fma(a2, x, y); a3 = Fma(a3, x, y); a4 = Fma(a4, x, y); a5 = Fma(a5, x, y);
            a6 = Fma(a6, x, y); a7 = Fma(a7, x, y); a8 = Fma(a8, x, y); a9 = Fma(a9, x, y); a10 = Fma(a10, x, y); a11 = Fma(a11, x, y);
        }
        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static T Chains256<T>(Vector256<T> x, Vector256<T> y)
    {
        Vector256<T> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
        for (long i = 0; i < Iterations; i++)
        {
            a0 = Fma(a0, x, y); a1 = Fma(a1, x, y); a2 = Fma(a2, x, y); a3 = Fma(a3, x, y); a4 = Fma(a4, x, y); a5 = Fma(a5, x, y);
            a6 = Fma(a6, x, y); a7 = Fma(a7, x, y); a8 = Fma(a8, x, y); a9 = Fma(a9, x, y); a10 = Fma(a10, x, y); a11 = Fma(a11, x, y);
        }
        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static T Chains128<T>(Vector128<T> x, Vector128<T> y)
    {
        Vector128<T> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
        for (long i = 0; i < Iterations; i++)
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
