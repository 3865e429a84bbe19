using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using NtkGen.Engines;

namespace NtkGen.Benchmarks;

/// <summary>
/// The dispersion experiment's sample (Θ(x0, x_r) at the authors' 11 correlations, tanh, σ_b² = 0.05, f64) on both
/// engines that sample real networks, one network per core per invocation, every core busy: brute force draws each
/// network (L·M² normals) and runs the NTK kernel; the conditioned engine samples the same products without drawing a
/// matrix (THEORY.md §7). A brute-force network at n0 = M = L = 1000 is 8 GB of f64 parameters per core and seconds of
/// work, so this class runs few iterations. The workspaces are kept from one invocation to the next, as in a run of many
/// networks: the first touch of their memory is not counted.
/// </summary>
[Config(typeof(Config))]
public class ConditionedEngineBenchmarks : IItemCount
{
    private static readonly double[] AuthorsCorrelations = [1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0];
    private static readonly int Threads = Environment.ProcessorCount;
    private BruteForceSampler<double> _brute = null!;
    private ConditionedNetworkSampler _conditioned = null!;
    private BruteForceSampler<double>.Workspace[] _bruteWorkspaces = [];
    private ConditionedNetworkSampler.Workspace[] _conditionedWorkspaces = [];
    private double[][] _rows = [], _inputs = [], _scratch = [];
    private ulong _stream;

    /// <summary>n0 = M × L.</summary>
    [Params("1000x1000", "4000x40")]
    public string Shape { get; set; } = "1000x1000";

    public double Items => Threads;

    [GlobalSetup(Target = nameof(BruteForce))]
    public void SetupBruteForce()
    {
        var spec = Spec();
        _brute = new BruteForceSampler<double>(spec, AuthorsCorrelations);
        _bruteWorkspaces = [.. Enumerable.Range(0, Threads).Select(_ => _brute.CreateWorkspace())];
        _rows = [.. Enumerable.Range(0, Threads).Select(_ => new double[AuthorsCorrelations.Length])];
        Console.WriteLine($"// brute force: kernel {_brute.KernelName}, {Threads} threads");
    }

    [GlobalSetup(Target = nameof(Conditioned))]
    public void SetupConditioned()
    {
        var spec = Spec();
        _conditioned = new ConditionedNetworkSampler(spec);
        _conditionedWorkspaces = [.. Enumerable.Range(0, Threads).Select(_ => _conditioned.CreateWorkspace(AuthorsCorrelations.Length))];
        _rows = [.. Enumerable.Range(0, Threads).Select(_ => new double[AuthorsCorrelations.Length])];
        _inputs = [.. Enumerable.Range(0, Threads).Select(_ => new double[AuthorsCorrelations.Length * spec.InputSize])];
        _scratch = [.. Enumerable.Range(0, Threads).Select(_ => new double[2 * spec.InputSize])];
    }

    [Benchmark(Baseline = true, Description = "brute force, a network per core")]
    public void BruteForce()
    {
        ulong first = _stream;
        _stream += (ulong)Threads;
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
            _brute.Sample(1, first + (ulong)t, 1UL << 63 | (first + (ulong)t), _bruteWorkspaces[t], _rows[t]));
    }

    [Benchmark(Description = "conditioned, a network per core")]
    public void Conditioned()
    {
        ulong first = _stream;
        _stream += (ulong)Threads;
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
        {
            ulong stream = first + (ulong)t;
            CorrelatedInputs.Draw<double>(1, 1UL << 63 | stream, AuthorsCorrelations, _scratch[t], _inputs[t]);
            _conditioned.Sample(_inputs[t], 1, stream, _conditionedWorkspaces[t], _rows[t]);
        });
    }

    private NetworkSpec Spec()
    {
        var parts = Shape.Split('x');
        int width = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        int depth = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        return new NetworkSpec(width, Enumerable.Repeat(width, depth - 1).ToArray(), 1, Activation.Tanh, sigmaW2: 1.5, sigmaB2: 0.05);
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5));
            AddColumn(new RateColumn("networks/s", typeof(ConditionedEngineBenchmarks)));
        }
    }
}
