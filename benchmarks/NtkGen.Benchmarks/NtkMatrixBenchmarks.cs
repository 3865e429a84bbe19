using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NtkGen.Kernels;
using NtkGen.Random;

namespace NtkGen.Benchmarks;

/// <summary>
/// The NTK Gram matrix Θ(X, X) of 128 inputs: the generated kernel against the generic TensorPrimitives path and the
/// plain-loop reference (the baseline), at the libtorch baseline's shapes.
/// </summary>
[Config(typeof(Config))]
public class NtkMatrixBenchmarks : IFlopCount
{
    private const int Batch = 128;
    private double[] _parameters = [];
    private double[] _inputs = [];
    private double[] _weights = [];
    private double[] _biases = [];
    private INtkKernel<double> _generated = null!;
    private INtkKernel<double> _generic = null!;
    private INtkKernel<double> _reference = null!;

    [Params(64, 256)]
    public int Width { get; set; }

    public double Flops => NtkFlops.Matrix(Spec, Batch, Batch);

    private NetworkSpec Spec => Width == 64 ? Width64Net.Spec : Width256Net.Spec;

    [GlobalSetup]
    public void Setup()
    {
        _parameters = Spec.CreateParameters<double>(seed: 1).Values;
        _inputs = new double[Batch * Spec.InputSize];
        new GaussianStream(2, 0).Fill<double>(_inputs, scale: 1 / Math.Sqrt(Spec.InputSize));
        _weights = new double[Batch * Batch];
        _biases = new double[Batch * Batch];
        _generated = KernelRegistry.Resolve<double>(Spec, tier: null);
        _generic = KernelRegistry.Resolve<double>(Spec, KernelTier.Generic);
        _reference = KernelRegistry.Resolve<double>(Spec, KernelTier.Reference);
    }

    [Benchmark(Baseline = true, Description = "reference (plain loops)")]
    public void Reference() => _reference.NtkMatrix(_parameters, _inputs, _inputs, _weights, _biases);

    [Benchmark(Description = "generic (TensorPrimitives)")]
    public void Generic() => _generic.NtkMatrix(_parameters, _inputs, _inputs, _weights, _biases);

    [Benchmark(Description = "generated (widest vectors)")]
    public void Generated() => _generated.NtkMatrix(_parameters, _inputs, _inputs, _weights, _biases);

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new GflopsColumn());
    }
}
