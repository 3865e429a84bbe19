using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace NtkGen.Kernels.Tiles;

/// <summary>
/// What a forward tile applies to its accumulators before it stores them: a piecewise-linear activation's <c>φ(z)</c>
/// and <c>φ'(z)</c> from one comparison (the operator types of the Activations folder implement this), or
/// <see cref="FusedAffine"/>, plain <c>z</c>, for the output layer and for smooth activations, whose operator then
/// applies φ row by row (<see cref="Activations.IActivationOperator.Apply{T}"/>).
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
