using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// Run with: dotnet run -c Release --project benchmarks/NtkGen.Benchmarks -- --filter '*'
// The selected benchmarks share one summary, so that "% of peak" finds FmaPeakBenchmarks next to NtkMatrixBenchmarks.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, DefaultConfig.Instance.WithOptions(ConfigOptions.JoinSummary));
