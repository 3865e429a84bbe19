using System.Diagnostics;
using System.Numerics;
using NtkGen.Kernels;
using NtkGen.Random;

namespace NtkGen.Cli.Bench;

/// <summary>
/// <c>ntkgen bench ntk</c>: times <c>Θ(X, X)</c> (weights and biases parts) of a batch on the kernel the registry picks
/// for the shape, after a warm-up, and reports the median time, GFLOP/s counted as <see cref="NtkFlopCount.Matrix"/>
/// does, and the fraction of this machine's FMA peak on the same threads.
/// </summary>
internal static class NtkBench
{
    public static BenchReport Run<T>(NetworkSpec spec, int batch, int threads, int repeats)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int before = KernelThreading.MaxThreads;
        KernelThreading.MaxThreads = threads;
        try
        {
            var kernel = KernelRegistry.Resolve<T>(spec);
            var parameters = spec.CreateParameters<T>(seed: 1).Values;
            var inputs = new T[batch * spec.InputSize];
            new GaussianStream(2, 0).Fill(inputs, scale: 1 / Math.Sqrt(spec.InputSize));
            var weights = new T[batch * batch];
            var biases = new T[batch * batch];
            void Once() => kernel.NtkMatrix(parameters, inputs, inputs, weights, biases);

            var times = Timing.Repeat(Once, repeats);
            double median = BenchReport.Median(times), best = times.Min();
            double flops = NtkFlopCount.Matrix(spec, batch);
            double peak = FmaPeak.Measure<T>(threads);
            double gflops = flops / (median * 1e-3) / 1e9;
            return new BenchReport()
                .Add("bench", "ntk")
                .Add("network", spec.ToString())
                .Add("batch", batch)
                .Add("precision", PrecisionName.Of<T>())
                .Add("kernel", kernel.Name)
                .Add("selection", KernelSelection.Existing<T>(spec)?.ToString() ?? (KernelRegistry.ReadOverride() is { } forced ? $"forced by {KernelRegistry.OverrideVariable}={KernelTiers.ShortName(forced)}" : "generic (shape not declared)"))
                .Add("threads", threads)
                .Add("runs", times.Count)
                .Add("ms", median, "ms (median)")
                .Add("ms_min", best, "ms")
                .Add("gflop", flops / 1e9, "GFLOP per run")
                .Add("gflops", gflops, "GFLOP/s (median)")
                .Add("gflops_best", flops / (best * 1e-3) / 1e9, "GFLOP/s (fastest run)")
                .Add("peak_gflops", peak, $"GFLOP/s (FMA peak, {threads} thread{(threads == 1 ? "" : "s")})")
                .Add("percent_of_peak", 100 * gflops / peak, "%");
        }
        finally
        {
            KernelThreading.MaxThreads = before;
        }
    }
}

/// <summary>Warm-up and timed repetitions.</summary>
internal static class Timing
{
    /// <summary>
    /// Runs <paramref name="action"/> for at least 0.5 s and 3 times to warm up (JIT tiers, caches, thread pool), then
    /// <paramref name="repeats"/> timed runs (0: at least 10 runs and 1 s); returns the times in milliseconds.
    /// </summary>
    public static List<double> Repeat(Action action, int repeats)
    {
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 3 || clock.Elapsed.TotalSeconds < 0.5; i++) action();
        var times = new List<double>();
        var total = Stopwatch.StartNew();
        while (repeats > 0 ? times.Count < repeats : times.Count < 10 || (total.Elapsed.TotalSeconds < 1 && times.Count < 100_000))
        {
            clock.Restart();
            action();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        return times;
    }
}
