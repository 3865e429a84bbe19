using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using NtkGen.Kernels;
using NtkGen.Random;

namespace NtkGen.Benchmarks;

[FullyConnectedNetwork(inputSize: 784, hiddenWidth: 300, hiddenLayers: 20, outputSize: 10, ElementTypes = ElementTypes.Float)]
public partial class TrainingStepNet;

/// <summary>
/// One full-batch training step of <c>ntkgen train</c>'s network (784 → 300 × 20 → 10 ReLU, f32, all cores) on N inputs:
/// the forward pass that keeps the traces alone, and the forward pass with the loss gradient (one backward pass seeded with
/// the cotangents and the per-layer products <c>Δ_lᵀ A_{l−1}</c>). N = 1000 is the default run's training set, 8000
/// that of <c>--paper</c>. GFLOP/s counts the matrix products: 2·N·P for the forward pass, as much again for the
/// gradient products and 2·N·(P − P_1) for the backward pass (P weights, P_1 those of the first layer).
/// Run with: dotnet run -c Release --project benchmarks/NtkGen.Benchmarks -- --filter '*TrainingStepBenchmarks*' '*FmaPeakBenchmarks*'
/// </summary>
[Config(typeof(Config))]
public class TrainingStepBenchmarks : IFlopCount
{
    private StructuredNtkKernel<float> _kernel = null!;
    private float[] _parameters = [];
    private float[] _inputs = [];
    private float[] _cotangents = [];
    private float[] _gradient = [];

    [Params(1000, 8000)]
    public int Samples { get; set; } = 1000;

    /// <summary>Training runs in single precision; the parameter lets "% of peak" find the f32 FMA peak.</summary>
    [Params("f32")]
    public string Precision { get; set; } = "f32";

    [Params("forward", "forward+gradient")]
    public string Pass { get; set; } = "forward";

    public double Flops
    {
        get
        {
            var spec = TrainingStepNet.Spec;
            double weights = 0, firstLayer = spec.Width(0) * spec.Width(1);
            for (int l = 1; l <= spec.LayerCount; l++) weights += (double)spec.Width(l - 1) * spec.Width(l);
            return 2.0 * Samples * (Pass == "forward" ? weights : 2 * weights + (weights - firstLayer));
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        var spec = TrainingStepNet.Spec;
        _kernel = (StructuredNtkKernel<float>)KernelRegistry.Resolve<float>(spec);
        _parameters = spec.CreateParameters<float>(seed: 1).Values;
        _inputs = new float[Samples * spec.InputSize];
        new GaussianStream(2, 0).Fill(_inputs, scale: 0.3);
        _cotangents = new float[Samples * spec.OutputSize];
        new GaussianStream(3, 0).Fill(_cotangents, scale: 1.0 / Samples);
        _gradient = new float[spec.ParameterCount];
        Console.WriteLine($"// kernel: {_kernel.Name}");
    }

    [Benchmark]
    public float Step()
    {
        using var forward = _kernel.ForwardForGradient(_parameters, _inputs);
        if (Pass != "forward") _kernel.LossGradient(_parameters, forward, _cotangents, _gradient);
        return forward.Outputs[0];
    }

    /// <summary>The AVX-512 job of <see cref="VectorWidthJobs"/> (same id, so "% of peak" finds its FMA peak).</summary>
    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(5).WithId("v512")
                .WithEnvironmentVariables(new EnvironmentVariable("NTKGEN_KERNEL", "v512")));
            AddColumn(new GflopsColumn(), new PercentOfPeakColumn());
            HideColumns("Error", "StdDev");
        }
    }
}
