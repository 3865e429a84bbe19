using NtkGen.Random;

namespace NtkGen.Statistics;

/// <summary>Percentile bootstrap confidence intervals, reproducible from a seed and independent of the thread count.</summary>
public static class Bootstrap
{
    /// <summary>
    /// The percentile interval of <c>E[x²]/E[x]²</c> over <paramref name="resamples"/> resamples with replacement at
    /// confidence <paramref name="level"/>. Resample <c>b</c> draws from its own stream, so the result is the same on any
    /// number of threads.
    /// </summary>
    public static (double Low, double High) DispersionInterval(ReadOnlySpan<double> values, ulong seed, int resamples = 1000, double level = 0.95)
    {
        if (values.Length < 2) return (double.NaN, double.NaN);
        double[] data = values.ToArray();
        var ratios = new double[resamples];
        Parallel.For(0, resamples, b =>
        {
            var random = new Xoshiro256(seed, (ulong)b);
            double s1 = 0, s2 = 0;
            int n = data.Length;
            for (int i = 0; i < n; i++)
            {
                double x = data[(int)((random.NextUInt64() >> 32) * (ulong)n >> 32)];
                s1 += x;
                s2 += x * x;
            }
            ratios[b] = s2 * n / (s1 * s1);
        });
        Array.Sort(ratios);
        double tail = (1 - level) / 2;
        return (Quantile(ratios, tail), Quantile(ratios, 1 - tail));
    }

    /// <summary>The <paramref name="p"/>-quantile of sorted values, linear between order statistics.</summary>
    public static double Quantile(ReadOnlySpan<double> sorted, double p)
    {
        double position = p * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
