using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NtkGen.Kernels;
using NtkGen.Random;

namespace NtkGen.Benchmarks;

/// <summary>
/// The NTK Gram matrix Θ(X, X) of 128 inputs on 64 → M × (L − 1) → 1 ReLU networks: the generated kernel of the job's
/// vector width (batched, register-tiled, on all cores) against the generic TensorPrimitives path and a naive scalar
/// loop (the baseline), in single and double precision. GFLOP/s counts the full structured algorithm
/// (<see cref="NtkFlopCount.Matrix"/>); "% of peak" divides by <see cref="FmaPeakBenchmarks"/> of the same job and
/// precision when both run in one summary (the default: Program joins the summaries).
/// Run with: dotnet run -c Release --project benchmarks/NtkGen.Benchmarks -- --filter '*NtkMatrixBenchmarks*' '*FmaPeakBenchmarks*'
/// </summary>
[Config(typeof(VectorWidthJobs))]
public class NtkMatrixBenchmarks : IFlopCount
{
    private const int Batch = 128;
    private Runner _runner = null!;

    [Params(16, 64, 256, 1024)]
    public int Width { get; set; }

    [Params(2, 8)]
    public int Depth { get; set; }

    [Params("f32", "f64")]
    public string Precision { get; set; } = "f32";

    public double Flops => NtkFlopCount.Matrix(BenchmarkNetworks.Of(Width, Depth), Batch);

    [GlobalSetup]
    public void Setup()
    {
        var spec = BenchmarkNetworks.Of(Width, Depth);
        _runner = Precision == "f32" ? new Runner<float>(spec) : new Runner<double>(spec);
        Console.WriteLine($"// generated kernel: {_runner.GeneratedName}");
    }

    [Benchmark(Baseline = true, Description = "naive scalar loop")]
    public void Naive() => _runner.Naive();

    [Benchmark(Description = "generic (TensorPrimitives)")]
    public void Generic() => _runner.Generic();

    [Benchmark(Description = "generated")]
    public void Generated() => _runner.Generated();

    private abstract class Runner
    {
        public abstract string GeneratedName { get; }

        public abstract void Naive();

        public abstract void Generic();

        public abstract void Generated();
    }

    private sealed class Runner<T> : Runner
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        private readonly T[] _parameters;
        private readonly T[] _inputs;
        private readonly T[] _weights = new T[Batch * Batch];
        private readonly T[] _biases = new T[Batch * Batch];
        private readonly NaiveNtk<T> _naive;
        private readonly INtkKernel<T> _generic;
        private readonly INtkKernel<T> _generated;

        public Runner(NetworkSpec spec)
        {
            _parameters = spec.CreateParameters<T>(seed: 1).Values;
            _inputs = new T[Batch * spec.InputSize];
            new GaussianStream(2, 0).Fill(_inputs, scale: 1 / Math.Sqrt(spec.InputSize));
            _naive = new NaiveNtk<T>(spec);
            _generic = KernelRegistry.Resolve<T>(spec, KernelTier.Generic);
            // The job sets NTKGEN_KERNEL to its vector width.
            _generated = KernelRegistry.Resolve<T>(spec);
        }

        public override string GeneratedName => _generated.Name;

        public override void Naive() => _naive.Matrix(_parameters, _inputs, _weights);

        public override void Generic() => _generic.NtkMatrix(_parameters, _inputs, _inputs, _weights, _biases);

        public override void Generated() => _generated.NtkMatrix(_parameters, _inputs, _inputs, _weights, _biases);
    }
}
