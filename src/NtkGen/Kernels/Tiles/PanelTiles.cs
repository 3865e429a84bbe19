using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace NtkGen.Kernels.Tiles;

/// <summary>
/// The register tiles of the batched cores (StructuredNtkKernel.Batched.cs), written once for every vector width and
/// element type: generated kernels call them with every width and offset a constant, the run-time-width kernel
/// (<see cref="RuntimeWidthNtkKernel{T, TVector, TOps}"/>) with the widths it reads from the network.
/// </summary>
/// <remarks>
/// <para>A block of <see cref="BlockColumns"/> samples is a panel: one row per trace element, one column per sample,
/// <c>panelLength</c> elements from one block to the next. A forward or backward tile holds <c>TR</c> ≤ 6 rows of the
/// layer's output × <c>TV</c> ≤ 4 vectors of samples in 24 accumulators: per step 4 loads (reused by the rows) and 6
/// broadcasts (weights, one at a time) feed 24 fused multiply-adds. The activation and its derivative (forward) or the
/// derivative product (backward) are applied to the accumulators before they are stored. A Gram tile of <c>TR</c> rows ×
/// <c>TV</c> ≤ 2 vectors accumulates <c>P = A Aᵀ</c> and then <c>Q = Δ Δᵀ</c> in 24 registers. Machines with 16 vector
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
    /// <summary>Vectors of samples per block.</summary>
    public const int BlockVectors = 4;

    /// <summary>Most rows of a forward, backward or Gram tile.</summary>
    public const int TileRows = 6;

    /// <summary>Vectors of samples per Gram tile.</summary>
    public const int GramVectors = 2;

    /// <summary>Columns of W copied together for the backward pass of a wide layer (a multiple of every vector length and of <see cref="TileRows"/>).</summary>
    public const int StripColumns = 48;

    /// <summary>Samples per block: <see cref="BlockVectors"/> vectors.</summary>
    public static int BlockColumns => BlockVectors * TOps.Lanes;

    /// <summary>Whether the CPU has 32 vector registers (AVX-512, Arm64): the widest tiles then fit without spilling.</summary>
    public static bool ManyRegisters => Avx512F.IsSupported || AdvSimd.Arm64.IsSupported;

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
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Backward<TR, TV>(ref T w, nint stride, nint k, ref T aboveBlocks, T scale, ref T dBlocks, ref T deltaBlocks, nint blocks, nint panelLength)
        where TR : struct, ITileCount
        where TV : struct, ITileCount
    {
        int lanes = TOps.Lanes;
        nint block = BlockVectors * lanes;
        for (nint blockIndex = 0; blockIndex < blocks; blockIndex++)
        {
            ref T above = ref Unsafe.Add(ref aboveBlocks, blockIndex * panelLength);
            TVector zero = TOps.Zero;
            TVector c00 = zero, c01 = zero, c02 = zero, c03 = zero, c10 = zero, c11 = zero, c12 = zero, c13 = zero;
            TVector c20 = zero, c21 = zero, c22 = zero, c23 = zero, c30 = zero, c31 = zero, c32 = zero, c33 = zero;
            TVector c40 = zero, c41 = zero, c42 = zero, c43 = zero, c50 = zero, c51 = zero, c52 = zero, c53 = zero;
            TVector x0, x1 = zero, x2 = zero, x3 = zero, broadcast;
            for (nint i = 0; i < k; i++)
            {
                ref T xi = ref Unsafe.Add(ref above, i * block);
                ref T wi = ref Unsafe.Add(ref w, i * stride);
                x0 = TOps.Load(ref xi);
                if (TV.Value > 1) x1 = TOps.Load(ref Unsafe.Add(ref xi, lanes));
                if (TV.Value > 2) x2 = TOps.Load(ref Unsafe.Add(ref xi, 2 * lanes));
                if (TV.Value > 3) x3 = TOps.Load(ref Unsafe.Add(ref xi, 3 * lanes));
                broadcast = TOps.Broadcast(wi);
                c00 = TOps.MultiplyAdd(broadcast, x0, c00); if (TV.Value > 1) c01 = TOps.MultiplyAdd(broadcast, x1, c01);
                if (TV.Value > 2) c02 = TOps.MultiplyAdd(broadcast, x2, c02); if (TV.Value > 3) c03 = TOps.MultiplyAdd(broadcast, x3, c03);
                if (TR.Value > 1)
                {
                    broadcast = TOps.Broadcast(Unsafe.Add(ref wi, 1));
                    c10 = TOps.MultiplyAdd(broadcast, x0, c10); if (TV.Value > 1) c11 = TOps.MultiplyAdd(broadcast, x1, c11);
                    if (TV.Value > 2) c12 = TOps.MultiplyAdd(broadcast, x2, c12); if (TV.Value > 3) c13 = TOps.MultiplyAdd(broadcast, x3, c13);
                }
                if (TR.Value > 2)
                {
                    broadcast = TOps.Broadcast(Unsafe.Add(ref wi, 2));
                    c20 = TOps.MultiplyAdd(broadcast, x0, c20); if (TV.Value > 1) c21 = TOps.MultiplyAdd(broadcast, x1, c21);
                    if (TV.Value > 2) c22 = TOps.MultiplyAdd(broadcast, x2, c22); if (TV.Value > 3) c23 = TOps.MultiplyAdd(broadcast, x3, c23);
                }
                if (TR.Value > 3)
                {
                    broadcast = TOps.Broadcast(Unsafe.Add(ref wi, 3));
                    c30 = TOps.MultiplyAdd(broadcast, x0, c30); if (TV.Value > 1) c31 = TOps.MultiplyAdd(broadcast, x1, c31);
                    if (TV.Value > 2) c32 = TOps.MultiplyAdd(broadcast, x2, c32); if (TV.Value > 3) c33 = TOps.MultiplyAdd(broadcast, x3, c33);
                }
                if (TR.Value > 4)
                {
                    broadcast = TOps.Broadcast(Unsafe.Add(ref wi, 4));
                    c40 = TOps.MultiplyAdd(broadcast, x0, c40); if (TV.Value > 1) c41 = TOps.MultiplyAdd(broadcast, x1, c41);
                    if (TV.Value > 2) c42 = TOps.MultiplyAdd(broadcast, x2, c42); if (TV.Value > 3) c43 = TOps.MultiplyAdd(broadcast, x3, c43);
                }
                if (TR.Value > 5)
                {
                    broadcast = TOps.Broadcast(Unsafe.Add(ref wi, 5));
                    c50 = TOps.MultiplyAdd(broadcast, x0, c50); if (TV.Value > 1) c51 = TOps.MultiplyAdd(broadcast, x1, c51);
                    if (TV.Value > 2) c52 = TOps.MultiplyAdd(broadcast, x2, c52); if (TV.Value > 3) c53 = TOps.MultiplyAdd(broadcast, x3, c53);
                }
            }
            TVector sv = TOps.Broadcast(scale);
            ref T d = ref Unsafe.Add(ref dBlocks, blockIndex * panelLength);
            ref T delta = ref Unsafe.Add(ref deltaBlocks, blockIndex * panelLength);
            StoreProductRow<TV>(c00, c01, c02, c03, sv, ref d, ref delta);
            if (TR.Value > 1) StoreProductRow<TV>(c10, c11, c12, c13, sv, ref Unsafe.Add(ref d, block), ref Unsafe.Add(ref delta, block));
            if (TR.Value > 2) StoreProductRow<TV>(c20, c21, c22, c23, sv, ref Unsafe.Add(ref d, 2 * block), ref Unsafe.Add(ref delta, 2 * block));
            if (TR.Value > 3) StoreProductRow<TV>(c30, c31, c32, c33, sv, ref Unsafe.Add(ref d, 3 * block), ref Unsafe.Add(ref delta, 3 * block));
            if (TR.Value > 4) StoreProductRow<TV>(c40, c41, c42, c43, sv, ref Unsafe.Add(ref d, 4 * block), ref Unsafe.Add(ref delta, 4 * block));
            if (TR.Value > 5) StoreProductRow<TV>(c50, c51, c52, c53, sv, ref Unsafe.Add(ref d, 5 * block), ref Unsafe.Add(ref delta, 5 * block));
        }
    }

    /// <summary>
    /// One layer of a Gram tile, <c>TR</c> samples of panel 1 against <c>TV</c> vectors of samples of panel 2:
    /// <c>P = s² a aᵀ</c> over <paramref name="k"/> rows of activations, then <c>Q = δ δᵀ</c> over <paramref name="kd"/> rows of
    /// δ in <paramref name="segments"/> runs <paramref name="segmentStride"/> apart (one per output unit for the trace), then by
    /// <paramref name="mode"/> 0: <c>w += Q ⊙ P</c>, <c>b += Q</c>; 1: <c>w = Q ⊙ P</c>, <c>b = Q</c>; 2: <c>w += Q ⊙ (P + 1)</c>.
    /// Without biases (<paramref name="includeBiases"/> false) <c>b</c> stays 0 and the 1 is left out.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Gram<TR, TV>(ref T a1, ref T a2, nint k, ref T e1, ref T e2, nint kd, nint segments, nint segmentStride, T s2, int mode, bool includeBiases, ref T w, ref T b, nint stride)
        where TR : struct, ITileCount
        where TV : struct, ITileCount
    {
        int lanes = TOps.Lanes;
        nint block = BlockVectors * lanes;
        TVector zero = TOps.Zero;
        TVector p00 = zero, p01 = zero, p10 = zero, p11 = zero, p20 = zero, p21 = zero, p30 = zero, p31 = zero, p40 = zero, p41 = zero, p50 = zero, p51 = zero;
        TVector x0, x1 = zero, broadcast;
        for (nint i = 0; i < k; i++)
        {
            ref T ri = ref Unsafe.Add(ref a1, i * block);
            ref T xi = ref Unsafe.Add(ref a2, i * block);
            x0 = TOps.Load(ref xi);
            if (TV.Value > 1) x1 = TOps.Load(ref Unsafe.Add(ref xi, lanes));
            broadcast = TOps.Broadcast(ri); p00 = TOps.MultiplyAdd(broadcast, x0, p00); if (TV.Value > 1) p01 = TOps.MultiplyAdd(broadcast, x1, p01);
            if (TR.Value > 1) { broadcast = TOps.Broadcast(Unsafe.Add(ref ri, 1)); p10 = TOps.MultiplyAdd(broadcast, x0, p10); if (TV.Value > 1) p11 = TOps.MultiplyAdd(broadcast, x1, p11); }
            if (TR.Value > 2) { broadcast = TOps.Broadcast(Unsafe.Add(ref ri, 2)); p20 = TOps.MultiplyAdd(broadcast, x0, p20); if (TV.Value > 1) p21 = TOps.MultiplyAdd(broadcast, x1, p21); }
            if (TR.Value > 3) { broadcast = TOps.Broadcast(Unsafe.Add(ref ri, 3)); p30 = TOps.MultiplyAdd(broadcast, x0, p30); if (TV.Value > 1) p31 = TOps.MultiplyAdd(broadcast, x1, p31); }
            if (TR.Value > 4) { broadcast = TOps.Broadcast(Unsafe.Add(ref ri, 4)); p40 = TOps.MultiplyAdd(broadcast, x0, p40); if (TV.Value > 1) p41 = TOps.MultiplyAdd(broadcast, x1, p41); }
            if (TR.Value > 5) { broadcast = TOps.Broadcast(Unsafe.Add(ref ri, 5)); p50 = TOps.MultiplyAdd(broadcast, x0, p50); if (TV.Value > 1) p51 = TOps.MultiplyAdd(broadcast, x1, p51); }
        }
        TVector q00 = zero, q01 = zero, q10 = zero, q11 = zero, q20 = zero, q21 = zero, q30 = zero, q31 = zero, q40 = zero, q41 = zero, q50 = zero, q51 = zero;
        for (nint s = 0; s < segments; s++)
        {
            ref T f1 = ref Unsafe.Add(ref e1, s * segmentStride);
            ref T f2 = ref Unsafe.Add(ref e2, s * segmentStride);
            for (nint i = 0; i < kd; i++)
            {
                ref T ri = ref Unsafe.Add(ref f1, i * block);
                ref T xi = ref Unsafe.Add(ref f2, i * block);
                x0 = TOps.Load(ref xi);
                if (TV.Value > 1) x1 = TOps.Load(ref Unsafe.Add(ref xi, lanes));
                broadcast = TOps.Broadcast(ri); q00 = TOps.MultiplyAdd(broadcast, x0, q00); if (TV.Value > 1) q01 = TOps.MultiplyAdd(broadcast, x1, q01);
                if (TR.Value > 1) { broadcast = TOps.Broadcast(Unsafe.Add(ref ri, 1)); q10 = TOps.MultiplyAdd(broadcast, x0, q10); if (TV.Value > 1) q11 = TOps.MultiplyAdd(broadcast, x1, q11); }
                if (TR.Value > 2) { broadcast = TOps.Broadcast(Unsafe.Add(ref ri, 2)); q20 = TOps.MultiplyAdd(broadcast, x0, q20); if (TV.Value > 1) q21 = TOps.MultiplyAdd(broadcast, x1, q21); }
                if (TR.Value > 3) { broadcast = TOps.Broadcast(Unsafe.Add(ref ri, 3)); q30 = TOps.MultiplyAdd(broadcast, x0, q30); if (TV.Value > 1) q31 = TOps.MultiplyAdd(broadcast, x1, q31); }
                if (TR.Value > 4) { broadcast = TOps.Broadcast(Unsafe.Add(ref ri, 4)); q40 = TOps.MultiplyAdd(broadcast, x0, q40); if (TV.Value > 1) q41 = TOps.MultiplyAdd(broadcast, x1, q41); }
                if (TR.Value > 5) { broadcast = TOps.Broadcast(Unsafe.Add(ref ri, 5)); q50 = TOps.MultiplyAdd(broadcast, x0, q50); if (TV.Value > 1) q51 = TOps.MultiplyAdd(broadcast, x1, q51); }
            }
        }
        TVector sv = TOps.Broadcast(s2);
        FinishGramRow<TV>(p00, p01, q00, q01, sv, mode, includeBiases, ref w, ref b);
        if (TR.Value > 1) FinishGramRow<TV>(p10, p11, q10, q11, sv, mode, includeBiases, ref Unsafe.Add(ref w, stride), ref Unsafe.Add(ref b, stride));
        if (TR.Value > 2) FinishGramRow<TV>(p20, p21, q20, q21, sv, mode, includeBiases, ref Unsafe.Add(ref w, 2 * stride), ref Unsafe.Add(ref b, 2 * stride));
        if (TR.Value > 3) FinishGramRow<TV>(p30, p31, q30, q31, sv, mode, includeBiases, ref Unsafe.Add(ref w, 3 * stride), ref Unsafe.Add(ref b, 3 * stride));
        if (TR.Value > 4) FinishGramRow<TV>(p40, p41, q40, q41, sv, mode, includeBiases, ref Unsafe.Add(ref w, 4 * stride), ref Unsafe.Add(ref b, 4 * stride));
        if (TR.Value > 5) FinishGramRow<TV>(p50, p51, q50, q51, sv, mode, includeBiases, ref Unsafe.Add(ref w, 5 * stride), ref Unsafe.Add(ref b, 5 * stride));
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
    private static void StoreProductRow<TV>(TVector c0, TVector c1, TVector c2, TVector c3, TVector scale, ref T d, ref T delta)
        where TV : struct, ITileCount
    {
        int lanes = TOps.Lanes;
        TOps.Store(TOps.Multiply(TOps.Multiply(c0, scale), TOps.Load(ref d)), ref delta);
        if (TV.Value > 1) TOps.Store(TOps.Multiply(TOps.Multiply(c1, scale), TOps.Load(ref Unsafe.Add(ref d, lanes))), ref Unsafe.Add(ref delta, lanes));
        if (TV.Value > 2) TOps.Store(TOps.Multiply(TOps.Multiply(c2, scale), TOps.Load(ref Unsafe.Add(ref d, 2 * lanes))), ref Unsafe.Add(ref delta, 2 * lanes));
        if (TV.Value > 3) TOps.Store(TOps.Multiply(TOps.Multiply(c3, scale), TOps.Load(ref Unsafe.Add(ref d, 3 * lanes))), ref Unsafe.Add(ref delta, 3 * lanes));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FinishGramRow<TV>(TVector p0, TVector p1, TVector q0, TVector q1, TVector scale, int mode, bool includeBiases, ref T w, ref T b)
        where TV : struct, ITileCount
    {
        FinishGram(TOps.Multiply(p0, scale), q0, mode, includeBiases, ref w, ref b);
        if (TV.Value > 1) FinishGram(TOps.Multiply(p1, scale), q1, mode, includeBiases, ref Unsafe.Add(ref w, TOps.Lanes), ref Unsafe.Add(ref b, TOps.Lanes));
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
