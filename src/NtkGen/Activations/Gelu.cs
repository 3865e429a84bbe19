using System.Numerics;
using NtkGen.Kernels.Tiles;

namespace NtkGen.Activations;

/// <summary>
/// GELU (Hendrycks &amp; Gimpel 2016), exact form <c>z Φ(z)</c> with Φ the standard normal distribution function (not
/// the tanh approximation); <c>φ' = Φ(z) + z ϕ(z)</c>, <c>φ'' = ϕ(z) (2 − z²)</c>. Evaluated in double for every element type.
/// </summary>
public readonly struct Gelu : IActivationOperator
{
    /// <inheritdoc/>
    public static Activation Kind => Activation.Gelu;

    /// <inheritdoc/>
    public static string Name => "gelu";

    /// <inheritdoc/>
    public static bool IsPiecewiseLinear => false;

    /// <inheritdoc/>
    public static T Value<T>(T z, T slope) where T : IFloatingPointIeee754<T>
    {
        double x = double.CreateTruncating(z);
        return T.CreateTruncating(x * ErrorFunction.NormalCdf(x));
    }

    /// <inheritdoc/>
    public static T Derivative<T>(T z, T slope) where T : IFloatingPointIeee754<T>
    {
        double x = double.CreateTruncating(z);
        return T.CreateTruncating(ErrorFunction.NormalCdf(x) + x * ErrorFunction.NormalDensity(x));
    }

    /// <inheritdoc/>
    public static T SecondDerivative<T>(T z, T slope) where T : IFloatingPointIeee754<T>
    {
        double x = double.CreateTruncating(z);
        return T.CreateTruncating(ErrorFunction.NormalDensity(x) * (2 - x * x));
    }

    /// <inheritdoc/>
    public static void Apply<T>(ReadOnlySpan<T> z, Span<T> a, Span<T> d, T slope) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int i = 0; i < z.Length; i++)
        {
            double x = double.CreateTruncating(z[i]);
            double cdf = ErrorFunction.NormalCdf(x);
            d[i] = T.CreateTruncating(cdf + x * ErrorFunction.NormalDensity(x));
            a[i] = T.CreateTruncating(x * cdf);
        }
    }

    /// <inheritdoc/>
    public static TResult Accept<TResult>(IActivationVisitor<TResult> visitor) => visitor.Visit<Gelu, FusedAffine>();
}
