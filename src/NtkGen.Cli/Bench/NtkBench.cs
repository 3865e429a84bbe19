using System.Diagnostics;
using System.Numerics;
using NtkGen.Kernels;
using NtkGen.Random;

namespace NtkGen.Cli.Bench;

/// <summary>
/// <c>ntkgen bench ntk</c>: times <c>Θ(X, X)</c> (or <c>Θ(X1, X2)</c>), weights and biases parts, of a batch on the kernel the
/// registry picks for the shape, after a warm-up, and reports the median time, GFLOP/s counted as
/// <see cref="NtkFlopCount.Matrix(NetworkSpec, int, int, bool)"/> does, the fraction of this machine's FMA peak on the same
/// threads, the kernel that ran and how long choosing it took.
/// </summary>
internal static class NtkBench
{
    /// <param name="spec">The network.</param>
    /// <param name="batch">N1, the inputs of X1.</param>
    /// <param name="batch2">N2 for a second batch X2, or 0 for Θ(X, X).</param>
    /// <param name="threads">Threads of the kernel and of the peak.</param>
    /// <param name="repeats">Timed runs (0: automatic).</param>
    public static BenchReport Run<T>(NetworkSpec spec, int batch, int batch2, int threads, int repeats)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int before = KernelThreading.MaxThreads;
        KernelThreading.MaxThreads = threads;
        try
        {
            var clock = Stopwatch.StartNew();
            var forced = KernelRegistry.ReadOverride();
            var kernel = KernelRegistry.Resolve<T>(spec, forced);
            double selectionMilliseconds = clock.Elapsed.TotalMilliseconds;
            string selection = forced is { } path ? $"{path} (forced by {KernelRegistry.OverrideVariable})" : KernelSelection.For<T>(spec).ToString();

            var parameters = spec.CreateParameters<T>(seed: 1).Values;
            var inputs = new T[batch * spec.InputSize];
            new GaussianStream(2, 0).Fill(inputs, scale: 1 / Math.Sqrt(spec.InputSize));
            bool symmetric = batch2 == 0;
            int columns = symmetric ? batch : batch2;
            var inputs2 = symmetric ? inputs : new T[batch2 * spec.InputSize];
            if (!symmetric) new GaussianStream(3, 0).Fill(inputs2, scale: 1 / Math.Sqrt(spec.InputSize));
            var weights = new T[batch * columns];
            var biases = new T[batch * columns];
            void Once() => kernel.NtkMatrix(parameters, inputs, inputs2, weights, biases);

            var times = Timing.Repeat(Once, repeats);
            double median = BenchReport.Median(times), best = times.Min();
            double flops = NtkFlopCount.Matrix(spec, batch, columns, symmetric);
            double peak = FmaPeak.Measure<T>(threads);
            double gflops = flops / (median * 1e-3) / 1e9;
            var report = new BenchReport()
                .Add("bench", "ntk")
                .Add("network", spec.ToString())
                .Add("batch", batch);
            if (!symmetric) report.Add("batch2", batch2);
            return report
                .Add("outputs", spec.OutputSize)
                .Add("precision", PrecisionName.Of<T>())
                .Add("kernel", kernel.Name)
                .Add("selection", selection)
                .Add("selection_ms", selectionMilliseconds, "ms (choosing and creating the kernel)")
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
