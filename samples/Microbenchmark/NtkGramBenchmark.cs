using BenchmarkDotNet.Attributes;
using NtkGen;
using NtkGen.Kernels;

namespace Microbenchmark;

/// <summary>Θ(X, X) for 32 inputs of a 64 → 256 → 256 → 1 ReLU network, with every kernel this CPU can run.</summary>
[MemoryDiagnoser]
public class NtkGramBenchmark
{
    private const int InputCount = 32;

    private double[] _parameters = [];
    private double[] _inputs = [];
    private INtkKernel<double> _kernel = null!;

    /// <summary>The kernels the registry offers for the network on this machine, by path (v512, runtime-v512, generic, …).</summary>
    public static IEnumerable<string> Kernels => KernelRegistry.Available<double>(BenchmarkNet.Spec)
        .Where(kernel => kernel.Tier != KernelTier.Reference)
        .Select(kernel => kernel.Path.ToString());

    [ParamsSource(nameof(Kernels))]
    public string Kernel { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _parameters = BenchmarkNet.CreateParameters<double>(seed: 1).Values;
        _inputs = new double[InputCount * BenchmarkNet.Spec.InputSize];
        for (int i = 0; i < _inputs.Length; i++) _inputs[i] = Math.Sin(0.1 * i);
        KernelPath.TryParse(Kernel, out var path);
        _kernel = KernelRegistry.Resolve<double>(BenchmarkNet.Spec, path);
    }

    [Benchmark]
    public double[] NtkGram() => _kernel.NtkMatrix(_parameters, _inputs);
}

/// <summary>The network, declared as in any user project: its kernels are generated when this sample builds.</summary>
[FullyConnectedNetwork(inputSize: 64, hiddenWidths: [256, 256], outputSize: 1)]
public partial class BenchmarkNet;
