using BenchmarkDotNet.Attributes;
using NtkGen.Activations;

namespace NtkGen.Benchmarks;

/// <summary>
/// An activation's span form, φ and φ' of a row (<see cref="ActivationFunction.Apply{T}"/>), per element of 11 000
/// doubles drawn from N(0, 4), so that erf's and GELU's vectors mostly mix lanes of their polynomial and of their tail;
/// tanh (TensorPrimitives) for comparison.
/// </summary>
public class ActivationBenchmarks
{
    private const int Length = 11_000;

    private readonly double[] _z = new double[Length], _a = new double[Length], _d = new double[Length];
    private ActivationFunction _phi = ActivationFunction.For(Activation.Tanh);

    [Params(Activation.Tanh, Activation.Erf, Activation.Gelu)]
    public Activation Kind { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _phi = ActivationFunction.For(Kind);
        var random = new System.Random(3);
        for (int i = 0; i < Length; i++)
        {
            _z[i] = 2 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        }
    }

    [Benchmark(Description = "φ and φ' of a row, per element", OperationsPerInvoke = Length)]
    public void Apply() => _phi.Apply<double>(_z, _a, _d);
}
