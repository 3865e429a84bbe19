using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

// The NTK Gram matrix of a declared network: each kernel this machine can run, generated (per vector width) and generic.
//   dotnet run -c Release --project samples/Microbenchmark              the real measurement (about a minute)
//   dotnet run -c Release --project samples/Microbenchmark -- --smoke   one in-process iteration per kernel (CI)
if (args.Contains("--smoke"))
{
    var summary = BenchmarkRunner.Run<Microbenchmark.NtkGramBenchmark>(Microbenchmark.SmokeConfig.Create());
    // A benchmark that threw is reported, not thrown: fail the run so that CI notices.
    Environment.ExitCode = summary.HasCriticalValidationErrors || summary.Reports.Length == 0 || summary.Reports.Any(report => !report.Success) ? 1 : 0;
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Microbenchmark.NtkGramBenchmark).Assembly)
    .Run(args.Length == 0 ? ["--filter", "*"] : args, DefaultConfig.Instance.AddJob(Job.ShortRun));
