namespace NtkGen.Tests.Support;

/// <summary>The two-sample Kolmogorov–Smirnov statistic and its asymptotic critical value.</summary>
internal static class KolmogorovSmirnov
{
    /// <summary>sup_x |F_a(x) − F_b(x)| of the two empirical distribution functions.</summary>
    public static double Statistic(double[] a, double[] b)
    {
        var x = a.Order().ToArray();
        var y = b.Order().ToArray();
        int i = 0, j = 0;
        double d = 0;
        while (i < x.Length && j < y.Length)
        {
            double v = Math.Min(x[i], y[j]);
            while (i < x.Length && x[i] <= v) i++;
            while (j < y.Length && y[j] <= v) j++;
            d = Math.Max(d, Math.Abs((double)i / x.Length - (double)j / y.Length));
        }
        return d;
    }

    /// <summary>The critical value at level α = 0.001 for sample sizes n and m: 1.949 √((n + m)/(n m)).</summary>
    public static double CriticalValue(int n, int m) => 1.949 * Math.Sqrt((n + m) / ((double)n * m));
}
