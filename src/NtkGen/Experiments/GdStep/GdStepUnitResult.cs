using NtkGen.Statistics;

namespace NtkGen.Experiments.GdStep;

/// <summary>
/// Sufficient statistics of one block of networks: sums that add across blocks and shards, and the per-network
/// normalized changes for the median.
/// </summary>
public sealed record GdStepUnitResult : GridUnitResult
{
    /// <summary>Pairs (ΔΘ/η, Θ) for the ratios of means.</summary>
    public PairedSums Change { get; init; }

    /// <summary>Sums of ΔΘ/(η Θ²) per network.</summary>
    public PowerSums Normalized { get; init; }

    /// <summary>Sums of |ΔΘ|/(η Θ²).</summary>
    public PowerSums AbsoluteNormalized { get; init; }

    /// <summary>The real step's ΔΘ/(η Θ²) of every network, in sample order (for its median).</summary>
    public double[] FiniteNormalizedValues { get; init; } = [];

    /// <summary>Sums of the batch step's relative Frobenius change of Θ(X, X).</summary>
    public PowerSums MatrixChange { get; init; }

    /// <summary>Networks whose real step changed Θ by the first-order amount (within 0.1%): no ReLU unit crossed its kink.</summary>
    public long RealStepAgrees { get; init; }

    /// <summary>Networks whose first-order change is negative.</summary>
    public long Negative { get; init; }

    /// <summary>ΔΘ/(η Θ²) of every network, in sample order (for the median).</summary>
    public double[] NormalizedValues { get; init; } = [];

    /// <summary>ΔΘ/η of every network, in sample order (for the tail diagnostic; empty in units written before it).</summary>
    public double[] ChangeValues { get; init; } = [];

    /// <summary>Θ of every network, in sample order (for the tail diagnostic; empty in units written before it).</summary>
    public double[] ThetaValues { get; init; } = [];
}
