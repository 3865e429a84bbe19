using System.Numerics;
using NtkGen.Kernels.Tiles;

namespace NtkGen.Activations;

/// <summary>
/// The error function <c>erf(z)</c>, the activation whose infinite-width kernel Williams (1997) found in closed form;
/// <c>erf' = (2/√π) e^{−z²}</c>, <c>erf'' = −2 z erf'</c>. Evaluated in double for every element type: the scalar forms by
/// <see cref="ErrorFunction"/>, the span forms by <see cref="VectorErrorFunction"/>.
/// </summary>
public readonly struct Erf : IActivationOperator
{
    private static readonly double s_twoOverSqrtPi = 2 / Math.Sqrt(Math.PI);

    /// <inheritdoc/>
    public static Activation Kind => Activation.Erf;

    /// <inheritdoc/>
    public static string Name => "erf";

    /// <inheritdoc/>
    public static bool IsPiecewiseLinear => false;

    /// <inheritdoc/>
    public static T Value<T>(T z, T slope) where T : IFloatingPointIeee754<T>
        => T.CreateTruncating(ErrorFunction.Erf(double.CreateTruncating(z)));

    /// <inheritdoc/>
    public static T Derivative<T>(T z, T slope) where T : IFloatingPointIeee754<T>
    {
        double x = double.CreateTruncating(z);
        return T.CreateTruncating(s_twoOverSqrtPi * Math.Exp(-x * x));
    }

    /// <inheritdoc/>
    public static T SecondDerivative<T>(T z, T slope) where T : IFloatingPointIeee754<T>
    {
        double x = double.CreateTruncating(z);
        return T.CreateTruncating(-2 * x * s_twoOverSqrtPi * Math.Exp(-x * x));
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Lane by lane in double (<see cref="VectorErrorFunction"/>) for double and float, within a few ulps of
    /// <see cref="Value{T}"/> and <see cref="Derivative{T}"/> (whose series is itself within about 10 ulps of erf).
    /// </remarks>
    public static void Apply<T>(ReadOnlySpan<T> z, Span<T> a, Span<T> d, T slope) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (DoubleLanes.Apply<ValueAndDerivative, T>(z, a, d)) return;
        for (int i = 0; i < z.Length; i++)
        {
            T x = z[i];
            d[i] = Derivative(x, slope);
            a[i] = Value(x, slope);
        }
    }

    /// <inheritdoc/>
    public static bool TrySecondDerivatives<T>(ReadOnlySpan<T> z, Span<T> second, T slope) where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => DoubleLanes.Apply<SecondDerivativeLanes, T>(z, second, default);

    /// <summary>
    /// <c>E[erf(√q u)²] = (2/π) arcsin(2q/(1 + 2q))</c> and <c>E[erf'(√q u)²] = (4/π)/√(1 + 4q)</c>
    /// (<see cref="TryDualKernel"/> at q11 = q22 = q12 = q).
    /// </summary>
    public static bool TryMeanSquares(double q, double slope, out double value, out double derivative)
        => TryDualKernel(q, q, q, slope, out value, out derivative);

    /// <summary>
    /// Williams (1997): <c>K = (2/π) arcsin(2 q12/√((1 + 2 q11)(1 + 2 q22)))</c>; and, from <c>E[e^{−u²−v²}] =
    /// det(I + 2Σ)^{−1/2}</c>, <c>K̇ = (4/π)/√((1 + 2 q11)(1 + 2 q22) − 4 q12²)</c>.
    /// </summary>
    public static bool TryDualKernel(double q11, double q22, double q12, double slope, out double kernel, out double derivativeKernel)
    {
        double a = 1 + 2 * q11, b = 1 + 2 * q22;
        kernel = 2 / Math.PI * Math.Asin(Math.Clamp(2 * q12 / Math.Sqrt(a * b), -1, 1));
        derivativeKernel = 4 / Math.PI / Math.Sqrt(a * b - 4 * q12 * q12);
        return true;
    }

    /// <inheritdoc/>
    public static TResult Accept<TResult>(IActivationVisitor<TResult> visitor) => visitor.Visit<Erf, FusedAffine>();

    /// <summary>erf and erf', sharing <c>e^{−x²}</c>.</summary>
    private readonly struct ValueAndDerivative : ILaneFunction
    {
        public static Vector<double> Evaluate(Vector<double> x, out Vector<double> other)
        {
            var expMinusSquare = VectorErrorFunction.Exp(-(x * x));
            other = Vector.Create(s_twoOverSqrtPi) * expMinusSquare;
            return VectorErrorFunction.Erf(x, expMinusSquare);
        }
    }

    /// <summary>erf'' as <see cref="SecondDerivative{T}"/> forms it, x held to ±30 (where <c>e^{−x²}</c> is 0) so that ±∞ give 0, not ∞·0.</summary>
    private readonly struct SecondDerivativeLanes : ILaneFunction
    {
        public static Vector<double> Evaluate(Vector<double> x, out Vector<double> other)
        {
            other = default;
            var held = Vector.Clamp(x, Vector.Create(-30.0), Vector.Create(30.0));
            return Vector.Create(-2.0) * held * Vector.Create(s_twoOverSqrtPi) * VectorErrorFunction.Exp(-(x * x));
        }
    }
}
