using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using NtkGen.Engines;

namespace NtkGen.Experiments.GdStep;

/// <summary>
/// A first-step experiment (THEORY.md §5): over a grid of depths × σ_w² of fully-connected networks (ReLU by default)
/// (n0 → M × (L−1) → 1), how much one gradient step changes the NTK. Everything that changes the numbers is here;
/// <see cref="Fingerprint"/> identifies it for resumption and merging.
/// </summary>
public sealed record GdStepConfig
{
    /// <summary>Samples per unit of work (resumption and sharding).</summary>
    public const int BlockSize = 500;

    /// <summary>Input dimension n0.</summary>
    public int InputSize { get; init; } = 100;

    /// <summary>Hidden width M.</summary>
    public int Width { get; init; } = 100;

    /// <summary>The hidden layers' activation.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<Activation>))]
    public Activation Activation { get; init; } = Activation.ReLU;

    /// <summary>Depths L (weight layers).</summary>
    public IReadOnlyList<int> Depths { get; init; } = [];

    /// <summary>Weight variances σ_w².</summary>
    public IReadOnlyList<double> SigmaW2 { get; init; } = [];

    /// <summary>Bias variance σ_b².</summary>
    public double SigmaB2 { get; init; }

    /// <summary>Standard or NTK parametrization (Hanin &amp; Nica state their result in the NTK one).</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<Parametrization>))]
    public Parametrization Parametrization { get; init; } = Parametrization.Standard;

    /// <summary>Networks per grid point.</summary>
    public int Samples { get; init; } = 2000;

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

    /// <summary>The random seed.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Arithmetic: f32 or f64.</summary>
    public Precision Precision { get; init; } = Precision.F64;

    /// <summary>The target as the sampler takes it.</summary>
    [JsonIgnore]
    public StepTarget StepTarget => new(Target, TargetDrawn);

    /// <summary>The grid points, depth-major.</summary>
    [JsonIgnore]
    public IReadOnlyList<GdStepPoint> Points
        => [.. Depths.SelectMany(depth => SigmaW2.Select(sigma => (depth, sigma))).Select((p, i) => new GdStepPoint(i, p.depth, p.sigma, this))];

    /// <summary>Every unit of work, point-major.</summary>
    public IEnumerable<GdStepUnit> Units()
    {
        int index = 0, blocks = (Samples + BlockSize - 1) / BlockSize;
        foreach (var point in Points)
            for (int block = 0; block < blocks; block++)
                yield return new GdStepUnit(index++, point, block, block * BlockSize, Math.Min(BlockSize, Samples - block * BlockSize));
    }

    /// <summary>Checks the configuration before any work; throws <see cref="InvalidConfigurationException"/>.</summary>
    public void Validate()
    {
        GridChecks.Validate(InputSize, Width, Activation, Depths, SigmaW2, SigmaB2);
        if (Samples < 2) throw new InvalidConfigurationException(nameof(Samples), $"Samples must be at least 2 (got {Samples}).");
        if (!(Eta > 0) || double.IsInfinity(Eta)) throw new InvalidConfigurationException(nameof(Eta), $"Eta must be positive (got {Eta}).");
        if (Batch < 0 || Batch == 1) throw new InvalidConfigurationException(nameof(Batch), $"Batch must be 0 (none) or at least 2 (got {Batch}).");
        if (!(EtaBatch > 0) || double.IsInfinity(EtaBatch)) throw new InvalidConfigurationException(nameof(EtaBatch), $"EtaBatch must be positive (got {EtaBatch}).");
        if (!Enum.IsDefined(Precision)) throw new InvalidConfigurationException(nameof(Precision), $"Precision {(int)Precision} is not a precision.");
        if (!double.IsFinite(Target)) throw new InvalidConfigurationException(nameof(Target), $"Target must be a finite number (got {Target}).");
    }

    /// <summary>A hash of everything that changes the results.</summary>
    public string Fingerprint()
        => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this, JsonOptions))))[..16].ToLowerInvariant();

    /// <summary>How configurations are written in journals and reports.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}

/// <summary>One grid point: a depth and a σ_w².</summary>
public sealed record GdStepPoint(int Index, int Depth, double SigmaW2, GdStepConfig Config)
{
    /// <summary>The network of this point: n0 → M × (L−1) → 1 with the configuration's activation.</summary>
    public NetworkSpec Spec => new(Config.InputSize, Enumerable.Repeat(Config.Width, Depth - 1).ToArray(), 1,
        Config.Activation, SigmaW2, Config.SigmaB2, Config.Parametrization);

    /// <summary>λ = L/M.</summary>
    public double Lambda => (double)Depth / Config.Width;

    /// <summary>The upper 32 bits of this point's network streams (<see cref="PointStreams"/>).</summary>
    public ulong StreamBase => PointStreams.Base(1469598103934665603UL ^ 0x9D, Depth, SigmaW2, Config.SigmaB2);
}

/// <summary>A block of samples of one grid point.</summary>
public sealed record GdStepUnit(int Index, GdStepPoint Point, int Block, int FirstSample, int Count);
