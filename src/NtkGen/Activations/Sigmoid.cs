using System.Numerics;
using System.Numerics.Tensors;
using NtkGen.Kernels.Tiles;

namespace NtkGen.Activations;

/// <summary>The logistic sigmoid <c>σ(z) = 1/(1 + e^{−z})</c>; <c>σ' = σ (1 − σ)</c>, <c>σ'' = σ' (1 − 2σ)</c>.</summary>
public readonly struct Sigmoid : IActivationOperator
{
    /// <inheritdoc/>
    public static Activation Kind => Activation.Sigmoid;

    /// <inheritdoc/>
    public static string Name => "sigmoid";

    /// <inheritdoc/>
    public static bool IsPiecewiseLinear => false;

    /// <summary>Written so that neither side overflows: e^{−z} for z ≥ 0, e^{z} otherwise.</summary>
    public static T Value<T>(T z, T slope) where T : IFloatingPointIeee754<T>
        => z >= T.Zero ? T.One / (T.One + T.Exp(-z)) : T.Exp(z) / (T.One + T.Exp(z));

    /// <inheritdoc/>
    public static T Derivative<T>(T z, T slope) where T : IFloatingPointIeee754<T>
    {
        T s = Value(z, slope);
        return s * (T.One - s);
    }

    /// <inheritdoc/>
    public static T SecondDerivative<T>(T z, T slope) where T : IFloatingPointIeee754<T>
    {
        T s = Value(z, slope);
        return s * (T.One - s) * (T.One - (s + s));
    }

    /// <inheritdoc/>
    public static void Apply<T>(ReadOnlySpan<T> z, Span<T> a, Span<T> d, T slope) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        TensorPrimitives.Sigmoid(z, a);
        TensorPrimitives.Subtract(T.One, a, d);
        TensorPrimitives.Multiply(d, a, d);
    }

    /// <inheritdoc/>
    public static TResult Accept<TResult>(IActivationVisitor<TResult> visitor) => visitor.Visit<Sigmoid, FusedAffine>();
}
