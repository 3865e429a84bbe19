using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NtkGen.Experiments.Dispersion;

/// <summary>Which engine computes the statistics of Θ at initialization.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DispersionEngine>))]
public enum DispersionEngine
{
    /// <summary>Monte Carlo over real networks with the NTK kernels (any activation, σ_b, off-diagonal entries).</summary>
    Brute,

    /// <summary>Monte Carlo with the O(L) weight-free sampler of Θ(x, x) (ReLU, σ_b = 0).</summary>
    Exact,

    /// <summary>E[Θ] and E[Θ²] computed exactly by transfer matrices, no sampling (ReLU, σ_b = 0).</summary>
    Moments,
}

/// <summary>
/// A dispersion experiment (THEORY.md §6): a grid of depths × σ_w² for fully-connected networks (ReLU by default) of input size
/// <c>n0</c>, hidden width <c>M</c> and one output, each point sampled <see cref="Samples"/> times. Everything that
/// changes the numbers is here, and <see cref="Fingerprint"/> identifies it: resumed runs and merged shards must match.
/// </summary>
public sealed record DispersionConfig
{
    /// <summary>Samples are grouped in blocks of this size: the unit of work, of resumption and of sharding.</summary>
    public const int BlockSize = 1000;

    /// <summary>The authors' input correlations <c>r = 1.0, 0.9, …, 0.0</c>.</summary>
    public static readonly IReadOnlyList<double> AuthorsCorrelations = [1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0];

    /// <summary>Input dimension n0.</summary>
    public int InputSize { get; init; } = 100;

    /// <summary>Hidden width M.</summary>
    public int Width { get; init; } = 100;

    /// <summary>The hidden layers' activation (the exact and moments engines need ReLU).</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<Activation>))]
    public Activation Activation { get; init; } = Activation.ReLU;

    /// <summary>Depths L (weight layers).</summary>
    public IReadOnlyList<int> Depths { get; init; } = [];

    /// <summary>Weight variances σ_w².</summary>
    public IReadOnlyList<double> SigmaW2 { get; init; } = [];

    /// <summary>Bias variance σ_b².</summary>
    public double SigmaB2 { get; init; }

    /// <summary>Monte Carlo samples per grid point (ignored by the moments engine).</summary>
    public int Samples { get; init; } = 500;

    /// <summary>The engine.</summary>
    public DispersionEngine Engine { get; init; } = DispersionEngine.Brute;

    /// <summary>The random seed.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Arithmetic of the brute-force kernels: <c>f32</c> or <c>f64</c>.</summary>
    public Precision Precision { get; init; } = Precision.F32;

    /// <summary>Input correlations r of the off-diagonal entries Θ(x0, x_r) (brute force only; the first is 1).</summary>
    public IReadOnlyList<double> Correlations { get; init; } = AuthorsCorrelations;

    /// <summary>The grid points, depth-major.</summary>
    [JsonIgnore]
    public IReadOnlyList<DispersionPoint> Points
        => [.. Depths.SelectMany(depth => SigmaW2.Select(sigma => (depth, sigma))).Select((p, i) => new DispersionPoint(i, p.depth, p.sigma, this))];

    /// <summary>Blocks of samples per point.</summary>
    [JsonIgnore]
    public int BlocksPerPoint => Engine == DispersionEngine.Moments ? 1 : (Samples + BlockSize - 1) / BlockSize;

    /// <summary>Every unit of work, point-major; unit <c>u</c> belongs to shard <c>u mod n</c>.</summary>
    public IEnumerable<DispersionUnit> Units()
    {
        int index = 0;
        foreach (var point in Points)
        {
            for (int block = 0; block < BlocksPerPoint; block++)
            {
                int first = block * BlockSize;
                int count = Engine == DispersionEngine.Moments ? 0 : Math.Min(BlockSize, Samples - first);
                yield return new DispersionUnit(index++, point, block, first, count);
            }
        }
    }

    /// <summary>Checks the configuration before any work; throws <see cref="InvalidConfigurationException"/>.</summary>
    public void Validate()
    {
        GridChecks.Validate(InputSize, Width, Activation, Depths, SigmaW2, SigmaB2);
        if (Engine != DispersionEngine.Moments && Samples < 2) throw new InvalidConfigurationException(nameof(Samples), $"Samples must be at least 2 (got {Samples}).");
        if (!Enum.IsDefined(Precision)) throw new InvalidConfigurationException(nameof(Precision), $"Precision {(int)Precision} is not a precision.");
        if (Correlations.Count == 0 || Correlations[0] != 1.0) throw new InvalidConfigurationException(nameof(Correlations), "The first of the Correlations must be 1.");
    }

    /// <summary>A hash of everything that changes the results.</summary>
    public string Fingerprint()
    {
        string canonical = JsonSerializer.Serialize(this, JsonOptions);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..16].ToLowerInvariant();
    }

    /// <summary>How configurations are written in journals and reports.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}

/// <summary>One grid point: a depth and a σ_w².</summary>
public sealed record DispersionPoint(int Index, int Depth, double SigmaW2, DispersionConfig Config)
{
    /// <summary>The network of this point: n0 → M × (L−1) → 1 with the configuration's activation.</summary>
    public NetworkSpec Spec => new(Config.InputSize, Enumerable.Repeat(Config.Width, Depth - 1).ToArray(), 1,
        Config.Activation, SigmaW2, Config.SigmaB2);

    /// <summary>λ = L/M.</summary>
    public double Lambda => (double)Depth / Config.Width;

    /// <summary>The upper 32 bits of this point's random streams (<see cref="PointStreams"/>).</summary>
    public ulong StreamBase => PointStreams.Base(14695981039346656037UL, Depth, SigmaW2, Config.SigmaB2);
}

/// <summary>A block of samples of one grid point.</summary>
public sealed record DispersionUnit(int Index, DispersionPoint Point, int Block, int FirstSample, int Count);
