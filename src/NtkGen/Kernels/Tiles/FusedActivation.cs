using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace NtkGen.Kernels.Tiles;

/// <summary>
/// A piecewise-linear activation applied to a forward tile's accumulators before they are stored: <c>φ(z)</c> and
/// <c>φ'(z)</c> from one comparison. Smooth activations (sigmoid, tanh) are not fused: their layers are computed with
/// <see cref="PanelTiles{T, TVector, TOps}.ForwardLinear{TR, TV}"/> and then <see cref="ActivationFunctions"/> row by row.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IFusedActivation
{
    /// <summary>Whether the tile stores <c>φ'(z)</c> too (every hidden layer; not the output layer's plain <c>z</c>).</summary>
    static virtual bool HasDerivative => true;

    /// <summary><c>φ(z)</c>; <paramref name="slope"/> is LeakyReLU's negative slope in every lane.</summary>
    static abstract TVector Value<T, TVector, TOps>(TVector z, TVector slope)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVector : struct
        where TOps : struct, IVectorOps<T, TVector>;

    /// <summary><c>φ'(z)</c>.</summary>
    static abstract TVector Derivative<T, TVector, TOps>(TVector z, TVector slope)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVector : struct
        where TOps : struct, IVectorOps<T, TVector>;
}

/// <summary>ReLU: <c>max(z, 0)</c>, derivative 1 for z &gt; 0, else 0.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct FusedRelu : IFusedActivation
{
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
}

/// <summary>LeakyReLU: <c>z</c> for z &gt; 0, else <c>slope · z</c>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct FusedLeakyRelu : IFusedActivation
{
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
}

/// <summary>The identity: <c>z</c>, derivative 1.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct FusedLinear : IFusedActivation
{
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
}

/// <summary>No activation and no derivative: <c>z</c> alone (the output layer, and smooth activations' layers before their function).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct FusedAffine : IFusedActivation
{
    /// <inheritdoc/>
    public static bool HasDerivative => false;

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
        => TOps.Zero;
}
