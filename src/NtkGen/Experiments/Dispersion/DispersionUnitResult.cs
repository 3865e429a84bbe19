using NtkGen.Engines;
using NtkGen.Statistics;

namespace NtkGen.Experiments.Dispersion;

/// <summary>
/// What one unit of work leaves behind: the sufficient statistics of every quantity (power sums, so that blocks and
/// shards combine exactly), each sample's Θ(x, x) for the bootstrap and the tail diagnostic, and each sample's
/// off-diagonal entries for theirs. All values are Θ / e^LogScale.
/// </summary>
public sealed record DispersionUnitResult : GridUnitResult
{
    /// <summary>Block of samples within the point.</summary>
    public required int Block { get; init; }

    /// <summary>Every value is the NTK divided by e^LogScale.</summary>
    public required double LogScale { get; init; }

    /// <summary>Sums of Θ(x, x).</summary>
    public PowerSums Total { get; init; }

    /// <summary>Sums of its weights part.</summary>
    public PowerSums Weights { get; init; }

    /// <summary>Sums of its biases part.</summary>
    public PowerSums Biases { get; init; }

    /// <summary>Θ(x0, x_r)/e^S for r = correlations[1 …].</summary>
    public PowerSums[] OffDiagonal { get; init; } = [];

    /// <summary>Θ(x0, x_r)/Θ(x0, x0) per sample, for r = correlations[1 …].</summary>
    public PowerSums[] Ratios { get; init; } = [];

    /// <summary>Θ(x, x)/e^S of every sample, in sample order.</summary>
    public double[] Totals { get; init; } = [];

    /// <summary>Θ(x0, x_r)/e^S of every sample, in sample order, for r = correlations[1 …] (the tail diagnostic of their second moments).</summary>
    public double[][] OffDiagonalValues { get; init; } = [];

    /// <summary>The moments engine's exact values (no sampling).</summary>
    public ExactValues? Exact { get; init; }

    /// <summary>Exact log moments from the transfer-matrix engine.</summary>
    public sealed record ExactValues(LogMoments Total, LogMoments Weights, LogMoments Biases);
}
