using BenchmarkDotNet.Attributes;
using NtkGen.Kernels;

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
            if (Precision == "f32") FmaPeak.Run<float>(Iterations);
            else FmaPeak.Run<double>(Iterations);
        });
}
