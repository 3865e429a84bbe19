using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace NtkGen.Benchmarks;

/// <summary>
/// One job per vector width, each in its own process: v512 as the CPU allows, v256 with AVX-512 switched off in the
/// runtime (<c>DOTNET_EnableAVX512F=0</c>), v128 with AVX2 off too; <c>NTKGEN_KERNEL</c> makes the registry use that
/// width's generated kernel. Short runs (one launch, two warm-ups, five iterations) keep the whole suite near half an hour.
/// Columns: GFLOP/s and % of peak.
/// </summary>
public sealed class VectorWidthJobs : ManualConfig
{
    public VectorWidthJobs()
    {
        var shortRun = Job.Default.WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(5);
        AddJob(shortRun.WithId("v512").WithEnvironmentVariables(new EnvironmentVariable("NTKGEN_KERNEL", "v512")));
        AddJob(shortRun.WithId("v256").WithEnvironmentVariables(
            new EnvironmentVariable("DOTNET_EnableAVX512F", "0"), new EnvironmentVariable("NTKGEN_KERNEL", "v256")));
        AddJob(shortRun.WithId("v128").WithEnvironmentVariables(
            new EnvironmentVariable("DOTNET_EnableAVX512F", "0"), new EnvironmentVariable("DOTNET_EnableAVX2", "0"), new EnvironmentVariable("NTKGEN_KERNEL", "v128")));
        AddColumn(new GflopsColumn(), new PercentOfPeakColumn());
        HideColumns("Error", "StdDev");
    }

    /// <summary>The vector width of a job of this config, from its id.</summary>
    public static int BitsOf(string jobId) => jobId switch
    {
        "v512" => 512,
        "v256" => 256,
        "v128" => 128,
        _ => throw new ArgumentOutOfRangeException(nameof(jobId), jobId, "Not a job of VectorWidthJobs."),
    };
}
