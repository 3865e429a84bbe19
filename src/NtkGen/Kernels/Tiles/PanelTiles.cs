using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace NtkGen.Kernels.Tiles;

/// <summary>
/// The register tiles of the batched cores (StructuredNtkKernel.Batched.cs), written once for every vector width and
/// element type: generated kernels call them with every width and offset a constant, the run-time-width kernel
/// (<see cref="RuntimeWidthNtkKernel{T, TVector, TOps, TActivation, TTile}"/>) with the widths it reads from the network.
/// </summary>
/// <remarks>
/// <para>A block of <see cref="BlockColumns"/> samples is a panel: one row per trace element, one column per sample,
/// <c>panelLength</c> elements from one block to the next. A forward or backward tile holds <c>TR</c> ≤ 6 rows of the
/// layer's output × <c>TV</c> ≤ 4 vectors of samples in 24 accumulators: per step 4 loads (reused by the rows) and 6
/// broadcasts (weights, one at a time) feed 24 fused multiply-adds. The activation and its derivative (forward) or the
/// derivative product (backward) are applied to the accumulators before they are stored. A Gram tile of <c>TR</c> rows ×
/// <c>TV</c> ≤ 4 vectors accumulates <c>P = A Aᵀ</c>, sets it aside, and then <c>Q = Δ Δᵀ</c> in 24 registers. Machines with 16 vector
/// registers (AVX2) are given half the rows or vectors by the callers (<see cref="ManyRegisters"/>).</para>
/// <para><c>TR</c> and <c>TV</c> are types (<see cref="ITileCount"/>), so each count used gets its own compiled body.</para>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
/// <typeparam name="TVector">The vector type.</typeparam>
/// <typeparam name="TOps">The vector operations of <typeparamref name="TVector"/>.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class PanelTiles<T, TVector, TOps>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TVector : struct
    where TOps : struct, IVectorOps<T, TVector>
{
    [ThreadStatic]
    private static T[]? t_scratch;

    /// <summary>Vectors of samples per block.</summary>
    public const int BlockVectors = 4;

    /// <summary>Most rows of a forward, backward or Gram tile.</summary>
    public const int TileRows = 6;

    /// <summary>Vectors of samples per Gram tile (2 with 16 vector registers).</summary>
    public const int GramVectors = 4;

    /// <summary>Columns of W copied together for the backward pass of a wide layer (a multiple of every vector length and of <see cref="TileRows"/>).</summary>
    public const int StripColumns = 48;

    /// <summary>Samples per block: <see cref="BlockVectors"/> vectors.</summary>
    public static int BlockColumns => BlockVectors * TOps.Lanes;

    /// <summary>Whether the CPU has 32 vector registers (AVX-512, Arm64): the widest tiles then fit without spilling.</summary>
    public static bool ManyRegisters => Avx512F.IsSupported || AdvSimd.Arm64.IsSupported;

    /// <summary>Samples per row of Gram tiles on this CPU.</summary>
    public static int GramTileRows => ManyRegisters ? TileRows : TileRows / 2;

    /// <summary>Vectors of samples per Gram tile on this CPU.</summary>
    public static int GramTileVectors => ManyRegisters ? GramVectors : GramVectors / 2;

    /// <summary>
    /// <c>TR</c> rows of a hidden layer for <c>TV</c> vectors of samples of each of <paramref name="blocks"/> blocks:
    /// <c>a = φ(s W x + b)</c>, <c>d = φ'(s W x + b)</c> (no <c>d</c> for <see cref="FusedAffine"/>). W is row-major with
    /// <paramref name="k"/> columns and stays in cache from block to block.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Forward<TR, TV, TActivation>(ref T w, nint k, ref T xBlocks, ref T b, T scale, T slope, ref T aBlocks, ref T dBlocks, nint blocks, nint panelLength)
        where TR : struct, ITileCount
        where TV : struct, ITileCount
        where TActivation : struct, IFusedActivation
    {
        int lanes = TOps.Lanes;
        nint block = BlockVectors * lanes;
        // Rows past the tile are never formed: a reference past the weights must not exist even unused.
        ref T w1 = ref TR.Value > 1 ? ref Unsafe.Add(ref w, k) : ref w;
        ref T w2 = ref TR.Value > 2 ? ref Unsafe.Add(ref w, 2 * k) : ref w;
        ref T w3 = ref TR.Value > 3 ? ref Unsafe.Add(ref w, 3 * k) : ref w;
        ref T w4 = ref TR.Value > 4 ? ref Unsafe.Add(ref w, 4 * k) : ref w;
        ref T w5 = ref TR.Value > 5 ? ref Unsafe.Add(ref w, 5 * k) : ref w;
        for (nint blockIndex = 0; blockIndex < blocks; blockIndex++)
        {
            ref T x = ref Unsafe.Add(ref xBlocks, blockIndex * panelLength);
            TVector zero = TOps.Zero;
            TVector c00 = zero, c01 = zero, c02 = zero, c03 = zero, c10 = zero, c11 = zero, c12 = zero, c13 = zero;
            TVector c20 = zero, c21 = zero, c22 = zero, c23 = zero, c30 = zero, c31 = zero, c32 = zero, c33 = zero;
            TVector c40 = zero, c41 = zero, c42 = zero, c43 = zero, c50 = zero, c51 = zero, c52 = zero, c53 = zero;
            TVector x0, x1 = zero, x2 = zero, x3 = zero, broadcast;
            for (nint i = 0; i < k; i++)
            {
                ref T xi = ref Unsafe.Add(ref x, i * block);
                x0 = TOps.Load(ref xi);
                if (TV.Value > 1) x1 = TOps.Load(ref Unsafe.Add(ref xi, lanes));
                if (TV.Value > 2) x2 = TOps.Load(ref Unsafe.Add(ref xi, 2 * lanes));
                if (TV.Value > 3) x3 = TOps.Load(ref Unsafe.Add(ref xi, 3 * lanes));
                broadcast = TOps.Broadcast(Unsafe.Add(ref w, i));
                c00 = TOps.MultiplyAdd(broadcast, x0, c00); if (TV.Value > 1) c01 = TOps.MultiplyAdd(broadcast, x1, c01);
                if (TV.Value > 2) c02 = TOps.MultiplyAdd(broadcast, x2, c02); if (TV.Value > 3) c03 = TOps.MultiplyAdd(broadcast, x3, c03);
                if (TR.Value > 1)
                {
                    broadcast = TOps.Broadcast(Unsafe.Add(ref w1, i));
                    c10 = TOps.MultiplyAdd(broadcast, x0, c10); if (TV.Value > 1) c11 = TOps.MultiplyAdd(broadcast, x1, c11);
                    if (TV.Value > 2) c12 = TOps.MultiplyAdd(broadcast, x2, c12); if (TV.Value > 3) c13 = TOps.MultiplyAdd(broadcast, x3, c13);
                }
                if (TR.Value > 2)
                {
                    broadcast = TOps.Broadcast(Unsafe.Add(ref w2, i));
                    c20 = TOps.MultiplyAdd(broadcast, x0, c20); if (TV.Value > 1) c21 = TOps.MultiplyAdd(broadcast, x1, c21);
                    if (TV.Value > 2) c22 = TOps.MultiplyAdd(broadcast, x2, c22); if (TV.Value > 3) c23 = TOps.MultiplyAdd(broadcast, x3, c23);
                }
                if (TR.Value > 3)
                {
                    broadcast = TOps.Broadcast(Unsafe.Add(ref w3, i));
                    c30 = TOps.MultiplyAdd(broadcast, x0, c30); if (TV.Value > 1) c31 = TOps.MultiplyAdd(broadcast, x1, c31);
                    if (TV.Value > 2) c32 = TOps.MultiplyAdd(broadcast, x2, c32); if (TV.Value > 3) c33 = TOps.MultiplyAdd(broadcast, x3, c33);
                }
                if (TR.Value > 4)
                {
                    broadcast = TOps.Broadcast(Unsafe.Add(ref w4, i));
                    c40 = TOps.MultiplyAdd(broadcast, x0, c40); if (TV.Value > 1) c41 = TOps.MultiplyAdd(broadcast, x1, c41);
                    if (TV.Value > 2) c42 = TOps.MultiplyAdd(broadcast, x2, c42); if (TV.Value > 3) c43 = TOps.MultiplyAdd(broadcast, x3, c43);
                }
                if (TR.Value > 5)
                {
                    broadcast = TOps.Broadcast(Unsafe.Add(ref w5, i));
                    c50 = TOps.MultiplyAdd(broadcast, x0, c50); if (TV.Value > 1) c51 = TOps.MultiplyAdd(broadcast, x1, c51);
                    if (TV.Value > 2) c52 = TOps.MultiplyAdd(broadcast, x2, c52); if (TV.Value > 3) c53 = TOps.MultiplyAdd(broadcast, x3, c53);
                }
            }
            TVector sv = TOps.Broadcast(scale), slopes = TOps.Broadcast(slope);
            ref T a = ref Unsafe.Add(ref aBlocks, blockIndex * panelLength);
            ref T d = ref Unsafe.Add(ref dBlocks, blockIndex * panelLength);
            StoreActivatedRow<TV, TActivation>(c00, c01, c02, c03, sv, TOps.Broadcast(b), slopes, ref a, ref d);
            if (TR.Value > 1) StoreActivatedRow<TV, TActivation>(c10, c11, c12, c13, sv, TOps.Broadcast(Unsafe.Add(ref b, 1)), slopes, ref Unsafe.Add(ref a, block), ref Unsafe.Add(ref d, block));
            if (TR.Value > 2) StoreActivatedRow<TV, TActivation>(c20, c21, c22, c23, sv, TOps.Broadcast(Unsafe.Add(ref b, 2)), slopes, ref Unsafe.Add(ref a, 2 * block), ref Unsafe.Add(ref d, 2 * block));
            if (TR.Value > 3) StoreActivatedRow<TV, TActivation>(c30, c31, c32, c33, sv, TOps.Broadcast(Unsafe.Add(ref b, 3)), slopes, ref Unsafe.Add(ref a, 3 * block), ref Unsafe.Add(ref d, 3 * block));
            if (TR.Value > 4) StoreActivatedRow<TV, TActivation>(c40, c41, c42, c43, sv, TOps.Broadcast(Unsafe.Add(ref b, 4)), slopes, ref Unsafe.Add(ref a, 4 * block), ref Unsafe.Add(ref d, 4 * block));
            if (TR.Value > 5) StoreActivatedRow<TV, TActivation>(c50, c51, c52, c53, sv, TOps.Broadcast(Unsafe.Add(ref b, 5)), slopes, ref Unsafe.Add(ref a, 5 * block), ref Unsafe.Add(ref d, 5 * block));
        }
    }

    /// <summary>
    /// <c>TR</c> rows of a layer without activation for <c>TV</c> vectors of samples of each block: <c>z = s W x + b</c>
    /// (the output layer, and the layers of smooth activations, which are applied afterwards).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ForwardLinear<TR, TV>(ref T w, nint k, ref T xBlocks, ref T b, T scale, ref T zBlocks, nint blocks, nint panelLength)
        where TR : struct, ITileCount
        where TV : struct, ITileCount
        => Forward<TR, TV, FusedAffine>(ref w, k, ref xBlocks, ref b, scale, T.Zero, ref zBlocks, ref zBlocks, blocks, panelLength);

    /// <summary>
    /// <c>TR</c> rows of δ for <c>TV</c> vectors of samples of each block: <c>δ = d ⊙ (s Wᵀ δ')</c>. The tile's rows are
    /// columns <c>0 … TR − 1</c> from <paramref name="w"/> of a row-major W with <paramref name="stride"/> columns and
    /// <paramref name="k"/> rows (δ' has <paramref name="k"/> rows).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward<TR, TV>(ref T w, nint stride, nint k, ref T aboveBlocks, T scale, ref T dBlocks, ref T deltaBlocks, nint blocks, nint panelLength)
        where TR : struct, ITileCount
        where TV : struct, ITileCount
    {
        int lanes = TOps.Lanes;
        nint block = BlockVectors * lanes;
        ref T sums = ref Scratch(0);
        TVector sv = TOps.Broadcast(scale);
        for (nint blockIndex = 0; blockIndex < blocks; blockIndex++)
        {
            Accumulate<TR, TV>(ref w, stride, k, ref Unsafe.Add(ref aboveBlocks, blockIndex * panelLength), ref sums, add: false);
            ref T d = ref Unsafe.Add(ref dBlocks, blockIndex * panelLength);
            ref T delta = ref Unsafe.Add(ref deltaBlocks, blockIndex * panelLength);
            for (int r = 0; r < TR.Value; r++)
            {
                for (int v = 0; v < TV.Value; v++)
                {
                    nint at = r * block + v * lanes;
                    TOps.Store(TOps.Multiply(TOps.Multiply(TOps.Load(ref Unsafe.Add(ref sums, at)), sv), TOps.Load(ref Unsafe.Add(ref d, at))), ref Unsafe.Add(ref delta, at));
                }
            }
        }
    }

    /// <summary>
    /// One layer of a Gram tile, <c>TR</c> samples of panel 1 against <c>TV</c> vectors of samples of panel 2:
    /// <c>P = s² a aᵀ</c> over <paramref name="k"/> rows of activations, then <c>Q = δ δᵀ</c> over <paramref name="kd"/> rows of
    /// δ in <paramref name="segments"/> runs <paramref name="segmentStride"/> apart (one per output unit for the trace), then by
    /// <paramref name="mode"/> 0: <c>w += Q ⊙ P</c>, <c>b += Q</c>; 1: <c>w = Q ⊙ P</c>, <c>b = Q</c>; 2: <c>w += Q ⊙ (P + 1)</c>.
    /// Without biases (<paramref name="includeBiases"/> false) <c>b</c> stays 0 and the 1 is left out. P and Q are accumulated
    /// one after the other, each with the whole register file.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gram<TR, TV>(ref T a1, ref T a2, nint k, ref T e1, ref T e2, nint kd, nint segments, nint segmentStride, T s2, int mode, bool includeBiases, ref T w, ref T b, nint stride)
        where TR : struct, ITileCount
        where TV : struct, ITileCount
    {
        int lanes = TOps.Lanes;
        nint block = BlockVectors * lanes;
        ref T p = ref Scratch(0);
        ref T q = ref Scratch(1);
        Accumulate<TR, TV>(ref a1, block, k, ref a2, ref p, add: false);
        for (nint s = 0; s < segments; s++)
            Accumulate<TR, TV>(ref Unsafe.Add(ref e1, s * segmentStride), block, kd, ref Unsafe.Add(ref e2, s * segmentStride), ref q, add: s > 0);
        TVector sv = TOps.Broadcast(s2);
        for (int r = 0; r < TR.Value; r++)
        {
            for (int v = 0; v < TV.Value; v++)
            {
                nint at = r * block + v * lanes;
                FinishGram(TOps.Multiply(TOps.Load(ref Unsafe.Add(ref p, at)), sv), TOps.Load(ref Unsafe.Add(ref q, at)), mode, includeBiases,
                    ref Unsafe.Add(ref w, r * stride + v * lanes), ref Unsafe.Add(ref b, r * stride + v * lanes));
            }
        }
    }

    /// <summary>
    /// <c>target[r, v] (+)= Σ_i rows[i·step + r] · vectors[i·block + v·lanes …]</c> for <c>TR</c> rows and <c>TV</c> vectors:
    /// the register-tiled product under the backward pass (rows from W's columns) and the Grams (rows from a panel's samples).
    /// <paramref name="target"/> holds a row of <see cref="BlockVectors"/> vectors per tile row.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Accumulate<TR, TV>(ref T rows, nint step, nint k, ref T vectors, ref T target, bool add)
        where TR : struct, ITileCount
        where TV : struct, ITileCount
    {
        int lanes = TOps.Lanes;
        nint block = BlockVectors * lanes;
        TVector zero = TOps.Zero;
        TVector c00 = zero, c01 = zero, c02 = zero, c03 = zero, c10 = zero, c11 = zero, c12 = zero, c13 = zero;
        TVector c20 = zero, c21 = zero, c22 = zero, c23 = zero, c30 = zero, c31 = zero, c32 = zero, c33 = zero;
        TVector c40 = zero, c41 = zero, c42 = zero, c43 = zero, c50 = zero, c51 = zero, c52 = zero, c53 = zero;
        TVector x0, x1 = zero, x2 = zero, x3 = zero, broadcast;
        for (nint i = 0; i < k; i++)
        {
            ref T xi = ref Unsafe.Add(ref vectors, i * block);
            ref T ri = ref Unsafe.Add(ref rows, i * step);
            x0 = TOps.Load(ref xi);
            if (TV.Value > 1) x1 = TOps.Load(ref Unsafe.Add(ref xi, lanes));
            if (TV.Value > 2) x2 = TOps.Load(ref Unsafe.Add(ref xi, 2 * lanes));
            if (TV.Value > 3) x3 = TOps.Load(ref Unsafe.Add(ref xi, 3 * lanes));
            broadcast = TOps.Broadcast(ri);
            c00 = TOps.MultiplyAdd(broadcast, x0, c00); if (TV.Value > 1) c01 = TOps.MultiplyAdd(broadcast, x1, c01);
            if (TV.Value > 2) c02 = TOps.MultiplyAdd(broadcast, x2, c02); if (TV.Value > 3) c03 = TOps.MultiplyAdd(broadcast, x3, c03);
            if (TR.Value > 1)
            {
                broadcast = TOps.Broadcast(Unsafe.Add(ref ri, 1));
                c10 = TOps.MultiplyAdd(broadcast, x0, c10); if (TV.Value > 1) c11 = TOps.MultiplyAdd(broadcast, x1, c11);
                if (TV.Value > 2) c12 = TOps.MultiplyAdd(broadcast, x2, c12); if (TV.Value > 3) c13 = TOps.MultiplyAdd(broadcast, x3, c13);
            }
            if (TR.Value > 2)
            {
                broadcast = TOps.Broadcast(Unsafe.Add(ref ri, 2));
                c20 = TOps.MultiplyAdd(broadcast, x0, c20); if (TV.Value > 1) c21 = TOps.MultiplyAdd(broadcast, x1, c21);
                if (TV.Value > 2) c22 = TOps.MultiplyAdd(broadcast, x2, c22); if (TV.Value > 3) c23 = TOps.MultiplyAdd(broadcast, x3, c23);
            }
            if (TR.Value > 3)
            {
                broadcast = TOps.Broadcast(Unsafe.Add(ref ri, 3));
                c30 = TOps.MultiplyAdd(broadcast, x0, c30); if (TV.Value > 1) c31 = TOps.MultiplyAdd(broadcast, x1, c31);
                if (TV.Value > 2) c32 = TOps.MultiplyAdd(broadcast, x2, c32); if (TV.Value > 3) c33 = TOps.MultiplyAdd(broadcast, x3, c33);
            }
            if (TR.Value > 4)
            {
                broadcast = TOps.Broadcast(Unsafe.Add(ref ri, 4));
                c40 = TOps.MultiplyAdd(broadcast, x0, c40); if (TV.Value > 1) c41 = TOps.MultiplyAdd(broadcast, x1, c41);
                if (TV.Value > 2) c42 = TOps.MultiplyAdd(broadcast, x2, c42); if (TV.Value > 3) c43 = TOps.MultiplyAdd(broadcast, x3, c43);
            }
            if (TR.Value > 5)
            {
                broadcast = TOps.Broadcast(Unsafe.Add(ref ri, 5));
                c50 = TOps.MultiplyAdd(broadcast, x0, c50); if (TV.Value > 1) c51 = TOps.MultiplyAdd(broadcast, x1, c51);
                if (TV.Value > 2) c52 = TOps.MultiplyAdd(broadcast, x2, c52); if (TV.Value > 3) c53 = TOps.MultiplyAdd(broadcast, x3, c53);
            }
        }
        StoreRow<TV>(c00, c01, c02, c03, ref target, add);
        if (TR.Value > 1) StoreRow<TV>(c10, c11, c12, c13, ref Unsafe.Add(ref target, 1 * block), add);
        if (TR.Value > 2) StoreRow<TV>(c20, c21, c22, c23, ref Unsafe.Add(ref target, 2 * block), add);
        if (TR.Value > 3) StoreRow<TV>(c30, c31, c32, c33, ref Unsafe.Add(ref target, 3 * block), add);
        if (TR.Value > 4) StoreRow<TV>(c40, c41, c42, c43, ref Unsafe.Add(ref target, 4 * block), add);
        if (TR.Value > 5) StoreRow<TV>(c50, c51, c52, c53, ref Unsafe.Add(ref target, 5 * block), add);
    }

    /// <summary>
    /// <see cref="Gram{TR, TV}"/> for <paramref name="rows"/> ≤ <see cref="TileRows"/> samples and <paramref name="vectors"/> ≤
    /// <see cref="GramVectors"/> vectors of samples, counts known only at run time (the edges of Θ).
    /// </summary>
    public static void GramTile(int rows, int vectors, ref T a1, ref T a2, nint k, ref T e1, ref T e2, nint kd, nint segments, nint segmentStride,
        T s2, int mode, bool includeBiases, ref T w, ref T b, nint stride)
    {
        switch (rows * (GramVectors + 1) + vectors)
        {
            case 6: Gram<TileCount1, TileCount1>(ref a1, ref a2, k, ref e1, ref e2, kd, segments, segmentStride, s2, mode, includeBiases, ref w, ref b, stride); break;
            case 7: Gram<TileCount1, TileCount2>(ref a1, ref a2, k, ref e1, ref e2, kd, segments, segmentStride, s2, mode, includeBiases, ref w, ref b, stride); break;
            case 8: Gram<TileCount1, TileCount3>(ref a1, ref a2, k, ref e1, ref e2, kd, segments, segmentStride, s2, mode, includeBiases, ref w, ref b, stride); break;
            case 9: Gram<TileCount1, TileCount4>(ref a1, ref a2, k, ref e1, ref e2, kd, segments, segmentStride, s2, mode, includeBiases, ref w, ref b, stride); break;
            case 11: Gram<TileCount2, TileCount1>(ref a1, ref a2, k, ref e1, ref e2, kd, segments, segmentStride, s2, mode, includeBiases, ref w, ref b, stride); break;
            case 12: Gram<TileCount2, TileCount2>(ref a1, ref a2, k, ref e1, ref e2, kd, segments, segmentStride, s2, mode, includeBiases, ref w, ref b, stride); break;
            case 13: Gram<TileCount2, TileCount3>(ref a1, ref a2, k, ref e1, ref e2, kd, segments, segmentStride, s2, mode, includeBiases, ref w, ref b, stride); break;
            case 14: Gram<TileCount2, TileCount4>(ref a1, ref a2, k, ref e1, ref e2, kd, segments, segmentStride, s2, mode, includeBiases, ref w, ref b, stride); break;
            case 16: Gram<TileCount3, TileCount1>(ref a1, ref a2, k, ref e1, ref e2, kd, segments, segmentStride, s2, mode, includeBiases, ref w, ref b, stride); break;
            case 17: Gram<TileCount3, TileCount2>(ref a1, ref a2, k, ref e1, ref e2, kd, segments, segmentStride, s2, mode, includeBiases, ref w, ref b, stride); break;
            case 18: Gram<TileCount3, TileCount3>(ref a1, ref a2, k, ref e1, ref e2, kd, segments, segmentStride, s2, mode, includeBiases, ref w, ref b, stride); break;
            case 19: Gram<TileCount3, TileCount4>(ref a1, ref a2, k, ref e1, ref e2, kd, segments, segmentStride, s2, mode, includeBiases, ref w, ref b, stride); break;
            case 21: Gram<TileCount4, TileCount1>(ref a1, ref a2, k, ref e1, ref e2, kd, segments, segmentStride, s2, mode, includeBiases, ref w, ref b, stride); break;
            case 22: Gram<TileCount4, TileCount2>(ref a1, ref a2, k, ref e1, ref e2, kd, segments, segmentStride, s2, mode, includeBiases, ref w, ref b, stride); break;
            case 23: Gram<TileCount4, TileCount3>(ref a1, ref a2, k, ref e1, ref e2, kd, segments, segmentStride, s2, mode, includeBiases, ref w, ref b, stride); break;
            case 24: Gram<TileCount4, TileCount4>(ref a1, ref a2, k, ref e1, ref e2, kd, segments, segmentStride, s2, mode, includeBiases, ref w, ref b, stride); break;
            case 26: Gram<TileCount5, TileCount1>(ref a1, ref a2, k, ref e1, ref e2, kd, segments, segmentStride, s2, mode, includeBiases, ref w, ref b, stride); break;
            case 27: Gram<TileCount5, TileCount2>(ref a1, ref a2, k, ref e1, ref e2, kd, segments, segmentStride, s2, mode, includeBiases, ref w, ref b, stride); break;
            case 28: Gram<TileCount5, TileCount3>(ref a1, ref a2, k, ref e1, ref e2, kd, segments, segmentStride, s2, mode, includeBiases, ref w, ref b, stride); break;
            case 29: Gram<TileCount5, TileCount4>(ref a1, ref a2, k, ref e1, ref e2, kd, segments, segmentStride, s2, mode, includeBiases, ref w, ref b, stride); break;
            case 31: Gram<TileCount6, TileCount1>(ref a1, ref a2, k, ref e1, ref e2, kd, segments, segmentStride, s2, mode, includeBiases, ref w, ref b, stride); break;
            case 32: Gram<TileCount6, TileCount2>(ref a1, ref a2, k, ref e1, ref e2, kd, segments, segmentStride, s2, mode, includeBiases, ref w, ref b, stride); break;
            case 33: Gram<TileCount6, TileCount3>(ref a1, ref a2, k, ref e1, ref e2, kd, segments, segmentStride, s2, mode, includeBiases, ref w, ref b, stride); break;
            case 34: Gram<TileCount6, TileCount4>(ref a1, ref a2, k, ref e1, ref e2, kd, segments, segmentStride, s2, mode, includeBiases, ref w, ref b, stride); break;
            default: throw new ArgumentOutOfRangeException(nameof(rows), $"A Gram tile has 1 to {TileRows} rows and 1 to {GramVectors} vectors, not {rows} × {vectors}.");
        }
    }

    /// <summary>
    /// Copies <paramref name="width"/> ≤ <see cref="StripColumns"/> columns of the <paramref name="rows"/> rows of W (row length
    /// <paramref name="stride"/>) into rows of <see cref="StripColumns"/> in <paramref name="strip"/>: the backward tiles then
    /// read W's columns from one contiguous buffer instead of striding down its rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackColumns(ref T w, nint stride, nint rows, nint width, ref T strip)
    {
        int lanes = TOps.Lanes;
        if (width == StripColumns)
        {
            for (nint m = 0; m < rows; m++)
            {
                ref T source = ref Unsafe.Add(ref w, m * stride);
                ref T target = ref Unsafe.Add(ref strip, m * StripColumns);
                for (int c = 0; c < StripColumns; c += lanes) TOps.Store(TOps.Load(ref Unsafe.Add(ref source, c)), ref Unsafe.Add(ref target, c));
            }
            return;
        }
        for (nint m = 0; m < rows; m++)
        {
            ref T source = ref Unsafe.Add(ref w, m * stride);
            ref T target = ref Unsafe.Add(ref strip, m * StripColumns);
            for (nint c = 0; c < width; c++) Unsafe.Add(ref target, c) = Unsafe.Add(ref source, c);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreActivatedRow<TV, TActivation>(TVector c0, TVector c1, TVector c2, TVector c3, TVector scale, TVector bias, TVector slope, ref T a, ref T d)
        where TV : struct, ITileCount
        where TActivation : struct, IFusedActivation
    {
        int lanes = TOps.Lanes;
        StoreActivated<TActivation>(TOps.MultiplyAdd(c0, scale, bias), slope, ref a, ref d);
        if (TV.Value > 1) StoreActivated<TActivation>(TOps.MultiplyAdd(c1, scale, bias), slope, ref Unsafe.Add(ref a, lanes), ref Unsafe.Add(ref d, lanes));
        if (TV.Value > 2) StoreActivated<TActivation>(TOps.MultiplyAdd(c2, scale, bias), slope, ref Unsafe.Add(ref a, 2 * lanes), ref Unsafe.Add(ref d, 2 * lanes));
        if (TV.Value > 3) StoreActivated<TActivation>(TOps.MultiplyAdd(c3, scale, bias), slope, ref Unsafe.Add(ref a, 3 * lanes), ref Unsafe.Add(ref d, 3 * lanes));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreActivated<TActivation>(TVector z, TVector slope, ref T a, ref T d)
        where TActivation : struct, IFusedActivation
    {
        TOps.Store(TActivation.Value<T, TVector, TOps>(z, slope), ref a);
        if (TActivation.HasDerivative) TOps.Store(TActivation.Derivative<T, TVector, TOps>(z, slope), ref d);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<TV>(TVector c0, TVector c1, TVector c2, TVector c3, ref T target, bool add)
        where TV : struct, ITileCount
    {
        int lanes = TOps.Lanes;
        if (add)
        {
            TOps.AddTo(ref target, c0);
            if (TV.Value > 1) TOps.AddTo(ref Unsafe.Add(ref target, lanes), c1);
            if (TV.Value > 2) TOps.AddTo(ref Unsafe.Add(ref target, 2 * lanes), c2);
            if (TV.Value > 3) TOps.AddTo(ref Unsafe.Add(ref target, 3 * lanes), c3);
            return;
        }
        TOps.Store(c0, ref target);
        if (TV.Value > 1) TOps.Store(c1, ref Unsafe.Add(ref target, lanes));
        if (TV.Value > 2) TOps.Store(c2, ref Unsafe.Add(ref target, 2 * lanes));
        if (TV.Value > 3) TOps.Store(c3, ref Unsafe.Add(ref target, 3 * lanes));
    }

    /// <summary>This thread's tile-sized buffer number <paramref name="index"/> (0 or 1): sums of one tile, a row of <see cref="BlockVectors"/> vectors per tile row.</summary>
    private static ref T Scratch(int index)
    {
        int length = TileRows * BlockVectors * TOps.Lanes;
        var scratch = t_scratch ??= new T[2 * length];
        return ref scratch[index * length];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FinishGram(TVector p, TVector q, int mode, bool includeBiases, ref T w, ref T b)
    {
        if (mode == 0)
        {
            TOps.Store(TOps.MultiplyAdd(q, p, TOps.Load(ref w)), ref w);
            if (includeBiases) TOps.Store(TOps.Add(q, TOps.Load(ref b)), ref b);
        }
        else if (mode == 1)
        {
            TOps.Store(TOps.Multiply(q, p), ref w);
            TOps.Store(includeBiases ? q : TOps.Zero, ref b);
        }
        else
        {
            TOps.Store(TOps.MultiplyAdd(q, includeBiases ? TOps.Add(p, TOps.One) : p, TOps.Load(ref w)), ref w);
        }
    }
}
