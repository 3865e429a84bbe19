using System.Text.Json.Serialization;

namespace NtkGen.Experiments.Dispersion;

/// <summary>Which engine computes the statistics of Θ at initialization.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DispersionEngine>))]
public enum DispersionEngine
{
    /// <summary>Monte Carlo over real networks with the NTK kernels (any activation, σ_b, off-diagonal entries).</summary>
    Brute,

    /// <summary>
    /// Monte Carlo over real networks whose weight matrices are never drawn, each product sampled from its exact law
    /// (<see cref="Engines.ConditionedNetworkSampler"/>; any activation, σ_b, off-diagonal entries; f64).
    /// </summary>
    Conditioned,

    /// <summary>Monte Carlo with the O(L) weight-free sampler of Θ(x, x) (ReLU, σ_b = 0).</summary>
    Exact,

    /// <summary>E[Θ] and E[Θ²] computed exactly by transfer matrices, no sampling (ReLU, σ_b = 0).</summary>
    Moments,

    /// <summary>Brute or conditioned, whichever <see cref="DispersionEngineChoice"/> expects to be faster; resolved before a run.</summary>
    Auto,
}

/// <summary>
/// A dispersion experiment (THEORY.md §6): a grid of depths × σ_w² for fully-connected networks (ReLU by default) of input size
/// <c>n0</c>, hidden width <c>M</c> and one output, each point sampled <see cref="GridConfig{TSelf}.Samples"/> times.
/// Everything that changes the numbers is here, and <see cref="GridConfig{TSelf}.Fingerprint"/> identifies it: resumed
/// runs and merged shards must match.
/// </summary>
public sealed record DispersionConfig : GridConfig<DispersionConfig>
{
    /// <summary>Samples are grouped in blocks of this size: the unit of work, of resumption and of sharding.</summary>
    public const int BlockSize = 1000;

    /// <summary>The authors' input correlations <c>r = 1.0, 0.9, …, 0.0</c>.</summary>
    public static readonly IReadOnlyList<double> AuthorsCorrelations = [1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0];

    /// <summary>The authors' σ_w² grid (THEORY.md §6).</summary>
    public static readonly IReadOnlyList<double> AuthorsSigmaW2 = [0.5, 0.8, 1.0, 1.2, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2.0, 2.1, 2.2, 2.5, 3.0, 3.5];

    /// <summary>The default depths: the authors' 2 … 50, every fourth.</summary>
    public static readonly IReadOnlyList<int> DefaultDepths = [.. Enumerable.Range(0, 13).Select(i => 2 + 4 * i)];

    /// <summary>The authors' grid (<see cref="DefaultDepths"/> × <see cref="AuthorsSigmaW2"/>), 500 samples per point.</summary>
    public DispersionConfig()
    {
        Depths = DefaultDepths;
        SigmaW2 = AuthorsSigmaW2;
    }

    /// <summary>The engine.</summary>
    public DispersionEngine Engine { get; init; } = DispersionEngine.Brute;

    /// <summary>
    /// Output units O when more than one: Θ is then the trace over the outputs, <c>Σ_o Θ_oo</c>. Left out of the
    /// configuration (and its fingerprint) for one output, so that one-output runs resume across versions.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Outputs { get; init; }

    /// <summary>Output units: <see cref="Outputs"/>, or 1.</summary>
    [JsonIgnore]
    public int OutputCount => Outputs ?? 1;

    /// <inheritdoc/>
    protected override int NetworkOutputs => OutputCount;

    /// <summary>Input correlations r of the off-diagonal entries Θ(x0, x_r) (brute force only; the first is 1).</summary>
    public IReadOnlyList<double> Correlations { get; init; } = AuthorsCorrelations;

    /// <inheritdoc/>
    protected override int SamplesPerUnit => BlockSize;

    /// <inheritdoc/>
    protected override bool Sampled => Engine != DispersionEngine.Moments;

    /// <inheritdoc/>
    protected override bool HoldsWeights => Engine == DispersionEngine.Brute;

    /// <inheritdoc/>
    protected override ulong StreamBasis => 14695981039346656037UL;

    /// <inheritdoc/>
    /// <remarks>Brute force keeps one network per thread and, per sample, only its traces (O(L·M) numbers): measured, a
    /// resident 5.06 GB for a 5.1 GB f64 network of M = 4000, L = 40.</remarks>
    protected override double NetworkCopies => 1.1;

    /// <inheritdoc/>
    /// <remarks>The conditioned engine keeps, per thread, every input's activations and derivatives at every layer and a few
    /// vectors per known direction of each layer's matrix: about (4 + 2·O)·K·L·M doubles.</remarks>
    public override double WorkingBytes(int threads)
        => Engine == DispersionEngine.Conditioned ? threads * (4.0 + 2 * OutputCount) * Correlations.Count * Depths.Max() * Math.Max(Width, InputSize) * 8 : base.WorkingBytes(threads);

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        if (!Enum.IsDefined(Engine)) throw new InvalidConfigurationException(nameof(Engine), $"Engine {(int)Engine} is not an engine.");
        if (Engine == DispersionEngine.Auto)
            throw new InvalidConfigurationException(nameof(Engine), "Engine Auto names a choice, not an engine: resolve it with DispersionEngineChoice.Resolve before the run.");
        if (Correlations.Count == 0 || Correlations[0] != 1.0) throw new InvalidConfigurationException(nameof(Correlations), "The first of the Correlations must be 1.");
        if (Outputs is < 1) throw new InvalidConfigurationException(nameof(Outputs), $"Outputs must be at least 1 (got {Outputs}).");
    }
}
