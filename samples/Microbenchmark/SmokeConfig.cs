using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Microbenchmark;

/// <summary>
/// Checks that the benchmark runs, quickly: one iteration per kernel, in this process (no generated project to build),
/// no result files. Numbers from it mean nothing.
/// </summary>
internal static class SmokeConfig
{
    public static IConfig Create()
        => ManualConfig.CreateEmpty()
            .AddJob(Job.Dry.WithToolchain(InProcessEmitToolchain.Instance))
            .AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .WithOptions(ConfigOptions.DisableOptimizationsValidator | ConfigOptions.JoinSummary)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "ntkgen-microbenchmark-smoke"));
}
