using System.Numerics;
using NtkGen.Kernels.Tiles;

namespace NtkGen.Activations;

/// <summary>
/// GELU (Hendrycks &amp; Gimpel 2016), exact form <c>z Φ(z)</c> with Φ the standard normal distribution function (not
/// the tanh approximation); <c>φ' = Φ(z) + z ϕ(z)</c>, <c>φ'' = ϕ(z) (2 − z²)</c>. Evaluated in double for every
/// element type: the scalar forms by <see cref="ErrorFunction"/>, the span forms by <see cref="VectorErrorFunction"/>.
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
    /// <remarks>
    /// Lane by lane in double (<see cref="VectorErrorFunction"/>) for double and float, with the same arguments to the
    /// exponentials as <see cref="Value{T}"/> and <see cref="Derivative{T}"/>, so Φ keeps its relative accuracy (and
    /// agrees with theirs) down the left tail to where it underflows.
    /// </remarks>
    public static void Apply<T>(ReadOnlySpan<T> z, Span<T> a, Span<T> d, T slope) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (DoubleLanes.Apply<ValueAndDerivative, T>(z, a, d)) return;
        for (int i = 0; i < z.Length; i++)
        {
            double x = double.CreateTruncating(z[i]);
            double cdf = ErrorFunction.NormalCdf(x);
            d[i] = T.CreateTruncating(cdf + x * ErrorFunction.NormalDensity(x));
            a[i] = T.CreateTruncating(x * cdf);
        }
    }

    /// <inheritdoc/>
    public static bool TrySecondDerivatives<T>(ReadOnlySpan<T> z, Span<T> second, T slope) where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => DoubleLanes.Apply<SecondDerivativeLanes, T>(z, second, default);

    /// <inheritdoc/>
    public static TResult Accept<TResult>(IActivationVisitor<TResult> visitor) => visitor.Visit<Gelu, FusedAffine>();

    private static readonly double s_sqrt2 = Math.Sqrt(2), s_sqrt2Pi = Math.Sqrt(2 * Math.PI);

    /// <summary>ϕ(x) as <see cref="ErrorFunction.NormalDensity"/> computes it.</summary>
    private static Vector<double> Density(Vector<double> x) => VectorErrorFunction.Exp(Vector.Create(-0.5) * x * x) / Vector.Create(s_sqrt2Pi);

    /// <summary>x held to ±40, where ϕ is 0 (and Φ 0 or 1), so that ±∞ times ϕ give 0, not NaN.</summary>
    private static Vector<double> Held(Vector<double> x) => Vector.Clamp(x, Vector.Create(-40.0), Vector.Create(40.0));

    /// <summary>φ and φ' as <see cref="Value{T}"/> and <see cref="Derivative{T}"/> form them, Φ(x) = erfc(−x/√2)/2.</summary>
    private readonly struct ValueAndDerivative : ILaneFunction
    {
        public static Vector<double> Evaluate(Vector<double> x, out Vector<double> other)
        {
            var cdf = Vector.Create(0.5) * VectorErrorFunction.Erfc(-x / Vector.Create(s_sqrt2));
            other = cdf + Held(x) * Density(x);
            // x held at −40 below, where Φ is 0, so that −∞ gives 0, not NaN; not above, where x·Φ is x.
            return Vector.Max(x, Vector.Create(-40.0)) * cdf;
        }
    }

    /// <summary>φ'' as <see cref="SecondDerivative{T}"/> forms it.</summary>
    private readonly struct SecondDerivativeLanes : ILaneFunction
    {
        public static Vector<double> Evaluate(Vector<double> x, out Vector<double> other)
        {
            other = default;
            var held = Held(x);
            return Density(x) * (Vector.Create(2.0) - held * held);
        }
    }
}
