using System.Text.Json.Serialization;
using NtkGen.Engines;

namespace NtkGen.Experiments.GdStep;

/// <summary>Which engine samples the networks of a first-step experiment.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<GdStepEngine>))]
public enum GdStepEngine
{
    /// <summary>Real networks, weights drawn, through the NTK kernels (<see cref="Engines.GdStepSampler{T}"/>).</summary>
    Brute,

    /// <summary>Networks whose weight matrices are never drawn, every product sampled from its exact law (<see cref="Engines.ConditionedGdStepSampler"/>; f64).</summary>
    Conditioned,

    /// <summary>Brute or conditioned, whichever <see cref="GdStepEngineChoice"/> expects to be faster; resolved before a run.</summary>
    Auto,
}

/// <summary>
/// A first-step experiment (THEORY.md §5): over a grid of depths × σ_w² of fully-connected networks (ReLU by default)
/// (n0 → M × (L−1) → 1), how much one gradient step changes the NTK. Everything that changes the numbers is here;
/// <see cref="GridConfig{TSelf}.Fingerprint"/> identifies it for resumption and merging.
/// </summary>
public sealed record GdStepConfig : GridConfig<GdStepConfig>
{
    /// <summary>Samples per unit of work (resumption and sharding).</summary>
    public const int BlockSize = 500;

    /// <summary>The default depths L = 5, 10, …, 40.</summary>
    public static readonly IReadOnlyList<int> DefaultDepths = [5, 10, 15, 20, 25, 30, 35, 40];

    /// <summary>The default σ_w²: ordered, edge of chaos and chaotic for ReLU.</summary>
    public static readonly IReadOnlyList<double> DefaultSigmaW2 = [1.5, 2.0, 2.5];

    /// <summary>The default grid, 2000 networks per point in double precision.</summary>
    public GdStepConfig()
    {
        Depths = DefaultDepths;
        SigmaW2 = DefaultSigmaW2;
        Samples = 2000;
        Precision = Precision.F64;
    }

    /// <summary>Standard or NTK parametrization (Hanin &amp; Nica state their result in the NTK one).</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<Parametrization>))]
    public Parametrization Parametrization { get; init; } = Parametrization.Standard;

    /// <summary>The regression target: a number, or drawn N(0, 1) per input.</summary>
    public double Target { get; init; }

    /// <summary>Whether the target is drawn N(0, 1) instead of <see cref="Target"/>.</summary>
    public bool TargetDrawn { get; init; }

    /// <summary>The real step checking the first-order change is η = Eta / Θ(x, x).</summary>
    public double Eta { get; init; } = 1e-5;

    /// <summary>Inputs of the full-batch step whose relative Frobenius change of Θ(X, X) is reported (0: none).</summary>
    public int Batch { get; init; } = 8;

    /// <summary>The batch step is EtaBatch / (mean diagonal of Θ(X, X)).</summary>
    public double EtaBatch { get; init; } = 1.0;

    /// <summary>The engine; left out of the configuration (and its fingerprint) for brute force, so that its runs resume across versions.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public GdStepEngine Engine { get; init; }

    /// <summary>The target as the sampler takes it.</summary>
    [JsonIgnore]
    public StepTarget StepTarget => new(Target, TargetDrawn);

    /// <inheritdoc/>
    protected override int SamplesPerUnit => BlockSize;

    /// <inheritdoc/>
    protected override ulong StreamBasis => 1469598103934665603UL ^ 0x9D;

    /// <inheritdoc/>
    protected override bool HoldsWeights => Engine == GdStepEngine.Brute;

    /// <inheritdoc/>
    /// <remarks>The conditioned engine keeps, per thread and layer, every pass's activations, derivatives and backward vectors
    /// (7 + 6B vectors of M) and two vectors per known direction of the layer's matrix (6 + 4B directions): about (19 + 14B)·L·M doubles.</remarks>
    public override double WorkingBytes(int threads)
        => Engine == GdStepEngine.Conditioned ? threads * (19.0 + 14 * Batch) * Depths.Max() * Math.Max(Width, InputSize) * 8 : base.WorkingBytes(threads);

    /// <inheritdoc/>
    public override NetworkSpec Network(int depth, double sigmaW2)
        => new(InputSize, Enumerable.Repeat(Width, depth - 1).ToArray(), 1, Activation, sigmaW2, SigmaB2, Parametrization);

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        if (!(Eta > 0) || double.IsInfinity(Eta)) throw new InvalidConfigurationException(nameof(Eta), $"Eta must be positive (got {Eta}).");
        if (Batch < 0 || Batch == 1) throw new InvalidConfigurationException(nameof(Batch), $"Batch must be 0 (none) or at least 2 (got {Batch}).");
        if (!(EtaBatch > 0) || double.IsInfinity(EtaBatch)) throw new InvalidConfigurationException(nameof(EtaBatch), $"EtaBatch must be positive (got {EtaBatch}).");
        if (!Enum.IsDefined(Engine)) throw new InvalidConfigurationException(nameof(Engine), $"Engine {(int)Engine} is not an engine.");
        if (Engine == GdStepEngine.Auto)
            throw new InvalidConfigurationException(nameof(Engine), "Engine Auto names a choice, not an engine: resolve it with GdStepEngineChoice.Resolve before the run.");
        if (Engine == GdStepEngine.Conditioned && Precision != Precision.F64)
            throw new InvalidConfigurationException(nameof(Precision), "the conditioned engine computes in f64: leave the precision at f64.");
        if (!double.IsFinite(Target)) throw new InvalidConfigurationException(nameof(Target), $"Target must be a finite number (got {Target}).");
    }
}
