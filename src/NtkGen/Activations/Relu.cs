using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using NtkGen.Kernels;
using NtkGen.Kernels.Tiles;

namespace NtkGen.Activations;

/// <summary>ReLU, <c>max(z, 0)</c>; its derivative at 0 is taken as 0.</summary>
public readonly struct Relu : IActivationOperator, IFusedActivation
{
    /// <inheritdoc/>
    public static Activation Kind => Activation.ReLU;

    /// <inheritdoc/>
    public static string Name => "relu";

    /// <inheritdoc/>
    public static bool IsPiecewiseLinear => true;

    /// <inheritdoc/>
    public static T Value<T>(T z, T slope) where T : IFloatingPointIeee754<T> => z > T.Zero ? z : T.Zero;

    /// <inheritdoc/>
    public static T Derivative<T>(T z, T slope) where T : IFloatingPointIeee754<T> => z > T.Zero ? T.One : T.Zero;

    /// <inheritdoc/>
    public static T SecondDerivative<T>(T z, T slope) where T : IFloatingPointIeee754<T> => T.Zero;

    /// <inheritdoc/>
    public static void Apply<T>(ReadOnlySpan<T> z, Span<T> a, Span<T> d, T slope) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // max(z, 0) keeps the sign test valid when a overwrites z.
        TensorPrimitives.Max(z, T.Zero, a);
        for (int i = 0; i < a.Length; i++) d[i] = a[i] > T.Zero ? T.One : T.Zero;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Value<T, TVector, TOps>(TVector z, TVector slope)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVector : struct
        where TOps : struct, IVectorOps<T, TVector>
        => TOps.SelectPositive(z, z, TOps.Zero);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Derivative<T, TVector, TOps>(TVector z, TVector slope)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVector : struct
        where TOps : struct, IVectorOps<T, TVector>
        => TOps.SelectPositive(z, TOps.One, TOps.Zero);

    /// <summary>Half the Gaussian mass is on each side: <c>E[φ(√q u)²] = q/2</c>, <c>E[φ'²] = 1/2</c>.</summary>
    public static bool TryMeanSquares(double q, double slope, out double value, out double derivative)
    {
        value = q / 2;
        derivative = 0.5;
        return true;
    }

    /// <summary>
    /// The arc-cosine kernel of degree 1 (Cho &amp; Saul 2009): with <c>θ = arccos(q12/√(q11 q22))</c>,
    /// <c>K = √(q11 q22) (sin θ + (π − θ) cos θ)/(2π)</c> and <c>K̇ = (π − θ)/(2π)</c>.
    /// </summary>
    public static bool TryDualKernel(double q11, double q22, double q12, double slope, out double kernel, out double derivativeKernel)
    {
        double norm = Math.Sqrt(q11 * q22);
        double theta = Math.Acos(Math.Clamp(q12 / norm, -1, 1));
        kernel = norm * (Math.Sin(theta) + (Math.PI - theta) * Math.Cos(theta)) / (2 * Math.PI);
        derivativeKernel = (Math.PI - theta) / (2 * Math.PI);
        return true;
    }

    /// <inheritdoc/>
    public static TResult Accept<TResult>(IActivationVisitor<TResult> visitor) => visitor.Visit<Relu, Relu>();
}
