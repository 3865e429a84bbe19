using System.Numerics;

namespace NtkGen.Activations;

/// <summary>
/// erf and erfc lane by lane on <see cref="Vector{T}"/> of double, for the span forms of the erf and GELU activations,
/// branch-free: for <c>|x| &lt; 1</c> the odd polynomial <c>erf x = x + x Q(x²)</c> (adding x last keeps the
/// relative accuracy at tiny x, and Q's rounding counts at most a fifth); for <c>|x| ≥ 1</c>
/// <c>erfc |x| = e^{−x²} P(y)/(K + |x|)</c> with <c>y = 2(K + 1)/(K + |x|) − 1</c> (Numerical Recipes' variable
/// <c>t = 2/(2 + |x|)</c> of its Chebyshev erfc, as <c>y = 3t − 1</c>, which maps [1, ∞] onto [1, −1]), so the tail
/// keeps erfc's relative accuracy. Both polynomials come from tools/erf_coefficients.py; with them rounded to double they are within 2e-17
/// and 8e-17 of the functions. e^{−x²} is computed from <c>x·x</c> exactly as <see cref="ErrorFunction"/> does, so
/// the two agree to the exponential's few ulps where e^{−x²} dominates (the rounding of x² itself, up to x²·ε/2
/// relative, is the same in both).
/// </summary>
internal static class VectorErrorFunction
{
    /// <summary>Where the polynomial gives way to the tail: at 1 erfc is under a fifth of erf, so the tail's few ulps shrink to one.</summary>
    private const double Switch = 1.0;

    private const double K = 2.0;

    /// <summary>
    /// Beyond, <see cref="ErrorFunction.Erfc"/> is 0 (erfc(27) ≈ 5e-319 is subnormal) and so is this, so that the two
    /// agree exactly where GELU's distribution function vanishes.
    /// </summary>
    private const double TailEnd = 27.0;

    /// <summary><c>erf(x)</c>, given <c>e^{−x²}</c> (which erf' needs too).</summary>
    public static Vector<double> Erf(Vector<double> x, Vector<double> expMinusSquare)
    {
        var ax = Vector.Abs(x);
        var edge = Vector.Create(Switch);
        if (Vector.LessThanAll(ax, edge)) return Small(x);
        // Where erfc < 2^-54 this rounds to ±1 exactly; NaN fails the test above and stays NaN here.
        var large = Vector.CopySign(Vector<double>.One - expMinusSquare * ScaledComplement(ax), x);
        return Vector.LessThanAny(ax, edge) ? Vector.ConditionalSelect(Vector.LessThan(ax, edge), Small(x), large) : large;
    }

    /// <summary><c>erfc(z)</c>, accurate relative to itself for large positive z (<c>2 − erfc(−z)</c> for negative z).</summary>
    public static Vector<double> Erfc(Vector<double> z)
    {
        var az = Vector.Abs(z);
        var edge = Vector.Create(Switch);
        if (Vector.LessThanAll(az, edge)) return Vector<double>.One - Small(z);
        var tail = Exp(-(z * z)) * ScaledComplement(az);
        tail = Vector.ConditionalSelect(Vector.GreaterThan(az, Vector.Create(TailEnd)), Vector<double>.Zero, tail);
        var large = Vector.ConditionalSelect(Vector.GreaterThan(z, Vector<double>.Zero), tail, Vector.Create(2.0) - tail);
        return Vector.LessThanAny(az, edge) ? Vector.ConditionalSelect(Vector.LessThan(az, edge), Vector<double>.One - Small(z), large) : large;
    }

    /// <summary>
    /// <c>e^x</c> for <c>x ≤ 0</c> (or NaN), each lane on its own. <see cref="Vector.Exp(Vector{double})"/> computes
    /// every lane by <see cref="Math.Exp"/> when one lane is NaN or below −708 (where e^x is subnormal), so a lane's
    /// result, to its last bit, and the speed would depend on its neighbours. Those lanes are computed here as
    /// <c>e^{x+64}·e^{−64}</c> instead: <c>x + 64</c> is exact there, and the product rounds once.
    /// </summary>
    public static Vector<double> Exp(Vector<double> x)
    {
        var edge = Vector.Create(-708.0);
        if (Vector.GreaterThanOrEqualAll(x, edge)) return Vector.Exp(x);
        var low = Vector.LessThan(x, edge);
        var nan = Vector.IsNaN(x);
        var argument = Vector.ConditionalSelect(low, Vector.Max(x + Vector.Create(64.0), edge), x);
        var e = Vector.Exp(Vector.ConditionalSelect(nan, Vector<double>.Zero, argument));
        e = Vector.ConditionalSelect(low, e * Vector.Create(s_expMinus64), e);
        return Vector.ConditionalSelect(nan, x, e);
    }

    private static readonly double s_expMinus64 = Math.Exp(-64);

    /// <summary>erf for <c>|x| &lt; 1</c>.</summary>
    private static Vector<double> Small(Vector<double> x) => Vector.FusedMultiplyAdd(x, Horner(SmallCoefficients, x * x), x);

    /// <summary><c>e^{x²} erfc(x)</c> for <c>x ≥ 1</c>, finite up to <c>x = ∞</c> (y = −1).</summary>
    private static Vector<double> ScaledComplement(Vector<double> x)
    {
        var w = Vector<double>.One / (Vector.Create(K) + x);
        var y = Vector.FusedMultiplyAdd(Vector.Create(2 * (K + 1)), w, Vector.Create(-1.0));
        return w * Horner(TailCoefficients, y);
    }

    /// <summary>
    /// <c>Σ cᵢ xⁱ</c> as four Horner sums in x⁴, of the coefficients with i ≡ 0, 1, 2, 3 (mod 4): four chains of
    /// dependent multiply-adds, each a quarter as long as one Horner sum's, which the core runs side by side.
    /// </summary>
    private static Vector<double> Horner(ReadOnlySpan<double> coefficients, Vector<double> x)
    {
        var sum = Vector.Create(coefficients[^1]);
        for (int i = coefficients.Length - 2; i >= 0; i--) sum = Vector.FusedMultiplyAdd(sum, x, Vector.Create(coefficients[i]));
        return sum;
    }

    private static double Coefficient(ReadOnlySpan<double> coefficients, int i) => i < coefficients.Length ? coefficients[i] : 0;

    /// <summary>Q(s) = erf(√s)/√s − 1 on [0, 1], in powers of s.</summary>
    private static ReadOnlySpan<double> SmallCoefficients =>
    [
        0.1283791670955126,
        -0.3761263890318375,
        0.11283791670954882,
        -0.026866170645077334,
        0.005223977624823223,
        -0.0008548326981129666,
        0.00012055331122299266,
        -1.4925595519506043e-05,
        1.6461004480962034e-06,
        -1.6350354461959655e-07,
        1.4660051998394848e-08,
        -1.1373902296430911e-09,
        5.958930743134941e-11,
    ];

    /// <summary>P(y) = (K + z) e^{z²} erfc(z), z = 2(K + 1)/(1 + y) − K, on [−1, 1], in powers of y.</summary>
    private static ReadOnlySpan<double> TailCoefficients =>
    [
        0.8219967457503683,
        0.34380947367040393,
        0.10291788782354469,
        0.01663314123075069,
        -0.0014137333867046422,
        -0.0012570181755274096,
        -3.678926295690318e-05,
        0.0001049171786348803,
        6.3437191324496875e-06,
        -1.1183205258783521e-05,
        -2.1029436007269507e-07,
        1.4029664850853856e-06,
        -1.2685228567547995e-07,
        -1.7900056300148782e-07,
        4.827100708584297e-08,
        1.8635698512422678e-08,
        -1.1512455365753196e-08,
        -6.182368652905205e-10,
        1.9281977075043985e-09,
        -2.704620775836351e-10,
        -1.758989785583211e-10,
        4.790738691321474e-11,
    ];
}
