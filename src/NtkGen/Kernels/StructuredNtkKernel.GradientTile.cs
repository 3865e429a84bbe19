using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NtkGen.Kernels;

/// <summary>
/// The register tile of the training gradient's per-layer product: one body, compiled by the JIT for the widest vector
/// the CPU accelerates (<see cref="IVectorOps{T, TVector}"/>), with fused multiply-adds where the CPU has FMA.
/// </summary>
public abstract partial class StructuredNtkKernel<T>
{
    /// <summary>Rows of the gradient whose accumulators one register tile holds.</summary>
    private const int GradientRowTile = 4;

    /// <summary>Vectors of columns per tile row.</summary>
    private const int GradientTileVectors = 4;

    /// <summary>Columns of one register tile: the gradient's rows are padded to whole tiles.</summary>
    private static int GradientTileColumns => GradientTileVectors * VectorOps.WidestLanes<T>();

    /// <summary>
    /// <c>target[r, :] += Σ_c deltas[r·stride + c] · samples[c, :]</c> for <paramref name="rows"/> ≤ 4 rows of
    /// <paramref name="width"/> columns (a whole number of tiles): the accumulators of four rows × four vectors of columns
    /// stay in registers over all the block's samples, which are summed in their order.
    /// </summary>
    private static void OuterProductTile(ReadOnlySpan<T> deltas, int stride, int rows, ReadOnlySpan<T> samples, int columns, int width, Span<T> target)
    {
        if (Vector512.IsHardwareAccelerated) OuterProductTile<Vector512<T>, Vector512Ops<T>>(deltas, stride, rows, samples, columns, width, target);
        else if (Vector256.IsHardwareAccelerated) OuterProductTile<Vector256<T>, Vector256Ops<T>>(deltas, stride, rows, samples, columns, width, target);
        else OuterProductTile<Vector128<T>, Vector128Ops<T>>(deltas, stride, rows, samples, columns, width, target);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OuterProductTile<TVector, TOps>(ReadOnlySpan<T> deltas, int stride, int rows, ReadOnlySpan<T> samples, int columns, int width, Span<T> target)
        where TVector : struct
        where TOps : struct, IVectorOps<T, TVector>
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
        where TOps : struct, IVectorOps<T, TVector>
    {
        int lanes = TOps.Lanes;
        TOps.AddTo(ref target, v0);
        TOps.AddTo(ref Unsafe.Add(ref target, lanes), v1);
        TOps.AddTo(ref Unsafe.Add(ref target, 2 * lanes), v2);
        TOps.AddTo(ref Unsafe.Add(ref target, 3 * lanes), v3);
    }
}
