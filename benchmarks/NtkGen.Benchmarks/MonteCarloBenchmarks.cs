using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NtkGen.Engines;
using NtkGen.Kernels;
using NtkGen.Random;

namespace NtkGen.Benchmarks;

/// <summary>
/// The brute-force Monte Carlo engine on one thread, single precision, one fresh network per invocation: Θ(x, x) (the
/// issue's workload: L·M² Gaussians, a forward and a backward matrix-vector pass), the same with the weights drawn a
/// second time as a backward pass that regenerates them instead of reading them back would (the measured alternative),
/// and the dispersion experiment's sample (Θ(x0, x_r) at 11 correlations). The breakdown: drawing the weights alone (the
/// generator's bound) and the NTK alone on weights already drawn (what fusing generation into the forward pass could at
/// most save part of).
/// </summary>
[Config(typeof(Config))]
public class MonteCarloBenchmarks : IItemCount
{
    private static readonly double[] AuthorsCorrelations = [1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0];
    private BruteForceSampler<float> _diagonal = null!;
    private BruteForceSampler<float> _dispersion = null!;
    private BruteForceSampler<float>.Workspace _diagonalWorkspace = null!;
    private BruteForceSampler<float>.Workspace _dispersionWorkspace = null!;
    private float[] _regenerated = [];
    private float[] _parameters = [];
    private float[] _input = [];
    private float[] _layers = [];
    private INtkKernel<float> _kernel = null!;
    private NetworkSpec _spec = null!;
    private readonly double[] _row = new double[AuthorsCorrelations.Length];
    private ulong _stream;

    [Params("100x10", "100x50", "100x100", "400x160")]
    public string Shape { get; set; } = "100x10";

    public double Items => 1;

    [GlobalSetup]
    public void Setup()
    {
        _spec = Shape switch
        {
            "100x10" => MonteCarloNet100x10.Spec,
            "100x50" => MonteCarloNet100x50.Spec,
            "100x100" => MonteCarloNet100x100.Spec,
            _ => MonteCarloNet400x160.Spec,
        };
        _diagonal = new BruteForceSampler<float>(_spec, [1.0]);
        _dispersion = new BruteForceSampler<float>(_spec, AuthorsCorrelations);
        _diagonalWorkspace = _diagonal.CreateWorkspace();
        _dispersionWorkspace = _dispersion.CreateWorkspace();
        _regenerated = new float[_spec.ParameterCount];
        _parameters = _spec.CreateParameters<float>(seed: 1).Values;
        _input = new float[_spec.InputSize];
        new GaussianStream(1, 2).Fill(_input, scale: 1 / Math.Sqrt(_spec.InputSize));
        _layers = new float[2 * _spec.LayerCount];
        _kernel = KernelRegistry.Resolve<float>(_spec);
        Console.WriteLine($"// kernel: {_diagonal.KernelName}, {NtkFlopCount.GaussiansPerNetwork(_spec)} Gaussians per network");
    }

    [Benchmark(Baseline = true, Description = "Θ(x, x), weights stored")]
    public double Sample() => _diagonal.Sample(1, _stream++, 1UL << 63 | _stream, _diagonalWorkspace, _row).Total;

    [Benchmark(Description = "Θ(x, x), weights drawn again for backward")]
    public double SampleRegenerated()
    {
        double total = _diagonal.Sample(1, _stream++, 1UL << 63 | _stream, _diagonalWorkspace, _row).Total;
        // What a backward pass that regenerates its weights adds: every layer's weights drawn once more.
        for (int l = 1; l <= _spec.LayerCount; l++)
        {
            int offset = _spec.WeightOffset(l), length = _spec.Width(l) * _spec.Width(l - 1);
            PhiloxNormals.FillScaled(_regenerated.AsSpan(offset, length), 1, _stream, offset, 1f);
        }
        return total;
    }

    [Benchmark(Description = "drawing the weights alone")]
    public void DrawOnly()
    {
        ulong stream = _stream++;
        for (int l = 1; l <= _spec.LayerCount; l++)
        {
            int offset = _spec.WeightOffset(l), length = _spec.Width(l) * _spec.Width(l - 1);
            PhiloxNormals.FillScaled(_regenerated.AsSpan(offset, length), 1, stream, offset, 1f);
        }
    }

    [Benchmark(Description = "Θ(x, x) alone, weights already drawn")]
    public void NtkOnly() => _kernel.NtkMatrixByLayer(_parameters, _input, _input, _layers);

    [Benchmark(Description = "dispersion sample, 11 correlations")]
    public double DispersionSample() => _dispersion.Sample(1, _stream++, 1UL << 63 | _stream, _dispersionWorkspace, _row).Total;

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new RateColumn("networks/s", typeof(MonteCarloBenchmarks)));
    }
}

/// <summary>The Gaussian generator alone: Philox4x32-10 with a vectorized Box–Muller, one thread.</summary>
[Config(typeof(Config))]
public class GaussianGenerationBenchmarks : IItemCount
{
    private readonly float[] _buffer = new float[1 << 20];
    private ulong _stream;

    public double Items => _buffer.Length;

    [Benchmark(Description = "PhiloxNormals.Fill, 2^20 floats")]
    public void Fill() => PhiloxNormals.Fill(_buffer, seed: 1, stream: _stream++);

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new RateColumn("normals/s", typeof(GaussianGenerationBenchmarks)));
    }
}
