using System.Numerics;
using System.Numerics.Tensors;
using NtkGen.Kernels.Tiles;

namespace NtkGen.Activations;

/// <summary><c>tanh(z)</c>; <c>tanh' = 1/cosh² = 1 − tanh²</c>, <c>tanh'' = −2 tanh · tanh'</c>.</summary>
public readonly struct Tanh : IActivationOperator
{
    /// <inheritdoc/>
    public static Activation Kind => Activation.Tanh;

    /// <inheritdoc/>
    public static string Name => "tanh";

    /// <inheritdoc/>
    public static bool IsPiecewiseLinear => false;

    /// <inheritdoc/>
    public static T Value<T>(T z, T slope) where T : IFloatingPointIeee754<T> => T.Tanh(z);

    /// <summary><c>1/cosh²</c>, which keeps its relative accuracy in the tails where <c>1 − tanh²</c> rounds to 0.</summary>
    public static T Derivative<T>(T z, T slope) where T : IFloatingPointIeee754<T>
    {
        T c = T.Cosh(z);
        return T.One / (c * c);
    }

    /// <inheritdoc/>
    public static T SecondDerivative<T>(T z, T slope) where T : IFloatingPointIeee754<T>
        => -(T.Tanh(z) + T.Tanh(z)) * Derivative(z, slope);

    /// <inheritdoc/>
    public static void Apply<T>(ReadOnlySpan<T> z, Span<T> a, Span<T> d, T slope) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        TensorPrimitives.Tanh(z, a);
        TensorPrimitives.Multiply(a, a, d);
        TensorPrimitives.Subtract(T.One, d, d);
    }

    /// <inheritdoc/>
    public static TResult Accept<TResult>(IActivationVisitor<TResult> visitor) => visitor.Visit<Tanh, FusedAffine>();
}
