using NtkGen.Statistics;

namespace NtkGen.Experiments.Linearize;

/// <summary>One <see cref="LinearizeRow"/> per complete grid point and comparison step, combining units in unit order.</summary>
public static class LinearizeAggregator
{
    /// <summary>Rows for every grid point whose units are all present: its steps, then t → ∞.</summary>
    public static IReadOnlyList<LinearizeRow> Rows(LinearizeConfig config, IEnumerable<LinearizeUnitResult> results)
        => [.. config.CompletePoints(results).SelectMany(p => Point(config, p.Point, p.Parts))];

    private static IEnumerable<LinearizeRow> Point(LinearizeConfig config, GridPoint<LinearizeConfig> point, List<LinearizeUnitResult> parts)
    {
        int t = config.TestCount, steps = config.Steps.Count;
        var first = parts[0];
        var trained = Merge(parts, p => p.Trained);
        var linearized = Merge(parts, p => p.Linearized);
        var trainedLoss = Merge(parts, p => p.TrainedLoss);
        var linearizedLoss = Merge(parts, p => p.LinearizedLoss);
        var distance = Merge(parts, p => p.Distance);
        var theoryMean = first.TheoryMean ?? throw new InvalidDataException($"The first unit of point {point.Index} has no theory.");
        var theoryVariance = first.TheoryVariance!;
        long diverged = parts.Sum(p => p.Diverged);
        for (int s = 0; s <= steps; s++)
        {
            bool limit = s == steps;
            var mean = theoryMean.AsSpan(s * t, t);
            var variance = theoryVariance.AsSpan(s * t, t);
            var linear = Compare(linearized.AsSpan(s * t, t), mean, variance);
            var real = limit ? default : Compare(trained.AsSpan(s * t, t), mean, variance);
            double theoryLoss = first.TheoryLoss![s];
            yield return new LinearizeRow
            {
                Depth = point.Depth, Width = config.Width, N0 = config.InputSize, Lambda = point.Lambda, SigmaW2 = point.SigmaW2, SigmaB2 = config.SigmaB2,
                Phase = Theory.MeanField.Phase(config.Activation, point.SigmaW2, config.SigmaB2), Samples = linearizedLoss[s].Count,
                Kernel = string.Join("; ", parts.Select(p => p.Kernel).Distinct()),
                Step = limit ? null : config.Steps[s], Rate = first.Rate, Diverged = diverged,
                TrainedVariance = limit ? null : real.Variance, TrainedVarianceSe = limit ? null : real.VarianceSe,
                LinearizedVariance = linear.Variance, LinearizedVarianceSe = linear.VarianceSe, TheoryVariance = Average(variance),
                TrainedMeanRmsZ = limit ? null : real.MeanRmsZ, TrainedMeanMaxZ = limit ? null : real.MeanMaxZ,
                TrainedVarianceZ = limit ? null : (real.Variance - Average(variance)) / real.VarianceSe, TrainedVarianceMaxZ = limit ? null : real.VarianceMaxZ,
                LinearizedMeanRmsZ = linear.MeanRmsZ, LinearizedMeanMaxZ = linear.MeanMaxZ,
                LinearizedVarianceZ = (linear.Variance - Average(variance)) / linear.VarianceSe, LinearizedVarianceMaxZ = linear.VarianceMaxZ,
                TrainedLoss = limit ? null : trainedLoss[s].Mean, TrainedLossSe = limit ? null : trainedLoss[s].StandardErrorOfMean,
                LinearizedLoss = linearizedLoss[s].Mean, LinearizedLossSe = linearizedLoss[s].StandardErrorOfMean, TheoryLoss = theoryLoss,
                Distance = limit ? null : distance[s].Mean, DistanceSe = limit ? null : distance[s].StandardErrorOfMean,
            };
        }
    }

    /// <summary>The ensemble at each test input against the theory's mean and variance there.</summary>
    private static (double Variance, double VarianceSe, double MeanRmsZ, double MeanMaxZ, double VarianceMaxZ) Compare(ReadOnlySpan<PowerSums> outputs, ReadOnlySpan<double> mean, ReadOnlySpan<double> variance)
    {
        double sumVariance = 0, sumSe = 0, sumSquaredZ = 0, meanMaxZ = 0, varianceMaxZ = 0;
        for (int x = 0; x < outputs.Length; x++)
        {
            var (v, se) = SampleVariance(outputs[x]);
            sumVariance += v;
            sumSe += se;
            double zMean = Math.Abs(outputs[x].Mean - mean[x]) / outputs[x].StandardErrorOfMean;
            sumSquaredZ += zMean * zMean;
            meanMaxZ = Math.Max(meanMaxZ, zMean);
            varianceMaxZ = Math.Max(varianceMaxZ, Math.Abs(v - variance[x]) / se);
        }
        return (sumVariance / outputs.Length, sumSe / outputs.Length, Math.Sqrt(sumSquaredZ / outputs.Length), meanMaxZ, varianceMaxZ);
    }

    /// <summary>The unbiased sample variance and its standard error <c>√((μ4 − σ⁴)/n)</c> from the central moments.</summary>
    internal static (double Variance, double StandardError) SampleVariance(PowerSums s)
    {
        double n = s.Count, m = s.Mean, e2 = s.Moment(2), e3 = s.Moment(3), e4 = s.Moment(4);
        double central2 = Math.Max(0, e2 - m * m);
        double central4 = Math.Max(0, e4 - 4 * m * e3 + 6 * m * m * e2 - 3 * m * m * m * m);
        return (central2 * n / (n - 1), Math.Sqrt(Math.Max(0, central4 - central2 * central2) / n));
    }

    private static PowerSums[] Merge(List<LinearizeUnitResult> parts, Func<LinearizeUnitResult, PowerSums[]> of)
    {
        var merged = new PowerSums[of(parts[0]).Length];
        foreach (var part in parts)
        {
            var sums = of(part);
            for (int i = 0; i < merged.Length; i++) merged[i] = merged[i].Merge(sums[i]);
        }
        return merged;
    }

    private static double Average(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (double v in values) sum += v;
        return sum / values.Length;
    }
}
