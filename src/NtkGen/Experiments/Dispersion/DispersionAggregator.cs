using NtkGen.Engines;
using NtkGen.Statistics;
using NtkGen.Theory;

namespace NtkGen.Experiments.Dispersion;

/// <summary>
/// Turns unit results into one <see cref="DispersionRow"/> per complete grid point. Units are combined in unit order
/// whether they come from one run or from merged shards, so both give bit-identical statistics.
/// </summary>
public static class DispersionAggregator
{
    /// <summary>Ratio of the bootstrap interval's width to the estimate above which the interval is flagged as wide.</summary>
    public const double WideInterval = 0.5;

    /// <summary>Rows for every grid point of <paramref name="config"/> whose units are all in <paramref name="results"/>.</summary>
    public static IReadOnlyList<DispersionRow> Rows(DispersionConfig config, IEnumerable<DispersionUnitResult> results)
        => [.. config.CompletePoints(results).Select(p => Row(config, p.Point, p.Parts))];

    private static DispersionRow Row(DispersionConfig config, GridPoint<DispersionConfig> point, List<DispersionUnitResult> parts)
    {
        var spec = point.Spec;
        string? exactReason = ExactDiagonalSampler.WhyNot(spec);
        // Each output's Θ_oo has the law of the one-output network's Θ, so the trace's mean is O times its mean; the
        // moments of the trace beyond the mean are another matter, which the exact engines and the limits do not cover.
        int outputs = config.OutputCount;
        var oneOutput = outputs == 1 ? spec : (config with { Outputs = null }).Network(point.Depth, point.SigmaW2);
        double? meanTheory = ExactDiagonalSampler.WhyNot(oneOutput) is null ? outputs * ExactNtkMean.Total(spec.InputSize, config.Width, point.Depth, point.SigmaW2, 1.0) : null;
        LogMoments? exactMoments = exactReason is null ? ExactMoments.Compute(spec) : null;
        double? ratioExact = exactMoments?.Dispersion, log10RatioExact = exactMoments?.Log10Dispersion;
        double? ratioGia = exactReason is null ? ExactMoments.Compute(spec, 1, ExactMoments.Part.Total, ChainModel.GradientIndependence).Dispersion : null;
        // The papers' limits are for ReLU networks.
        bool relu = spec.Activation == Activation.ReLU && outputs == 1;
        double? fLambda = relu ? DispersionLimits.Chaotic(point.Lambda) : null;
        double? haninNica = relu ? HaninNica.Dispersion(spec) : null;
        string phase = MeanField.Phase(spec.Activation, point.SigmaW2, config.SigmaB2);
        string kernel = string.Join("; ", parts.Select(p => p.Kernel).Distinct());

        if (parts[0].Exact is { } exact)
        {
            double logMean = exact.Total.LogMean;
            return new DispersionRow
            {
                Depth = point.Depth, Width = config.Width, N0 = config.InputSize, Lambda = point.Lambda, SigmaW2 = point.SigmaW2,
                SigmaB2 = config.SigmaB2, Phase = phase, Engine = "moments", Kernel = kernel, Samples = 0,
                Mean = Finite(Math.Exp(logMean)), Log10Mean = logMean / Math.Log(10), MeanSe = 0, MeanTheory = meanTheory,
                Ratio = exact.Total.Dispersion, Log10Ratio = exact.Total.Log10Dispersion, RatioSe = 0, RatioCiLow = exact.Total.Dispersion, RatioCiHigh = exact.Total.Dispersion, CiWide = false,
                RatioWeights = exact.Weights.Dispersion, RatioBiases = exact.Biases.Dispersion, RatioExact = ratioExact, Log10RatioExact = log10RatioExact,
                RatioGia = ratioGia, RatioFLambda = fLambda, RatioHaninNica = haninNica,
            };
        }

        double logScale = parts[0].LogScale;
        PowerSums total = default, weights = default, biases = default;
        int offCount = parts[0].OffDiagonal.Length;
        var off = new PowerSums[offCount];
        var ratios = new PowerSums[offCount];
        var totals = new List<double>();
        var offValues = Enumerable.Range(0, offCount).Select(_ => new List<double>()).ToArray();
        foreach (var part in parts)
        {
            total = total.Merge(part.Total);
            weights = weights.Merge(part.Weights);
            biases = biases.Merge(part.Biases);
            for (int r = 0; r < offCount; r++)
            {
                off[r] = off[r].Merge(part.OffDiagonal[r]);
                ratios[r] = ratios[r].Merge(part.Ratios[r]);
                offValues[r].AddRange(part.OffDiagonalValues[r]);
            }
            totals.AddRange(part.Totals);
        }
        var (ratio, ratioSe) = total.Dispersion();
        double? tailK = ParetoTail.RightTailK(totals.Select(t => t * t).ToArray());
        double tailThreshold = ParetoTail.Threshold(totals.Count);
        var (low, high) = Bootstrap.DispersionInterval(totals.ToArray(), config.Seed ^ point.StreamBase);
        double log10Mean = (logScale + Math.Log(total.Mean)) / Math.Log(10);
        double scale = Math.Exp(logScale);
        var offDiagonal = new List<OffDiagonalStatistics>();
        double[]? theory = offCount > 0 ? TryTheory(spec, [.. config.Correlations.Skip(1)]) : null;
        for (int r = 0; r < offCount; r++)
        {
            double correlation = config.Correlations[r + 1];
            var (dispersion, dispersionSe) = off[r].Dispersion();
            double? offTailK = ParetoTail.RightTailK(offValues[r].Select(t => t * t).ToArray());
            offDiagonal.Add(new OffDiagonalStatistics(correlation, ratios[r].Mean, ratios[r].StandardErrorOfMean, dispersion, dispersionSe, theory?[r])
            {
                TailK = offTailK, TailHeavy = offTailK > tailThreshold,
            });
        }
        return new DispersionRow
        {
            Depth = point.Depth, Width = config.Width, N0 = config.InputSize, Lambda = point.Lambda, SigmaW2 = point.SigmaW2,
            SigmaB2 = config.SigmaB2, Phase = phase,
            Engine = config.Engine.ToString().ToLowerInvariant(), Kernel = kernel, Samples = total.Count,
            Mean = Finite(scale * total.Mean), Log10Mean = log10Mean, MeanSe = Finite(scale * total.StandardErrorOfMean), MeanTheory = meanTheory,
            Ratio = ratio, Log10Ratio = Math.Log10(ratio), RatioSe = ratioSe, RatioCiLow = low, RatioCiHigh = high, CiWide = (high - low) > WideInterval * ratio,
            TailK = tailK, TailKThreshold = tailK is null ? null : tailThreshold, TailHeavy = tailK > tailThreshold,
            SamplesNeeded = tailK is double k ? ParetoTail.SamplesNeeded(k) : null,
            RatioWeights = weights.Dispersion().Ratio, RatioBiases = biases.Dispersion().Ratio, RatioExact = ratioExact, Log10RatioExact = log10RatioExact, RatioGia = ratioGia,
            RatioFLambda = fLambda, RatioHaninNica = haninNica, OffDiagonal = offDiagonal,
        };
    }

    private static double[]? TryTheory(NetworkSpec spec, double[] correlations)
    {
        try
        {
            return InfiniteWidthNtk.CorrelationRatios(spec, correlations);
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
