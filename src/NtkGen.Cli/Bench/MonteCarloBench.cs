using System.Diagnostics;
using System.Numerics;
using NtkGen.Engines;
using NtkGen.Kernels;
using NtkGen.Random;

namespace NtkGen.Cli.Bench;

/// <summary>
/// <c>ntkgen bench mc</c>: the brute-force Monte Carlo of <c>Θ(x, x)</c> with a fresh network and a fresh unit input per
/// sample (<see cref="BruteForceSampler{T}"/>, as the dispersion experiment runs it), spread over the threads; reports
/// networks/s, the Gaussians drawn per second, and the bound the Gaussian generator alone sets on the same threads.
/// </summary>
internal static class MonteCarloBench
{
    public static BenchReport Run<T>(NetworkSpec spec, int samples, int threads, int repeats)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var sampler = new BruteForceSampler<T>(spec, [1.0]);
        var workspaces = Enumerable.Range(0, threads).Select(_ => sampler.CreateWorkspace()).ToArray();
        long next = 0;
        void Once()
        {
            // Every run draws new networks: sample s uses network stream s and input stream 2⁶³ + s.
            long first = next;
            next += samples;
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                var row = new double[1];
                for (long s = first + t; s < first + samples; s += threads)
                    sampler.Sample(seed: 1, networkStream: (ulong)s, inputStream: 1UL << 63 | (ulong)s, workspaces[t], row);
            });
        }

        var times = Timing.Repeat(Once, repeats > 0 ? repeats : 5);
        double median = BenchReport.Median(times);
        double networksPerSecond = samples / (median * 1e-3);
        long gaussians = NtkFlopCount.GaussiansPerNetwork(sampler.Rescaled ? spec.WithVariances(2.0, 0) : spec);
        double generatorRate = GeneratorRate(gaussians, threads);
        double bound = generatorRate / gaussians;
        return new BenchReport()
            .Add("bench", "mc")
            .Add("network", spec.ToString())
            .Add("precision", PrecisionName.Of<T>())
            .Add("kernel", sampler.KernelName)
            .Add("generator", PhiloxNormals.IsVectorized ? "Philox4x32-10, AVX-512 Box–Muller" : "Philox4x32-10, scalar Box–Muller")
            .Add("threads", threads)
            .Add("samples", samples)
            .Add("runs", times.Count)
            .Add("ms", median, $"ms (median, {samples} networks)")
            .Add("networks_per_s", networksPerSecond, "networks/s")
            .Add("gaussians_per_network", gaussians)
            .Add("gaussians_per_s", networksPerSecond * gaussians, "Gaussians/s")
            .Add("generator_gaussians_per_s", generatorRate, "Gaussians/s (the generator alone, same threads)")
            .Add("generator_bound_networks_per_s", bound, "networks/s")
            .Add("percent_of_bound", 100 * networksPerSecond / bound, "%");
    }

    /// <summary>Gaussians per second of <see cref="PhiloxNormals"/> alone, one network's weights per call, on <paramref name="threads"/> threads.</summary>
    private static double GeneratorRate(long perNetwork, int threads)
    {
        int length = (int)Math.Min(perNetwork, 1 << 24);
        var buffers = Enumerable.Range(0, threads).Select(_ => new float[length]).ToArray();
        long stream = 0;
        double Rate(double seconds)
        {
            long calls = 0;
            var clock = Stopwatch.StartNew();
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                long mine = 0;
                while (clock.Elapsed.TotalSeconds < seconds)
                {
                    PhiloxNormals.Fill(buffers[t], seed: 1, stream: (ulong)Interlocked.Increment(ref stream));
                    mine++;
                }
                Interlocked.Add(ref calls, mine);
            });
            return calls * (double)length / clock.Elapsed.TotalSeconds;
        }
        Rate(0.3);
        return Math.Max(Rate(0.5), Rate(0.5));
    }
}
