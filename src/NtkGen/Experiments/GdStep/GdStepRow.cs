namespace NtkGen.Experiments.GdStep;

/// <summary>
/// The first-step statistics of one grid point (THEORY.md §5). The scale-free mean relative change
/// <c>E[ΔΘ/η]/E[Θ]²</c> is the mean change for a step η = 1/E[Θ]; the per-network <c>ΔΘ/(ηΘ²)</c> gives the median and
/// the mean absolute change; <c>E[ΔΘ/η]/E[Θ]</c> is Hanin &amp; Nica's quantity.
/// </summary>
public sealed record GdStepRow : GridRow
{
    /// <summary>standard or ntk.</summary>
    public required string Parametrization { get; init; }

    /// <summary>E[Θ(x, x)].</summary>
    public required double MeanTheta { get; init; }

    /// <summary>E[ΔΘ/η] (first order).</summary>
    public required double MeanChange { get; init; }

    /// <summary>E[ΔΘ/η]/E[Θ]².</summary>
    public required double MeanRelativeChange { get; init; }

    /// <summary>Its delta-method standard error.</summary>
    public required double MeanRelativeChangeSe { get; init; }

    /// <summary>Median over networks of ΔΘ/(η Θ²).</summary>
    public required double MedianRelativeChange { get; init; }

    /// <summary>Fraction of networks with ΔΘ &lt; 0.</summary>
    public required double FractionNegative { get; init; }

    /// <summary>E[|ΔΘ|/(η Θ²)].</summary>
    public required double MeanAbsRelativeChange { get; init; }

    /// <summary>E[ΔΘ/(η Θ²)] from the first-order formula.</summary>
    public required double FirstOrderRelativeChange { get; init; }

    /// <summary>Median over networks of ΔΘ/(η Θ²) from a real step of size η = eta/Θ (compare with <see cref="MedianRelativeChange"/>).</summary>
    public required double FiniteStepMedianRelativeChange { get; init; }

    /// <summary>
    /// Fraction of networks whose real step changed Θ by the first-order amount within 0.1%. The others had a ReLU unit
    /// cross its kink, which makes Θ jump; such jumps are rare but large, so the mean of real steps does not converge to
    /// the first-order mean as η → 0 — the median does.
    /// </summary>
    public required double RealStepAgreement { get; init; }

    /// <summary>E[ΔΘ/η]/E[Θ] (Hanin &amp; Nica's ratio; scale-dependent away from the edge of chaos in standard parametrization).</summary>
    public required double ChangeOverMeanTheta { get; init; }

    /// <summary>Its standard error.</summary>
    public required double ChangeOverMeanThetaSe { get; init; }

    /// <summary>Hanin &amp; Nica's growth (dβ/n0)·e^{5β}, d = L weight layers, β = (L − 1)/M (<see cref="Theory.HaninNica.FirstStepChange"/>; up to constants they do not give); null for networks other than ReLU.</summary>
    public double? HaninNicaPrediction { get; init; }

    /// <summary>Mean relative Frobenius change of Θ(X, X) after one full-batch step (null without a batch).</summary>
    public double? MatrixRelativeChange { get; init; }

    /// <summary>Its standard error.</summary>
    public double? MatrixRelativeChangeSe { get; init; }

    /// <summary>Pareto k̂ of the largest (ΔΘ/η)² values (<see cref="Statistics.ParetoTail"/>); null for too few samples.</summary>
    public double? TailKChange { get; init; }

    /// <summary>Pareto k̂ of the largest Θ² values.</summary>
    public double? TailKTheta { get; init; }

    /// <summary>Pareto k̂ of the largest (ΔΘ/(ηΘ²))² values.</summary>
    public double? TailKNormalized { get; init; }

    /// <summary>The sample-size-dependent threshold <c>1 − 1/log10 S</c> above which a k̂ makes its moments untrustworthy.</summary>
    public double? TailKThreshold { get; init; }

    /// <summary>True when the largest of the three k̂ is above <see cref="TailKThreshold"/>: this row's means cannot be trusted at this sample count.</summary>
    public bool TailHeavy { get; init; }

    /// <summary>Samples at which the largest k̂ would fall to the threshold (null when it is 1 or more: no count suffices).</summary>
    public double? SamplesNeeded { get; init; }
}
