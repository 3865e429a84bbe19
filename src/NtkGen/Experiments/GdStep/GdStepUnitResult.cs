using NtkGen.Statistics;

namespace NtkGen.Experiments.GdStep;

/// <summary>
/// Sufficient statistics of one block of networks: sums that add across blocks and shards, and the per-network
/// normalized changes for the median.
/// </summary>
public sealed record GdStepUnitResult : IUnitResult
{
    /// <summary>Index of the unit in the grid.</summary>
    public required int Unit { get; init; }

    /// <summary>Index of the grid point.</summary>
    public required int Point { get; init; }

    /// <summary>Depth L.</summary>
    public required int Depth { get; init; }

    /// <summary>σ_w².</summary>
    public required double SigmaW2 { get; init; }

    /// <summary>The kernel that ran.</summary>
    public required string Kernel { get; init; }

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
}
