using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NtkGen.Engines;
using NtkGen.Random;

namespace NtkGen.Benchmarks;

/// <summary>
/// The brute-force dispersion engine on one thread: one fresh network per invocation (L·M² Gaussians and the NTK at
/// the authors' 11 input correlations), at M = L = 100 and M = 400, L = 160, on the generated kernels.
/// </summary>
[Config(typeof(Config))]
public class MonteCarloBenchmarks : IItemCount
{
    private BruteForceSampler<float> _sampler = null!;
    private BruteForceSampler<float>.Workspace _workspace = null!;
    private readonly double[] _row = new double[11];
    private ulong _stream;

    [Params("100x100", "400x160")]
    public string Shape { get; set; } = "100x100";

    public double Items => 1;

    [GlobalSetup]
    public void Setup()
    {
        var spec = Shape == "100x100" ? MonteCarloNet100x100.Spec : MonteCarloNet400x160.Spec;
        _sampler = new BruteForceSampler<float>(spec.WithVariances(2.0, 0), [1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0]);
        _workspace = _sampler.CreateWorkspace();
        Console.WriteLine($"// kernel: {_sampler.KernelName}");
    }

    [Benchmark(Description = "one network sample")]
    public double Sample() => _sampler.Sample(1, _stream++, 1UL << 63 | _stream, _workspace, _row).Total;

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new RateColumn("networks/s"));
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
        public Config() => AddColumn(new RateColumn("normals/s"));
    }
}
