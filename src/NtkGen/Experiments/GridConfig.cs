using System.Text.Json.Serialization;

namespace NtkGen.Experiments;

/// <summary>
/// A depth × σ_w² grid of fully-connected networks n0 → M × (L−1) → 1, each point sampled <see cref="Samples"/> times in
/// blocks: the shape of the experiments at initialization (dispersion, first step). A block is the unit of work, of
/// resumption and of sharding; unit <c>u</c> belongs to shard <c>u mod n</c>.
/// </summary>
/// <typeparam name="TSelf">The experiment's configuration type.</typeparam>
public abstract record GridConfig<TSelf> : IExperimentConfig
    where TSelf : GridConfig<TSelf>
{
    /// <summary>Input dimension n0.</summary>
    [JsonPropertyOrder(-9)]
    public int InputSize { get; init; } = 100;

    /// <summary>Hidden width M.</summary>
    [JsonPropertyOrder(-8)]
    public int Width { get; init; } = 100;

    /// <summary>The hidden layers' activation.</summary>
    [JsonPropertyOrder(-7)]
    [JsonConverter(typeof(JsonStringEnumConverter<Activation>))]
    public Activation Activation { get; init; } = Activation.ReLU;

    /// <summary>Depths L (weight layers).</summary>
    [JsonPropertyOrder(-6)]
    public IReadOnlyList<int> Depths { get; init; } = [];

    /// <summary>Weight variances σ_w².</summary>
    [JsonPropertyOrder(-5)]
    public IReadOnlyList<double> SigmaW2 { get; init; } = [];

    /// <summary>Bias variance σ_b².</summary>
    [JsonPropertyOrder(-4)]
    public double SigmaB2 { get; init; }

    /// <summary>Samples (networks) per grid point.</summary>
    [JsonPropertyOrder(-3)]
    public int Samples { get; init; } = 500;

    /// <summary>The random seed.</summary>
    [JsonPropertyOrder(-2)]
    public ulong Seed { get; init; } = 1;

    /// <summary>Arithmetic of the kernels.</summary>
    [JsonPropertyOrder(-1)]
    public Precision Precision { get; init; } = Precision.F32;

    /// <summary>
    /// The deepest network a grid describes: a network keeps a few numbers per layer, and a sample costs O(L) even
    /// without weights, so deeper grids are refused before any work rather than after minutes and gigabytes.
    /// </summary>
    public const int MaxDepth = 1_000_000;

    /// <summary>Samples per unit of work.</summary>
    protected abstract int SamplesPerUnit { get; }

    /// <summary>Whether the points are computed on real networks, whose parameters must fit in one array.</summary>
    protected virtual bool HoldsWeights => true;

    /// <summary>Whether the points are sampled at all (an engine that computes exact values has one empty unit per point).</summary>
    protected virtual bool Sampled => true;

    /// <summary>The experiment's basis of the points' random streams (<see cref="PointStreams"/>): one per experiment.</summary>
    protected abstract ulong StreamBasis { get; }

    /// <summary>The network of the point (<paramref name="depth"/>, <paramref name="sigmaW2"/>).</summary>
    public virtual NetworkSpec Network(int depth, double sigmaW2)
        => new(InputSize, Enumerable.Repeat(Width, depth - 1).ToArray(), NetworkOutputs, Activation, sigmaW2, SigmaB2);

    /// <summary>Output units of the grid's networks.</summary>
    protected virtual int NetworkOutputs => 1;

    /// <summary>The upper 32 bits of the random streams of the point (<paramref name="depth"/>, <paramref name="sigmaW2"/>).</summary>
    public ulong StreamBase(int depth, double sigmaW2) => PointStreams.Base(StreamBasis, depth, sigmaW2, SigmaB2);

    /// <summary>The grid points, depth-major.</summary>
    [JsonIgnore]
    public IReadOnlyList<GridPoint<TSelf>> Points
        => [.. Depths.SelectMany(depth => SigmaW2.Select(sigma => (depth, sigma))).Select((p, i) => new GridPoint<TSelf>(i, p.depth, p.sigma, (TSelf)this))];

    /// <summary>Every unit of work, point-major.</summary>
    public IEnumerable<GridUnit<TSelf>> Units()
    {
        int index = 0, blocks = Sampled ? (Samples + SamplesPerUnit - 1) / SamplesPerUnit : 1;
        foreach (var point in Points)
        {
            for (int block = 0; block < blocks; block++)
            {
                int first = block * SamplesPerUnit;
                yield return new GridUnit<TSelf>(index++, point, block, first, Sampled ? Math.Min(SamplesPerUnit, Samples - first) : 0);
            }
        }
    }

    /// <summary>
    /// Each grid point whose units are all in <paramref name="results"/>, with its results in unit order (the order in
    /// which statistics are combined, so that one run and merged shards give the same bits).
    /// </summary>
    public IEnumerable<(GridPoint<TSelf> Point, List<TResult> Parts)> CompletePoints<TResult>(IEnumerable<TResult> results)
        where TResult : IUnitResult
    {
        var byUnit = new Dictionary<int, TResult>();
        foreach (var result in results) byUnit[result.Unit] = result;
        foreach (var group in Units().GroupBy(u => u.Point.Index))
        {
            var units = group.ToList();
            if (units.All(u => byUnit.ContainsKey(u.Index))) yield return (units[0].Point, units.Select(u => byUnit[u.Index]).ToList());
        }
    }

    /// <inheritdoc/>
    public virtual void Validate()
    {
        if (InputSize < 1) throw new InvalidConfigurationException(nameof(InputSize), $"InputSize must be at least 1 (got {InputSize}).");
        if (Width < 1) throw new InvalidConfigurationException(nameof(Width), $"Width must be at least 1 (got {Width}).");
        if (!Enum.IsDefined(Activation)) throw new InvalidConfigurationException(nameof(Activation), $"Activation {(int)Activation} is not an activation.");
        if (Depths.Count == 0 || Depths.Any(d => d < 1)) throw new InvalidConfigurationException(nameof(Depths), "Depths must list depths of at least 1 weight layer.");
        if (Depths.Max() > MaxDepth) throw new InvalidConfigurationException(nameof(Depths), $"Depths must be at most {MaxDepth} (got {Depths.Max()}).");
        if (SigmaW2.Count == 0 || SigmaW2.Any(s => !(s > 0) || double.IsInfinity(s))) throw new InvalidConfigurationException(nameof(SigmaW2), "SigmaW2 must list positive numbers.");
        if (!(SigmaB2 >= 0) || double.IsInfinity(SigmaB2)) throw new InvalidConfigurationException(nameof(SigmaB2), $"SigmaB2 must be zero or positive (got {SigmaB2}).");
        if (Sampled && Samples < 2) throw new InvalidConfigurationException(nameof(Samples), $"Samples must be at least 2 (got {Samples}).");
        if (!Enum.IsDefined(Precision)) throw new InvalidConfigurationException(nameof(Precision), $"Precision {(int)Precision} is not a precision.");
        if ((double)Depths.Max() * Width > int.MaxValue)
            throw new InvalidConfigurationException(nameof(Width), $"Width × Depths must stay below 2³¹ neurons (got {Width} × {Depths.Max()}).");
        if (HoldsWeights && ParameterCount(Depths.Max()) > Array.MaxLength)
            throw new InvalidConfigurationException(nameof(Width), $"the network at L = {Depths.Max()}, M = {Width} has {ParameterCount(Depths.Max()):0} parameters, "
                + $"more than one array holds ({Array.MaxLength}): lower Width or Depths.");
    }

    /// <summary>
    /// Bytes the real networks of the grid hold on <paramref name="threads"/> threads, at the deepest point:
    /// <see cref="NetworkCopies"/> networks' worth of numbers per thread (0 without real networks).
    /// </summary>
    public virtual double WorkingBytes(int threads) => HoldsWeights ? threads * NetworkCopies * ParameterCount(Depths.Max()) * (Precision == Precision.F32 ? 4 : 8) : 0;

    /// <summary>Networks' worth of numbers a thread holds: by default its network's parameters and about as many again for gradients and jets.</summary>
    protected virtual double NetworkCopies => 3.0;

    /// <summary>Weights and biases of the point at depth <paramref name="depth"/>, as a double so that it cannot overflow.</summary>
    private double ParameterCount(int depth)
        => depth == 1 ? InputSize + 1.0 : (InputSize + 1.0) * Width + (depth - 2.0) * (Width + 1.0) * Width + Width + 1.0;

    /// <inheritdoc/>
    public string Fingerprint() => ExperimentJson.Fingerprint(this);
}
