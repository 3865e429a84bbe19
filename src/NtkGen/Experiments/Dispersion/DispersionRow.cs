namespace NtkGen.Experiments.Dispersion;

/// <summary>
/// The statistics of one grid point (depth, σ_w²). Dispersions are <c>R = E[Θ²]/E[Θ]²</c> of Θ(x, x) (1 means
/// deterministic); <c>*_se</c> are delta-method standard errors, the interval a percentile bootstrap. Values that do
/// not apply (e.g. off-diagonal entries of the exact engines) are null.
/// </summary>
public sealed record DispersionRow : GridRow
{
    /// <summary>brute, exact or moments.</summary>
    public required string Engine { get; init; }

    /// <summary>E[Θ(x, x)] (null when beyond double range; see <see cref="Log10Mean"/>).</summary>
    public double? Mean { get; init; }

    /// <summary>log₁₀ E[Θ(x, x)], always finite.</summary>
    public required double Log10Mean { get; init; }

    /// <summary>Standard error of the mean.</summary>
    public double? MeanSe { get; init; }

    /// <summary>The exact mean of THEORY.md §3 (ReLU, σ_b = 0), null where it does not apply.</summary>
    public double? MeanTheory { get; init; }

    /// <summary>The dispersion of Θ(x, x).</summary>
    public required double Ratio { get; init; }

    /// <summary>log₁₀ of <see cref="Ratio"/>, finite where the ratio leaves double range (then empty in the CSV).</summary>
    public required double Log10Ratio { get; init; }

    /// <summary>Its standard error.</summary>
    public required double RatioSe { get; init; }

    /// <summary>Lower end of the 95% bootstrap interval.</summary>
    public required double RatioCiLow { get; init; }

    /// <summary>Upper end of the 95% bootstrap interval.</summary>
    public required double RatioCiHigh { get; init; }

    /// <summary>True when the interval is wider than half the estimate: the heavy tail is not resolved by this many samples.</summary>
    public required bool CiWide { get; init; }

    /// <summary>
    /// Pareto k̂ of the largest Θ(x, x)² values, the samples behind E[Θ²] (<see cref="Statistics.ParetoTail"/>); null for
    /// the moments engine and for fewer than 25 samples.
    /// </summary>
    public double? TailK { get; init; }

    /// <summary>The k̂ above which a mean of this many values is unreliable, 1 − 1/log₁₀ S.</summary>
    public double? TailKThreshold { get; init; }

    /// <summary>True when <see cref="TailK"/> is above <see cref="TailKThreshold"/>: R cannot be trusted at this sample count.</summary>
    public bool TailHeavy { get; init; }

    /// <summary>The sample count at which k̂ would be below the threshold, 10^(1/(1 − k̂)); null when k̂ ≥ 1 (no count suffices) or unknown.</summary>
    public double? SamplesNeeded { get; init; }

    /// <summary>Dispersion of the weights part.</summary>
    public required double RatioWeights { get; init; }

    /// <summary>Dispersion of the biases part.</summary>
    public required double RatioBiases { get; init; }

    /// <summary>The exact dispersion at this finite M and L from the moments engine, null where it does not apply.</summary>
    public double? RatioExact { get; init; }

    /// <summary>log₁₀ of <see cref="RatioExact"/>, finite where the exact ratio leaves double range.</summary>
    public double? Log10RatioExact { get; init; }

    /// <summary>
    /// The same moments at this M and L under the gradient-independence assumption (THEORY.md §3: the model whose limit is
    /// F(λ)), null where the moments engine does not apply.
    /// </summary>
    public double? RatioGia { get; init; }

    /// <summary>The chaotic-phase limit F(λ) of Seleznova &amp; Kutyniok (as transcribed), for comparison: the limit of the gradient-independence chain; null for networks other than ReLU, which it does not describe.</summary>
    public double? RatioFLambda { get; init; }

    /// <summary>Hanin &amp; Nica's growth exp(5β) (a rate, not a value: constants are not known); null for networks other than ReLU.</summary>
    public double? RatioHaninNica { get; init; }

    /// <summary>Off-diagonal entries Θ(x0, x_r), one per correlation r &lt; 1 (empty for the exact engines).</summary>
    public IReadOnlyList<OffDiagonalStatistics> OffDiagonal { get; init; } = [];
}

/// <summary>Statistics of Θ(x0, x_r) at one input correlation r.</summary>
/// <param name="R">The nominal correlation r of x0 and x_r.</param>
/// <param name="Ratio">Mean over networks of Θ(x0, x_r)/Θ(x0, x0).</param>
/// <param name="RatioSe">Its standard error.</param>
/// <param name="Dispersion">E[Θ(x0,x_r)²]/E[Θ(x0,x_r)]².</param>
/// <param name="DispersionSe">Its standard error.</param>
/// <param name="RatioTheory">Θ*(x0, x_r)/Θ*(x0, x0) of the infinite-width kernel (standard parametrization, any activation), null otherwise.</param>
public sealed record OffDiagonalStatistics(double R, double Ratio, double RatioSe, double Dispersion, double DispersionSe, double? RatioTheory)
{
    /// <summary>Pareto k̂ of the largest Θ(x0, x_r)² values, the samples behind <see cref="Dispersion"/>'s second moment.</summary>
    public double? TailK { get; init; }

    /// <summary>True when <see cref="TailK"/> is above the row's threshold: <see cref="Dispersion"/> cannot be trusted at this sample count.</summary>
    public bool TailHeavy { get; init; }
}
