using NtkGen.Statistics;

namespace NtkGen.Experiments.Linearize;

/// <summary>
/// Sufficient statistics of one block of networks, per comparison step s (the configuration's steps, then t → ∞ for the
/// linear predictions) and test input x, in arrays of index <c>s·T + x</c>: sums that add across blocks and shards.
/// </summary>
public sealed record LinearizeUnitResult : GridUnitResult
{
    /// <summary>The trained networks' outputs (the configuration's steps only).</summary>
    public PowerSums[] Trained { get; init; } = [];

    /// <summary>The linearized networks' outputs (steps, then t → ∞).</summary>
    public PowerSums[] Linearized { get; init; } = [];

    /// <summary>Per network, the test loss <c>mean_x (f(x) − y)²</c> of the trained networks, per step.</summary>
    public PowerSums[] TrainedLoss { get; init; } = [];

    /// <summary>The same for the linearized networks, per step and t → ∞.</summary>
    public PowerSums[] LinearizedLoss { get; init; } = [];

    /// <summary>Per network, the root-mean-square distance over the test inputs between its trained and linearized outputs, per step.</summary>
    public PowerSums[] Distance { get; init; } = [];

    /// <summary>Networks left out because training or the linearization diverged (a non-finite output).</summary>
    public long Diverged { get; init; }

    /// <summary>The infinite-width theory's mean per step (and t → ∞) and test input; in the point's first unit only.</summary>
    public double[]? TheoryMean { get; init; }

    /// <summary>Its variance, the same layout.</summary>
    public double[]? TheoryVariance { get; init; }

    /// <summary>The theory's expected test loss per step (and t → ∞), mean_x ((μ_t(x) − y)² + σ²_t(x)); in the first unit only.</summary>
    public double[]? TheoryLoss { get; init; }

    /// <summary>The point's learning rate η.</summary>
    public double Rate { get; init; }
}
