using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NtkGen.Kernels;

/// <summary>
/// The few vector operations the hand-written loops need, for one vector width: a loop written once against
/// <see cref="IVectorOps{T, TVector}"/> is compiled by the JIT for each width it is called with (the FMA peak, the
/// batched cores' register tiles, the training gradient's tile), instead of one copy of the loop per width.
/// Public because generated kernels, compiled into the user's assembly, call the tiles built on it.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
/// <typeparam name="TVector">The vector type, e.g. <see cref="Vector512{T}"/>.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IVectorOps<T, TVector>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TVector : struct
{
    /// <summary>Elements per vector.</summary>
    static abstract int Lanes { get; }

    /// <summary>Whether the CPU accelerates this width.</summary>
    static abstract bool IsHardwareAccelerated { get; }

    /// <summary>All lanes zero.</summary>
    static abstract TVector Zero { get; }

    /// <summary>All lanes one.</summary>
    static abstract TVector One { get; }

    /// <summary>Loads <see cref="Lanes"/> elements from <paramref name="source"/> (no alignment needed).</summary>
    static abstract TVector Load(ref T source);

    /// <summary>Stores <paramref name="value"/> at <paramref name="destination"/>.</summary>
    static abstract void Store(TVector value, ref T destination);

    /// <summary>Every lane <paramref name="value"/>.</summary>
    static abstract TVector Broadcast(T value);

    /// <summary><c>a·b + addend</c>, fused where the CPU has FMA.</summary>
    static abstract TVector MultiplyAdd(TVector a, TVector b, TVector addend);

    /// <summary><c>a + b</c>.</summary>
    static abstract TVector Add(TVector a, TVector b);

    /// <summary><c>a · b</c>, lane by lane.</summary>
    static abstract TVector Multiply(TVector a, TVector b);

    /// <summary>Lanes of <paramref name="ifPositive"/> where <paramref name="value"/> &gt; 0, else of <paramref name="otherwise"/>.</summary>
    static abstract TVector SelectPositive(TVector value, TVector ifPositive, TVector otherwise);

    /// <summary>The sum of the lanes.</summary>
    static abstract T Sum(TVector value);

    /// <summary><c>target[0 … Lanes) += value</c>.</summary>
    static abstract void AddTo(ref T target, TVector value);
}

/// <summary>Which vector width the hand-written loops use: the widest the CPU accelerates.</summary>
internal static class VectorOps
{
    /// <summary>Lanes of the widest accelerated vector for <typeparamref name="T"/>.</summary>
    public static int WidestLanes<T>()
        => (Vector512.IsHardwareAccelerated ? 64 : Vector256.IsHardwareAccelerated ? 32 : 16) / Unsafe.SizeOf<T>();
}

/// <summary><see cref="IVectorOps{T, TVector}"/> on <see cref="Vector512{T}"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Vector512Ops<T> : IVectorOps<T, Vector512<T>>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public static int Lanes => Vector512<T>.Count;

    /// <inheritdoc/>
    public static bool IsHardwareAccelerated => Vector512.IsHardwareAccelerated;

    /// <inheritdoc/>
    public static Vector512<T> Zero => Vector512<T>.Zero;

    /// <inheritdoc/>
    public static Vector512<T> One => Vector512<T>.One;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(ref T source) => Vector512.LoadUnsafe(ref source);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> value, ref T destination) => value.StoreUnsafe(ref destination);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Broadcast(T value) => Vector512.Create(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MultiplyAdd(Vector512<T> a, Vector512<T> b, Vector512<T> addend)
        => typeof(T) == typeof(float)
            ? Vector512.MultiplyAddEstimate(a.AsSingle(), b.AsSingle(), addend.AsSingle()).As<float, T>()
            : Vector512.MultiplyAddEstimate(a.AsDouble(), b.AsDouble(), addend.AsDouble()).As<double, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Add(Vector512<T> a, Vector512<T> b) => a + b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Multiply(Vector512<T> a, Vector512<T> b) => a * b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> SelectPositive(Vector512<T> value, Vector512<T> ifPositive, Vector512<T> otherwise)
        => Vector512.ConditionalSelect(Vector512.GreaterThan(value, Vector512<T>.Zero), ifPositive, otherwise);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector512<T> value) => Vector512.Sum(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddTo(ref T target, Vector512<T> value) => (Vector512.LoadUnsafe(ref target) + value).StoreUnsafe(ref target);
}

/// <summary><see cref="IVectorOps{T, TVector}"/> on <see cref="Vector256{T}"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Vector256Ops<T> : IVectorOps<T, Vector256<T>>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public static int Lanes => Vector256<T>.Count;

    /// <inheritdoc/>
    public static bool IsHardwareAccelerated => Vector256.IsHardwareAccelerated;

    /// <inheritdoc/>
    public static Vector256<T> Zero => Vector256<T>.Zero;

    /// <inheritdoc/>
    public static Vector256<T> One => Vector256<T>.One;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(ref T source) => Vector256.LoadUnsafe(ref source);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<T> value, ref T destination) => value.StoreUnsafe(ref destination);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Broadcast(T value) => Vector256.Create(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MultiplyAdd(Vector256<T> a, Vector256<T> b, Vector256<T> addend)
        => typeof(T) == typeof(float)
            ? Vector256.MultiplyAddEstimate(a.AsSingle(), b.AsSingle(), addend.AsSingle()).As<float, T>()
            : Vector256.MultiplyAddEstimate(a.AsDouble(), b.AsDouble(), addend.AsDouble()).As<double, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Add(Vector256<T> a, Vector256<T> b) => a + b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Multiply(Vector256<T> a, Vector256<T> b) => a * b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> SelectPositive(Vector256<T> value, Vector256<T> ifPositive, Vector256<T> otherwise)
        => Vector256.ConditionalSelect(Vector256.GreaterThan(value, Vector256<T>.Zero), ifPositive, otherwise);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector256<T> value) => Vector256.Sum(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddTo(ref T target, Vector256<T> value) => (Vector256.LoadUnsafe(ref target) + value).StoreUnsafe(ref target);
}

/// <summary><see cref="IVectorOps{T, TVector}"/> on <see cref="Vector128{T}"/> (SSE, NEON).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Vector128Ops<T> : IVectorOps<T, Vector128<T>>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public static int Lanes => Vector128<T>.Count;

    /// <inheritdoc/>
    public static bool IsHardwareAccelerated => Vector128.IsHardwareAccelerated;

    /// <inheritdoc/>
    public static Vector128<T> Zero => Vector128<T>.Zero;

    /// <inheritdoc/>
    public static Vector128<T> One => Vector128<T>.One;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Load(ref T source) => Vector128.LoadUnsafe(ref source);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<T> value, ref T destination) => value.StoreUnsafe(ref destination);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Broadcast(T value) => Vector128.Create(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MultiplyAdd(Vector128<T> a, Vector128<T> b, Vector128<T> addend)
        => typeof(T) == typeof(float)
            ? Vector128.MultiplyAddEstimate(a.AsSingle(), b.AsSingle(), addend.AsSingle()).As<float, T>()
            : Vector128.MultiplyAddEstimate(a.AsDouble(), b.AsDouble(), addend.AsDouble()).As<double, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Add(Vector128<T> a, Vector128<T> b) => a + b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Multiply(Vector128<T> a, Vector128<T> b) => a * b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> SelectPositive(Vector128<T> value, Vector128<T> ifPositive, Vector128<T> otherwise)
        => Vector128.ConditionalSelect(Vector128.GreaterThan(value, Vector128<T>.Zero), ifPositive, otherwise);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector128<T> value) => Vector128.Sum(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddTo(ref T target, Vector128<T> value) => (Vector128.LoadUnsafe(ref target) + value).StoreUnsafe(ref target);
}
