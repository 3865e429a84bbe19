namespace NtkGen.Activations;

/// <summary>
/// The error function and its complement in double precision (.NET has neither), for the erf and GELU activations:
/// near 0 by the series <c>erf x = (2/√π) e^{−x²} Σ 2ⁿ x^{2n+1}/(2n+1)!!</c>, whose terms are all positive (no
/// cancellation); in the tails by the continued fraction <c>erfc x = (e^{−x²}/√π) / (x + ½/(x + 1/(x + (3/2)/(x + …))))</c>,
/// which keeps erfc's relative accuracy where erf rounds to ±1.
/// </summary>
public static class ErrorFunction
{
    /// <summary>Where the series gives way to the continued fraction: at 2 the series needs about 40 terms, the fraction about 60.</summary>
    private const double Switch = 2.0;

    /// <summary><c>erf(x)</c>.</summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x)) return x;
        double ax = Math.Abs(x);
        double value = ax < Switch ? Series(ax) : 1 - TailComplement(ax);
        return x < 0 ? -value : value;
    }

    /// <summary><c>erfc(x) = 1 − erf(x)</c>, accurate relative to itself also where it is tiny (large positive x).</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x)) return x;
        if (x >= Switch) return TailComplement(x);
        if (x > -Switch) return 1 - (x < 0 ? -Series(-x) : Series(x));
        return 2 - TailComplement(-x);
    }

    /// <summary>The standard normal distribution function <c>Φ(x) = erfc(−x/√2)/2</c>.</summary>
    public static double NormalCdf(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    /// <summary>The standard normal density <c>ϕ(x) = e^{−x²/2}/√(2π)</c>.</summary>
    public static double NormalDensity(double x) => Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI);

    private static double Series(double x)
    {
        double x2 = x * x, term = x, sum = x;
        for (int n = 1; n < 200; n++)
        {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
            if (term <= 1e-17 * sum) break;
        }
        return 2 / Math.Sqrt(Math.PI) * Math.Exp(-x2) * sum;
    }

    /// <summary>erfc for x ≥ <see cref="Switch"/>, the fraction evaluated from its far end (stable for these x).</summary>
    private static double TailComplement(double x)
    {
        // erfc(27) ≈ 5e-319: below the smallest double.
        if (x > 27) return 0;
        double fraction = x;
        for (int k = 80; k >= 1; k--) fraction = x + k / 2.0 / fraction;
        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) / fraction;
    }
}
