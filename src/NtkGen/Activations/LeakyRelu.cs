using System.Numerics;
using System.Runtime.CompilerServices;
using NtkGen.Kernels;
using NtkGen.Kernels.Tiles;

namespace NtkGen.Activations;

/// <summary>Leaky ReLU: <c>z</c> for <c>z &gt; 0</c>, <c>slope · z</c> otherwise.</summary>
public readonly struct LeakyRelu : IActivationOperator, IFusedActivation
{
    /// <inheritdoc/>
    public static Activation Kind => Activation.LeakyReLU;

    /// <inheritdoc/>
    public static string Name => "leaky-relu";

    /// <inheritdoc/>
    public static bool IsPiecewiseLinear => true;

    /// <inheritdoc/>
    public static T Value<T>(T z, T slope) where T : IFloatingPointIeee754<T> => z > T.Zero ? z : slope * z;

    /// <inheritdoc/>
    public static T Derivative<T>(T z, T slope) where T : IFloatingPointIeee754<T> => z > T.Zero ? T.One : slope;

    /// <inheritdoc/>
    public static T SecondDerivative<T>(T z, T slope) where T : IFloatingPointIeee754<T> => T.Zero;

    /// <inheritdoc/>
    public static void Apply<T>(ReadOnlySpan<T> z, Span<T> a, Span<T> d, T slope) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int i = 0; i < z.Length; i++)
        {
            bool positive = z[i] > T.Zero;
            d[i] = positive ? T.One : slope;
            a[i] = positive ? z[i] : slope * z[i];
        }
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Value<T, TVector, TOps>(TVector z, TVector slope)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVector : struct
        where TOps : struct, IVectorOps<T, TVector>
        => TOps.SelectPositive(z, z, TOps.Multiply(z, slope));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Derivative<T, TVector, TOps>(TVector z, TVector slope)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVector : struct
        where TOps : struct, IVectorOps<T, TVector>
        => TOps.SelectPositive(z, TOps.One, slope);

    /// <summary>Each side carries half the mass: <c>E[φ(√q u)²] = q (1 + s²)/2</c>, <c>E[φ'²] = (1 + s²)/2</c>.</summary>
    public static bool TryMeanSquares(double q, double slope, out double value, out double derivative)
    {
        derivative = (1 + slope * slope) / 2;
        value = q * derivative;
        return true;
    }

    /// <summary>
    /// φ(z) = s z + (1 − s) max(z, 0), so <c>K = s² q12 + s (1 − s) q12 + (1 − s)² K_ReLU</c> (the cross terms are
    /// <c>E[u max(v, 0)] = q12/2</c>) and <c>K̇ = s² + 2 s (1 − s)/2 + (1 − s)² K̇_ReLU</c>.
    /// </summary>
    public static bool TryDualKernel(double q11, double q22, double q12, double slope, out double kernel, out double derivativeKernel)
    {
        Relu.TryDualKernel(q11, q22, q12, 0, out double relu, out double reluDerivative);
        double s = slope, r = 1 - slope;
        kernel = s * s * q12 + s * r * q12 + r * r * relu;
        derivativeKernel = s * s + s * r + r * r * reluDerivative;
        return true;
    }

    /// <inheritdoc/>
    public static TResult Accept<TResult>(IActivationVisitor<TResult> visitor) => visitor.Visit<LeakyRelu, LeakyRelu>();
}
