namespace NtkGen.Experiments.Linearize;

/// <summary>
/// One grid point at one comparison step: the output's variance over initializations at the test inputs for the trained
/// networks, their linearizations and the infinite-width theory, how the trained ensemble's mean and variance compare
/// with the theory input by input, the test losses, and how far the trained networks are from their linearizations.
/// Averages over test inputs are plain means over the T test inputs.
/// </summary>
public sealed record LinearizeRow : GridRow
{
    /// <summary>Gradient-descent steps; null for t → ∞ (the linear predictions only).</summary>
    public int? Step { get; init; }

    /// <summary>The learning rate η of the point.</summary>
    public required double Rate { get; init; }

    /// <summary>Networks left out because training or their linearization diverged.</summary>
    public required long Diverged { get; init; }

    /// <summary>Mean over test inputs of Var[f(x)] over the trained networks.</summary>
    public double? TrainedVariance { get; init; }

    /// <summary>Its standard error (the mean of the inputs' standard errors: a bound, the inputs share networks).</summary>
    public double? TrainedVarianceSe { get; init; }

    /// <summary>Mean over test inputs of Var[f(x)] over the linearized networks.</summary>
    public required double LinearizedVariance { get; init; }

    /// <summary>Its standard error (as <see cref="TrainedVarianceSe"/>).</summary>
    public required double LinearizedVarianceSe { get; init; }

    /// <summary>Mean over test inputs of the infinite-width theory's σ²_t(x).</summary>
    public required double TheoryVariance { get; init; }

    /// <summary>
    /// Root mean square over test inputs of the trained ensemble's mean at x against μ_t(x), in standard errors of that
    /// mean: about 1 where the theory holds.
    /// </summary>
    public double? TrainedMeanRmsZ { get; init; }

    /// <summary>The largest of those |z| over the test inputs.</summary>
    public double? TrainedMeanMaxZ { get; init; }

    /// <summary>
    /// (<see cref="TrainedVariance"/> − <see cref="TheoryVariance"/>)/<see cref="TrainedVarianceSe"/>: the input-averaged
    /// variance against the theory's, with the bounding error (so |z| is if anything too small).
    /// </summary>
    public double? TrainedVarianceZ { get; init; }

    /// <summary>The largest over test inputs of |Var f(x) − σ²_t(x)| in that input's standard error (from its fourth moment; rough below a few hundred networks).</summary>
    public double? TrainedVarianceMaxZ { get; init; }

    /// <summary>As <see cref="TrainedMeanRmsZ"/> for the linearized ensemble.</summary>
    public required double LinearizedMeanRmsZ { get; init; }

    /// <summary>As <see cref="TrainedMeanMaxZ"/> for the linearized ensemble.</summary>
    public required double LinearizedMeanMaxZ { get; init; }

    /// <summary>As <see cref="TrainedVarianceZ"/> for the linearized ensemble.</summary>
    public required double LinearizedVarianceZ { get; init; }

    /// <summary>As <see cref="TrainedVarianceMaxZ"/> for the linearized ensemble.</summary>
    public required double LinearizedVarianceMaxZ { get; init; }

    /// <summary>Mean over networks of the test loss mean_x (f(x) − y)² of the trained networks.</summary>
    public double? TrainedLoss { get; init; }

    /// <summary>Its standard error.</summary>
    public double? TrainedLossSe { get; init; }

    /// <summary>The same for the linearized networks.</summary>
    public required double LinearizedLoss { get; init; }

    /// <summary>Its standard error.</summary>
    public required double LinearizedLossSe { get; init; }

    /// <summary>The theory's expected test loss, mean_x ((μ_t(x) − y)² + σ²_t(x)).</summary>
    public required double TheoryLoss { get; init; }

    /// <summary>Mean over networks of the RMS over test inputs of (trained − linearized) output.</summary>
    public double? Distance { get; init; }

    /// <summary>Its standard error.</summary>
    public double? DistanceSe { get; init; }
}
