using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NtkGen.Kernels;

/// <summary>
/// The register tile of the training gradient's per-layer product: one body, compiled by the JIT once per vector width
/// (512, 256 or 128 bits, the widest the CPU accelerates) through a struct that supplies the width's operations, with
/// fused multiply-adds where the CPU has FMA.
/// </summary>
public abstract partial class StructuredNtkKernel<T>
{
    /// <summary>Rows of the gradient whose accumulators one register tile holds.</summary>
    private const int GradientRowTile = 4;

    /// <summary>Vectors of columns per tile row.</summary>
    private const int GradientTileVectors = 4;

    /// <summary>Columns of one register tile: the gradient's rows are padded to whole tiles.</summary>
    private static int GradientTileColumns => GradientTileVectors * (Vector512.IsHardwareAccelerated ? Vector512<T>.Count
        : Vector256.IsHardwareAccelerated ? Vector256<T>.Count : Vector128<T>.Count);

    /// <summary>
    /// <c>target[r, :] += Σ_c deltas[r·stride + c] · samples[c, :]</c> for <paramref name="rows"/> ≤ 4 rows of
    /// <paramref name="width"/> columns (a whole number of tiles): the accumulators of four rows × four vectors of columns
    /// stay in registers over all the block's samples, which are summed in their order.
    /// </summary>
    private static void OuterProductTile(ReadOnlySpan<T> deltas, int stride, int rows, ReadOnlySpan<T> samples, int columns, int width, Span<T> target)
    {
        if (Vector512.IsHardwareAccelerated) OuterProductTile<Vector512<T>, Wide>(deltas, stride, rows, samples, columns, width, target);
        else if (Vector256.IsHardwareAccelerated) OuterProductTile<Vector256<T>, Medium>(deltas, stride, rows, samples, columns, width, target);
        else OuterProductTile<Vector128<T>, Narrow>(deltas, stride, rows, samples, columns, width, target);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OuterProductTile<TVector, TOps>(ReadOnlySpan<T> deltas, int stride, int rows, ReadOnlySpan<T> samples, int columns, int width, Span<T> target)
        where TVector : struct
        where TOps : struct, ITileVector<TVector>
    {
        int lanes = TOps.Lanes;
        ref T d = ref MemoryMarshal.GetReference(deltas);
        ref T s = ref MemoryMarshal.GetReference(samples);
        ref T t = ref MemoryMarshal.GetReference(target);
        int r = 0;
        for (; r + GradientRowTile <= rows; r += GradientRowTile)
        {
            ref T d0 = ref Unsafe.Add(ref d, r * stride);
            for (int j = 0; j < width; j += GradientTileVectors * lanes)
            {
                TVector a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
                TVector c0 = default, c1 = default, c2 = default, c3 = default, e0 = default, e1 = default, e2 = default, e3 = default;
                for (int c = 0; c < columns; c++)
                {
                    ref T row = ref Unsafe.Add(ref s, c * width + j);
                    var x0 = TOps.Load(ref row);
                    var x1 = TOps.Load(ref Unsafe.Add(ref row, lanes));
                    var x2 = TOps.Load(ref Unsafe.Add(ref row, 2 * lanes));
                    var x3 = TOps.Load(ref Unsafe.Add(ref row, 3 * lanes));
                    var w = TOps.Broadcast(Unsafe.Add(ref d0, c));
                    a0 = TOps.MultiplyAdd(w, x0, a0); a1 = TOps.MultiplyAdd(w, x1, a1); a2 = TOps.MultiplyAdd(w, x2, a2); a3 = TOps.MultiplyAdd(w, x3, a3);
                    w = TOps.Broadcast(Unsafe.Add(ref d0, stride + c));
                    b0 = TOps.MultiplyAdd(w, x0, b0); b1 = TOps.MultiplyAdd(w, x1, b1); b2 = TOps.MultiplyAdd(w, x2, b2); b3 = TOps.MultiplyAdd(w, x3, b3);
                    w = TOps.Broadcast(Unsafe.Add(ref d0, 2 * stride + c));
                    c0 = TOps.MultiplyAdd(w, x0, c0); c1 = TOps.MultiplyAdd(w, x1, c1); c2 = TOps.MultiplyAdd(w, x2, c2); c3 = TOps.MultiplyAdd(w, x3, c3);
                    w = TOps.Broadcast(Unsafe.Add(ref d0, 3 * stride + c));
                    e0 = TOps.MultiplyAdd(w, x0, e0); e1 = TOps.MultiplyAdd(w, x1, e1); e2 = TOps.MultiplyAdd(w, x2, e2); e3 = TOps.MultiplyAdd(w, x3, e3);
                }
                AddRow<TVector, TOps>(ref Unsafe.Add(ref t, r * width + j), a0, a1, a2, a3);
                AddRow<TVector, TOps>(ref Unsafe.Add(ref t, (r + 1) * width + j), b0, b1, b2, b3);
                AddRow<TVector, TOps>(ref Unsafe.Add(ref t, (r + 2) * width + j), c0, c1, c2, c3);
                AddRow<TVector, TOps>(ref Unsafe.Add(ref t, (r + 3) * width + j), e0, e1, e2, e3);
            }
        }
        // The last rows of a layer whose width is not a multiple of four: one row of four vectors at a time.
        for (; r < rows; r++)
        {
            ref T d0 = ref Unsafe.Add(ref d, r * stride);
            for (int j = 0; j < width; j += GradientTileVectors * lanes)
            {
                TVector a0 = default, a1 = default, a2 = default, a3 = default;
                for (int c = 0; c < columns; c++)
                {
                    ref T row = ref Unsafe.Add(ref s, c * width + j);
                    var w = TOps.Broadcast(Unsafe.Add(ref d0, c));
                    a0 = TOps.MultiplyAdd(w, TOps.Load(ref row), a0);
                    a1 = TOps.MultiplyAdd(w, TOps.Load(ref Unsafe.Add(ref row, lanes)), a1);
                    a2 = TOps.MultiplyAdd(w, TOps.Load(ref Unsafe.Add(ref row, 2 * lanes)), a2);
                    a3 = TOps.MultiplyAdd(w, TOps.Load(ref Unsafe.Add(ref row, 3 * lanes)), a3);
                }
                AddRow<TVector, TOps>(ref Unsafe.Add(ref t, r * width + j), a0, a1, a2, a3);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRow<TVector, TOps>(ref T target, TVector v0, TVector v1, TVector v2, TVector v3)
        where TVector : struct
        where TOps : struct, ITileVector<TVector>
    {
        int lanes = TOps.Lanes;
        TOps.AddTo(ref target, v0);
        TOps.AddTo(ref Unsafe.Add(ref target, lanes), v1);
        TOps.AddTo(ref Unsafe.Add(ref target, 2 * lanes), v2);
        TOps.AddTo(ref Unsafe.Add(ref target, 3 * lanes), v3);
    }

    /// <summary>What the tile needs of one vector type.</summary>
    private interface ITileVector<TVector>
        where TVector : struct
    {
        static abstract int Lanes { get; }

        static abstract TVector Load(ref T source);

        static abstract TVector Broadcast(T value);

        /// <summary><c>a·b + addend</c>, fused where the CPU has FMA.</summary>
        static abstract TVector MultiplyAdd(TVector a, TVector b, TVector addend);

        /// <summary><c>target[0 … Lanes) += value</c>.</summary>
        static abstract void AddTo(ref T target, TVector value);
    }

    private readonly struct Wide : ITileVector<Vector512<T>>
    {
        public static int Lanes => Vector512<T>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Load(ref T source) => Vector512.LoadUnsafe(ref source);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Broadcast(T value) => Vector512.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> MultiplyAdd(Vector512<T> a, Vector512<T> b, Vector512<T> addend)
            => typeof(T) == typeof(float)
                ? Vector512.MultiplyAddEstimate(a.AsSingle(), b.AsSingle(), addend.AsSingle()).As<float, T>()
                : Vector512.MultiplyAddEstimate(a.AsDouble(), b.AsDouble(), addend.AsDouble()).As<double, T>();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void AddTo(ref T target, Vector512<T> value) => (Vector512.LoadUnsafe(ref target) + value).StoreUnsafe(ref target);
    }

    private readonly struct Medium : ITileVector<Vector256<T>>
    {
        public static int Lanes => Vector256<T>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> Load(ref T source) => Vector256.LoadUnsafe(ref source);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> Broadcast(T value) => Vector256.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> MultiplyAdd(Vector256<T> a, Vector256<T> b, Vector256<T> addend)
            => typeof(T) == typeof(float)
                ? Vector256.MultiplyAddEstimate(a.AsSingle(), b.AsSingle(), addend.AsSingle()).As<float, T>()
                : Vector256.MultiplyAddEstimate(a.AsDouble(), b.AsDouble(), addend.AsDouble()).As<double, T>();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void AddTo(ref T target, Vector256<T> value) => (Vector256.LoadUnsafe(ref target) + value).StoreUnsafe(ref target);
    }

    private readonly struct Narrow : ITileVector<Vector128<T>>
    {
        public static int Lanes => Vector128<T>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<T> Load(ref T source) => Vector128.LoadUnsafe(ref source);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<T> Broadcast(T value) => Vector128.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<T> MultiplyAdd(Vector128<T> a, Vector128<T> b, Vector128<T> addend)
            => typeof(T) == typeof(float)
                ? Vector128.MultiplyAddEstimate(a.AsSingle(), b.AsSingle(), addend.AsSingle()).As<float, T>()
                : Vector128.MultiplyAddEstimate(a.AsDouble(), b.AsDouble(), addend.AsDouble()).As<double, T>();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void AddTo(ref T target, Vector128<T> value) => (Vector128.LoadUnsafe(ref target) + value).StoreUnsafe(ref target);
    }
}
