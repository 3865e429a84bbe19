using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using NtkGen.Kernels;
using NtkGen.Random;

namespace NtkGen.Benchmarks;

/// <summary>
/// What a declaration buys: Θ(X, X) of 128 inputs on 64 → M × 7 → 1 ReLU networks, the generated kernel of the widest
/// vector the CPU accelerates (the baseline) against the run-time-width kernel of the same tier, which every undeclared
/// shape gets, at widths that are and are not multiples of the vectors and tiles, in both precisions. The CLI would
/// compile a shape at run time only where the generated kernel is at least 1.3× faster (docs/performance.md).
/// Run with: dotnet run -c Release --project benchmarks/NtkGen.Benchmarks -- --filter '*RuntimeWidthBenchmarks*' '*FmaPeakBenchmarks*'
/// </summary>
[Config(typeof(RuntimeWidthBenchmarks.Jobs))]
public class RuntimeWidthBenchmarks : IFlopCount
{
    private const int Batch = 128;
    private const int Depth = 8;
    private INtkKernel<float>? _generated32, _runtime32;
    private INtkKernel<double>? _generated64, _runtime64;
    private Action _generated = null!, _runtime = null!;

    [Params(16, 24, 64, 100, 200, 256, 300, 512, 1000, 1024)]
    public int Width { get; set; }

    [Params("f32", "f64")]
    public string Precision { get; set; } = "f32";

    public double Flops => NtkFlopCount.Matrix(BenchmarkNetworks.Of(Width, Depth), Batch);

    [GlobalSetup]
    public void Setup()
    {
        var spec = BenchmarkNetworks.Of(Width, Depth);
        if (Precision == "f32") (_generated, _runtime) = Actions<float>(spec, out _generated32, out _runtime32);
        else (_generated, _runtime) = Actions<double>(spec, out _generated64, out _runtime64);
        Console.WriteLine($"// {(object?)_generated32 ?? _generated64} against {(object?)_runtime32 ?? _runtime64}");
    }

    [Benchmark(Baseline = true, Description = "generated")]
    public void Generated() => _generated();

    [Benchmark(Description = "run-time width")]
    public void RuntimeWidth() => _runtime();

    private static (Action Generated, Action Runtime) Actions<T>(NetworkSpec spec, out INtkKernel<T> generated, out INtkKernel<T> runtime)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var path = KernelSelection.For<T>(spec).Path;
        generated = KernelRegistry.Resolve<T>(spec, path);
        runtime = KernelRegistry.Resolve<T>(spec, path with { RuntimeWidth = true });
        var parameters = spec.CreateParameters<T>(seed: 1).Values;
        var inputs = new T[Batch * spec.InputSize];
        new GaussianStream(2, 0).Fill(inputs, scale: 1 / Math.Sqrt(spec.InputSize));
        var weights = new T[Batch * Batch];
        var biases = new T[Batch * Batch];
        var (g, r) = (generated, runtime);
        return (() => g.NtkMatrix(parameters, inputs, inputs, weights, biases), () => r.NtkMatrix(parameters, inputs, inputs, weights, biases));
    }

    /// <summary>The widest vector the CPU accelerates (the id "v512" matches FmaPeakBenchmarks' job of that width for % of peak).</summary>
    public sealed class Jobs : ManualConfig
    {
        public Jobs()
        {
            AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(7).WithId("v512"));
            AddColumn(new GflopsColumn(), new PercentOfPeakColumn());
            HideColumns("Error", "StdDev");
        }
    }
}
