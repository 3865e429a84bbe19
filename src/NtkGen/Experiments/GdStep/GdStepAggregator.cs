using NtkGen.Statistics;
using NtkGen.Theory;

namespace NtkGen.Experiments.GdStep;

/// <summary>One <see cref="GdStepRow"/> per complete grid point, combining units in unit order (shards merge exactly).</summary>
public static class GdStepAggregator
{
    /// <summary>Rows for every grid point whose units are all present.</summary>
    public static IReadOnlyList<GdStepRow> Rows(GdStepConfig config, IEnumerable<GdStepUnitResult> results)
        => [.. config.CompletePoints(results).Select(p => Row(config, p.Point, p.Parts))];

    /// <summary>
    /// Hanin &amp; Nica's constant: <c>E[ΔΘ/η]/E[Θ] ≈ C (dβ/n0) e^{5β}</c> (<see cref="HaninNica.FirstStepChange"/>), C by least squares in logarithms over the
    /// rows, with the per-row ratio observed/(C·prediction); a comparison of growth rates (the paper gives no constant).
    /// </summary>
    public static (double Constant, IReadOnlyList<double> Ratios) HaninNicaFit(IReadOnlyList<GdStepRow> rows)
    {
        var usable = rows.Where(r => r.HaninNicaPrediction > 0 && r.ChangeOverMeanTheta != 0).ToList();
        if (usable.Count == 0) return (double.NaN, []);
        double logConstant = usable.Average(r => Math.Log(Math.Abs(r.ChangeOverMeanTheta) / r.HaninNicaPrediction!.Value));
        double constant = Math.Sign(usable[0].ChangeOverMeanTheta) * Math.Exp(logConstant);
        return (constant, usable.Select(r => r.ChangeOverMeanTheta / (constant * r.HaninNicaPrediction!.Value)).ToList());
    }

    private static GdStepRow Row(GdStepConfig config, GridPoint<GdStepConfig> point, List<GdStepUnitResult> parts)
    {
        PairedSums change = default;
        PowerSums normalized = default, absolute = default, matrix = default;
        long negative = 0, agrees = 0;
        var values = new List<double>();
        var finiteValues = new List<double>();
        var changes = new List<double>();
        var thetas = new List<double>();
        foreach (var part in parts)
        {
            change = change.Merge(part.Change);
            normalized = normalized.Merge(part.Normalized);
            absolute = absolute.Merge(part.AbsoluteNormalized);
            finiteValues.AddRange(part.FiniteNormalizedValues);
            agrees += part.RealStepAgrees;
            matrix = matrix.Merge(part.MatrixChange);
            negative += part.Negative;
            values.AddRange(part.NormalizedValues);
            changes.AddRange(part.ChangeValues);
            thetas.AddRange(part.ThetaValues);
        }
        var tail = Tail(change.Count, changes, thetas, values);
        var (relative, relativeSe) = change.RatioOfMeans(2);
        var (overMean, overMeanSe) = change.RatioOfMeans(1);
        var sorted = values.Order().ToArray();
        return new GdStepRow
        {
            Depth = point.Depth, Width = config.Width, N0 = config.InputSize, Lambda = point.Lambda, SigmaW2 = point.SigmaW2,
            SigmaB2 = config.SigmaB2, Parametrization = config.Parametrization.ToString().ToLowerInvariant(),
            Phase = MeanField.Phase(config.Activation, point.SigmaW2, config.SigmaB2), Samples = change.Count,
            Kernel = string.Join("; ", parts.Select(p => p.Kernel).Distinct()),
            MeanTheta = change.SumY / change.Count, MeanChange = change.SumX / change.Count,
            MeanRelativeChange = relative, MeanRelativeChangeSe = relativeSe,
            MedianRelativeChange = Bootstrap.Quantile(sorted, 0.5),
            FractionNegative = (double)negative / change.Count,
            MeanAbsRelativeChange = absolute.Mean,
            FirstOrderRelativeChange = normalized.Mean,
            FiniteStepMedianRelativeChange = Bootstrap.Quantile(finiteValues.Order().ToArray(), 0.5),
            RealStepAgreement = (double)agrees / change.Count,
            ChangeOverMeanTheta = overMean, ChangeOverMeanThetaSe = overMeanSe,
            HaninNicaPrediction = config.Activation == Activation.ReLU
                ? HaninNica.FirstStepChange(point.Depth, config.Width, config.InputSize)
                : null,
            MatrixRelativeChange = matrix.Count > 0 ? matrix.Mean : null,
            MatrixRelativeChangeSe = matrix.Count > 1 ? matrix.StandardErrorOfMean : null,
            TailKChange = tail.Change, TailKTheta = tail.Theta, TailKNormalized = tail.Normalized, TailKThreshold = tail.Threshold,
            TailHeavy = tail.Largest > tail.Threshold, SamplesNeeded = tail.Largest is double k ? ParetoTail.SamplesNeeded(k) : null,
        };
    }

    /// <summary>
    /// Pareto k̂ of the largest squares of the per-network values behind the row's second moments — ΔΘ/η and Θ (the ratio
    /// of means and its standard error), ΔΘ/(ηΘ²) (the first-order mean) — and the threshold at this sample count. A
    /// quantity whose values some unit lacks (written before they were kept) gets none.
    /// </summary>
    private static (double? Change, double? Theta, double? Normalized, double? Largest, double? Threshold) Tail(long samples, List<double> changes, List<double> thetas, List<double> normalized)
    {
        double? K(List<double> x) => x.Count == samples ? ParetoTail.RightTailK(x.Select(v => v * v).ToArray()) : null;
        double? change = K(changes), theta = K(thetas), normalizedK = K(normalized);
        double? largest = new[] { change, theta, normalizedK }.Max();
        return (change, theta, normalizedK, largest, largest is null ? null : ParetoTail.Threshold(samples));
    }
}
