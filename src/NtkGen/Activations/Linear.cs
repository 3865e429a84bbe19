using System.Numerics;
using System.Runtime.CompilerServices;
using NtkGen.Kernels;
using NtkGen.Kernels.Tiles;

namespace NtkGen.Activations;

/// <summary>The identity: a deep linear network.</summary>
public readonly struct Linear : IActivationOperator, IFusedActivation
{
    /// <inheritdoc/>
    public static Activation Kind => Activation.Linear;

    /// <inheritdoc/>
    public static string Name => "linear";

    /// <inheritdoc/>
    public static bool IsPiecewiseLinear => true;

    /// <inheritdoc/>
    public static T Value<T>(T z, T slope) where T : IFloatingPointIeee754<T> => z;

    /// <inheritdoc/>
    public static T Derivative<T>(T z, T slope) where T : IFloatingPointIeee754<T> => T.One;

    /// <inheritdoc/>
    public static T SecondDerivative<T>(T z, T slope) where T : IFloatingPointIeee754<T> => T.Zero;

    /// <inheritdoc/>
    public static void Apply<T>(ReadOnlySpan<T> z, Span<T> a, Span<T> d, T slope) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        z.CopyTo(a);
        d.Fill(T.One);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Value<T, TVector, TOps>(TVector z, TVector slope)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVector : struct
        where TOps : struct, IVectorOps<T, TVector>
        => z;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Derivative<T, TVector, TOps>(TVector z, TVector slope)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVector : struct
        where TOps : struct, IVectorOps<T, TVector>
        => TOps.One;

    /// <inheritdoc/>
    public static bool TryMeanSquares(double q, double slope, out double value, out double derivative)
    {
        value = q;
        derivative = 1;
        return true;
    }

    /// <inheritdoc/>
    public static bool TryDualKernel(double q11, double q22, double q12, double slope, out double kernel, out double derivativeKernel)
    {
        kernel = q12;
        derivativeKernel = 1;
        return true;
    }

    /// <inheritdoc/>
    public static TResult Accept<TResult>(IActivationVisitor<TResult> visitor) => visitor.Visit<Linear, Linear>();
}
