using System.Runtime.CompilerServices;

namespace NtkGen.Kernels;

/// <summary>
/// The batched path of the structured NTK (THEORY.md §2): instead of one trace per sample and one contraction per
/// pair, a kernel with batched cores keeps a block of samples as panels (one row per trace element, one column per
/// sample), runs each layer as a register-blocked matrix product over the block, and forms the Grams
/// <c>Θ += (Δ_l Δ'_lᵀ) ⊙ (s_l² A_{l-1} A'_{l-1}ᵀ + 1)</c> tile by tile. Blocks of samples and rows of tiles are spread
/// over <see cref="KernelThreading.MaxThreads"/> threads; every block and tile is computed the same way on any thread,
/// so results do not depend on the thread count.
/// </summary>
/// <remarks>
/// <para>A block's panel holds <see cref="BatchColumns"/> columns and <c>T + O</c> rows: the <c>T</c> rows of a sample's
/// trace (<c>a_0 … a_{L-1}</c>, <c>φ'(z_1) … φ'(z_{L-1})</c>, <c>δ^1_1 … δ^O_L</c>) and the <c>O</c> outputs. Row
/// <c>r</c> of column <c>c</c> is element <c>r</c> of the trace of sample <c>c</c>; columns past the block's samples, up to a
/// whole vector, hold zero inputs and are never read back.</para>
/// <para>The vector kernels implement the cores on the register tiles of <see cref="Tiles.PanelTiles{T, TVector, TOps}"/>:
/// generated ones with the shape's widths as constants, <see cref="RuntimeWidthNtkKernel{T, TVector, TOps, TActivation, TTile}"/> with widths
/// read at run time. The generic and scalar kernels do not, and keep the per-sample path, as do batches smaller than one
/// vector.</para>
/// </remarks>
public abstract partial class StructuredNtkKernel<T>
{
    /// <summary>Samples per block of the batched cores (a multiple of <see cref="BatchLanes"/>); 0 when there are none.</summary>
    protected virtual int BatchColumns => 0;

    /// <summary>Lanes of the batched cores' vectors: a block is processed in whole vectors of samples.</summary>
    protected virtual int BatchLanes => 0;

    /// <summary>Samples per row tile of <see cref="GramLayerTile"/>.</summary>
    protected virtual int GramTileRows => 0;

    /// <summary>Vectors of samples per column tile of <see cref="GramLayerTile"/>.</summary>
    protected virtual int GramTileVectors => 0;

    /// <summary>
    /// Forward pass of <paramref name="blocks"/> consecutive panels: reads the inputs <c>a_0</c> from each panel's first
    /// rows and writes <c>a_1 … a_{L-1}</c>, <c>φ'(z_1) … φ'(z_{L-1})</c> and the outputs (the panel's last <c>O</c> rows) for
    /// the first <paramref name="vectors"/> vectors of columns. Layer by layer, a tile of weights serves every block
    /// while it is in cache.
    /// </summary>
    protected virtual void ForwardBlocks(ReadOnlySpan<T> parameters, Span<T> panels, int blocks, int vectors) => throw NoBatchedCores();

    /// <summary>
    /// Backward pass of output unit <paramref name="outputIndex"/> for <paramref name="blocks"/> consecutive panels, after
    /// <see cref="ForwardBlocks"/>: writes <c>δ_L = e_k</c> and <c>δ_l = φ'(z_l) ⊙ (s_{l+1} W_{l+1}ᵀ δ_{l+1})</c> into the
    /// panels' rows of output <paramref name="outputIndex"/>.
    /// </summary>
    protected virtual void BackwardBlocks(ReadOnlySpan<T> parameters, Span<T> panels, int blocks, int outputIndex, int vectors) => throw NoBatchedCores();

    /// <summary>
    /// One layer of one Gram tile (<see cref="Tiles.PanelTiles{T, TVector, TOps}.Gram{TR, TV}"/> for <paramref name="rows"/>
    /// samples × <paramref name="vectors"/> vectors of samples): <c>P = s² a aᵀ</c> over the <paramref name="k"/> panel rows
    /// from <paramref name="a1"/> and <paramref name="a2"/>, <c>Q = δ δᵀ</c> over <paramref name="segments"/> runs of
    /// <paramref name="kd"/> rows from <paramref name="e1"/>, <paramref name="e2"/>, then by <paramref name="mode"/> 0:
    /// <c>w += Q ⊙ P</c>, <c>b += Q</c>; 1: <c>w = Q ⊙ P</c>, <c>b = Q</c>; 2: <c>w += Q ⊙ (P + 1)</c> (rows
    /// <paramref name="stride"/> apart).
    /// </summary>
    protected virtual void GramLayerTile(int rows, int vectors, ref T a1, ref T a2, nint k, ref T e1, ref T e2, nint kd, nint segments, nint segmentStride,
        T s2, int mode, bool includeBiases, ref T w, ref T b, nint stride) => throw NoBatchedCores();

    /// <summary>Whether this kernel has batched cores (large enough batches then take the batched path).</summary>
    internal bool HasBatchedCores => BatchColumns > 0;

    private static NotSupportedException NoBatchedCores() => new("This kernel has no batched cores.");

    /// <summary>Whether batches of these sizes take the batched path.</summary>
    private bool UsesBatchedCores(int count1, int count2)
    {
        if (BatchColumns > 0 && Math.Min(count1, count2) >= BatchLanes) return true;
        ThrowIfRoundingSingleSamples();
        return false;
    }

    /// <summary>The format the batched cores round their products' operands to, if any (<see cref="RuntimeWidthNtkKernel{T, TVector, TOps, TActivation, TTile}"/>).</summary>
    protected virtual OperandRounding? Rounding => null;

    /// <summary>Refuses a single sample (or a batch smaller than a vector) on a kernel that rounds: only its batched cores round.</summary>
    private protected void ThrowIfRoundingSingleSamples()
    {
        if (Rounding is { } rounding)
            throw new NotSupportedException($"{Name} rounds operands to {rounding.ShortName()} in its batched cores only: give batches of at least {Math.Max(BatchLanes, 1)} samples.");
    }

    /// <summary>What a batched call computes: the NTK parts, the per-layer terms, or the output blocks.</summary>
    private enum BatchedResult
    {
        Parts,
        ByLayer,
        Blocks,
    }

    private int PanelLength => (_traceLength + Spec.OutputSize) * BatchColumns;

    /// <summary>The outputs for a batch through <see cref="ForwardBlocks"/>.</summary>
    private unsafe void ForwardBatched(ReadOnlySpan<T> parameters, ReadOnlySpan<T> inputs, int count, Span<T> outputs)
    {
        int blocks = (count + BatchColumns - 1) / BatchColumns, nb = BatchColumns, o = Spec.OutputSize;
        T[] buffer = AlignedArrayPool<T>.Rent(checked(blocks * PanelLength), out int offset);
        var groups = BlockGroups(count, 0);
        try
        {
            fixed (T* p = parameters, x = inputs, y = outputs)
            {
                T* pp = p, xp = x, yp = y;
                int parameterCount = parameters.Length, inputCount = inputs.Length;
                KernelThreading.For(groups.Count, g =>
                {
                    var (_, first, blockCount) = groups[g];
                    TraceBlocks(new ReadOnlySpan<T>(pp, parameterCount), new ReadOnlySpan<T>(xp, inputCount), count, first, blockCount,
                        buffer.AsSpan(offset + first * PanelLength, blockCount * PanelLength), backward: false);
                    for (int b = first; b < first + blockCount; b++)
                    {
                        var results = buffer.AsSpan(offset + b * PanelLength + _traceLength * nb, o * nb);
                        int columns = Math.Min(nb, count - b * nb);
                        for (int c = 0; c < columns; c++)
                            for (int k = 0; k < o; k++) yp[(b * nb + c) * o + k] = results[k * nb + c];
                    }
                });
            }
        }
        finally
        {
            AlignedArrayPool<T>.Return(buffer);
        }
    }

    /// <summary>
    /// Θ(X1, X2) on the batched path: traces of every block, then the Gram tiles, then the padded results copied into
    /// <paramref name="first"/> (and <paramref name="second"/>) in the layout <paramref name="kind"/> asks for.
    /// </summary>
    private unsafe void MatrixBatched(ReadOnlySpan<T> parameters, ReadOnlySpan<T> inputs1, int count1, ReadOnlySpan<T> inputs2, int count2,
        bool symmetric, BatchedResult kind, Span<T> first, Span<T> second)
    {
        int nb = BatchColumns, lanes = BatchLanes, o = Spec.OutputSize, depth = Spec.LayerCount;
        int blocks1 = (count1 + nb - 1) / nb, blocks2 = symmetric ? 0 : (count2 + nb - 1) / nb;
        int stride = (symmetric ? blocks1 : blocks2) * nb;
        int resultLength = checked(count1 * stride);
        int resultCount = kind switch { BatchedResult.Parts => 2, BatchedResult.ByLayer => 2 * depth, _ => o * o };
        T[] panels = AlignedArrayPool<T>.Rent(checked((blocks1 + blocks2) * PanelLength), out int panelOffset);
        T[] results = AlignedArrayPool<T>.Rent(checked(resultCount * resultLength), out int resultOffset);
        try
        {
            var groups = BlockGroups(count1, 0);
            if (!symmetric) groups.AddRange(BlockGroups(count2, 1));
            fixed (T* p = parameters, x1 = inputs1, x2 = inputs2)
            {
                T* pp = p, xp1 = x1, xp2 = x2;
                int parameterCount = parameters.Length, length1 = inputs1.Length, length2 = inputs2.Length;
                KernelThreading.For(groups.Count, g =>
                {
                    var (set, first, blockCount) = groups[g];
                    var parameterSpan = new ReadOnlySpan<T>(pp, parameterCount);
                    int firstPanel = (set == 0 ? 0 : blocks1) + first;
                    var target = panels.AsSpan(panelOffset + firstPanel * PanelLength, blockCount * PanelLength);
                    if (set == 0) TraceBlocks(parameterSpan, new ReadOnlySpan<T>(xp1, length1), count1, first, blockCount, target, backward: true);
                    else TraceBlocks(parameterSpan, new ReadOnlySpan<T>(xp2, length2), count2, first, blockCount, target, backward: true);
                });
            }

            // Row tiles of X1 (never across blocks), each against every column tile of X2 (only j ≥ i when symmetric), layer
            // after layer: one layer's rows of every panel stay in cache while all tiles use them, and every entry gets its
            // layers' terms in layer order whichever thread computes them.
            int tileRows = GramTileRows;
            var tiles = new List<(int Block, int Row, int Rows)>();
            for (int b = 0; b < blocks1; b++)
            {
                int columns = Math.Min(nb, count1 - b * nb);
                for (int i = 0; i < columns; i += tileRows) tiles.Add((b, i, Math.Min(tileRows, columns - i)));
            }
            results.AsSpan(resultOffset, resultCount * resultLength).Clear();
            int panels2 = symmetric ? 0 : blocks1, deltaRows = _activationLength + _derivativeLength;
            // A small Gram (a few samples, narrow layers) stays on the calling thread: one parallel loop per layer would cost more than it saves.
            long gramWork = (long)count1 * (symmetric ? count1 : count2) * (_activationLength + o * _deltaLength);
            int gramThreads = gramWork < ParallelThreshold ? 1 : KernelThreading.MaxThreads;
            for (int l = 1; l <= depth; l++)
            {
                var layer = new GramLayer(Spec.ActivationOffset(l - 1) * nb, Spec.Width(l - 1), (deltaRows + Spec.DeltaOffset(l)) * nb, Spec.Width(l),
                    T.CreateTruncating(Spec.WeightScale(l) * Spec.WeightScale(l)));
                int layerIndex = l;
                KernelThreading.For(tiles.Count, gramThreads, t =>
                {
                    var (block1, row, rows) = tiles[t];
                    int globalRow = block1 * nb + row;
                    int panel1 = panelOffset + block1 * PanelLength + row;
                    int columnBlocks = symmetric ? blocks1 : blocks2, columnCount = symmetric ? count1 : count2;
                    for (int block2 = symmetric ? block1 : 0; block2 < columnBlocks; block2++)
                    {
                        int vectors2 = (Math.Min(nb, columnCount - block2 * nb) + lanes - 1) / lanes;
                        for (int v = 0; v < vectors2; v += GramTileVectors)
                        {
                            int vectors = Math.Min(GramTileVectors, vectors2 - v);
                            int globalColumn = block2 * nb + v * lanes;
                            // Symmetric: a tile wholly below the diagonal is the mirror of one above it.
                            if (symmetric && globalColumn + vectors * lanes <= globalRow) continue;
                            int panel2 = panelOffset + (panels2 + block2) * PanelLength + v * lanes;
                            int corner = resultOffset + globalRow * stride + globalColumn;
                            switch (kind)
                            {
                                case BatchedResult.Parts:
                                    Gram(panels, panel1, rows, panel2, vectors, in layer, 0, 0, o, 0, results, corner, corner + resultLength, stride);
                                    break;
                                case BatchedResult.ByLayer:
                                    Gram(panels, panel1, rows, panel2, vectors, in layer, 0, 0, o, 1, results,
                                        corner + (layerIndex - 1) * resultLength, corner + (depth + layerIndex - 1) * resultLength, stride);
                                    break;
                                default:
                                    for (int k1 = 0; k1 < o; k1++)
                                        for (int k2 = 0; k2 < o; k2++)
                                            Gram(panels, panel1, rows, panel2, vectors, in layer, k1, k2, 1, 2, results, corner + (k1 * o + k2) * resultLength, corner, stride);
                                    break;
                            }
                        }
                    }
                });
            }
            CopyResults(results.AsSpan(resultOffset, resultCount * resultLength), count1, symmetric ? count1 : count2, stride, symmetric, kind, first, second);
        }
        finally
        {
            AlignedArrayPool<T>.Return(panels);
            AlignedArrayPool<T>.Return(results);
        }
    }

    /// <summary>What a diagonal pass computes from one block's panel: the block's index and its number of samples.</summary>
    private delegate void BlockSums(ReadOnlySpan<T> panel, int block, int columns);

    /// <summary>
    /// The traces of every block of inputs, each in a panel of its own (one block per thread at a time, so the memory is
    /// bounded whatever the count), handed to <paramref name="sums"/> before the panel is reused.
    /// </summary>
    private unsafe void ForEachTracedBlock(ReadOnlySpan<T> parameters, ReadOnlySpan<T> inputs, int count, BlockSums sums)
    {
        int nb = BatchColumns, blocks = (count + nb - 1) / nb;
        fixed (T* p = parameters, x = inputs)
        {
            T* pp = p, xp = x;
            int parameterCount = parameters.Length, inputCount = inputs.Length;
            KernelThreading.For(blocks, b =>
            {
                T[] buffer = AlignedArrayPool<T>.Rent(PanelLength, out int offset);
                try
                {
                    var panel = buffer.AsSpan(offset, PanelLength);
                    TraceBlocks(new ReadOnlySpan<T>(pp, parameterCount), new ReadOnlySpan<T>(xp, inputCount), count, b, 1, panel, backward: true);
                    sums(panel, b, Math.Min(nb, count - b * nb));
                }
                finally
                {
                    AlignedArrayPool<T>.Return(buffer);
                }
            });
        }
    }

    /// <summary>Θ(x, x) on the batched path: per sample <c>Σ_l Σ_k ‖δ_l^k‖² (s_l² ‖a_{l-1}‖² + 1)</c>, the squares summed row by row over a block's samples.</summary>
    private void DiagonalBatched(ReadOnlySpan<T> parameters, ReadOnlySpan<T> inputs, int count, Span<T> weightPart, Span<T> biasPart)
    {
        int nb = BatchColumns, o = Spec.OutputSize, depth = Spec.LayerCount, deltaRows = _activationLength + _derivativeLength;
        var weights = new T[count];
        var biases = new T[count];
        ForEachTracedBlock(parameters, inputs, count, (panel, b, columns) =>
        {
            Span<T> activation = stackalloc T[columns];
            Span<T> delta = stackalloc T[columns];
            var weight = weights.AsSpan(b * nb, columns);
            var bias = biases.AsSpan(b * nb, columns);
            for (int l = 1; l <= depth; l++)
            {
                ScaledActivationSquares(panel, l, activation);
                for (int k = 0; k < o; k++)
                {
                    var deltaK = DeltaRow(deltaRows, k, l);
                    SumOfProducts(panel, deltaK, deltaK, Spec.Width(l), delta);
                    System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(activation, delta, weight, weight);
                    if (Spec.IncludeBiases) System.Numerics.Tensors.TensorPrimitives.Add(bias, delta, bias);
                }
            }
        });
        weights.CopyTo(weightPart);
        biases.CopyTo(biasPart);
    }

    /// <summary>
    /// Every output pair of Θ(x, x) on the batched path, <c>O × O</c> per sample: <c>Σ_l ⟨δ_l^k, δ_l^k'⟩ (s_l² ‖a_{l-1}‖² + 1)</c>
    /// (the 1 when the biases count), weights and biases together as <see cref="INtkKernel{T}.NtkBlocks"/> gives them.
    /// </summary>
    private void DiagonalBlocksBatched(ReadOnlySpan<T> parameters, ReadOnlySpan<T> inputs, int count, Span<T> result)
    {
        int nb = BatchColumns, o = Spec.OutputSize, depth = Spec.LayerCount, deltaRows = _activationLength + _derivativeLength;
        var totals = new T[count * o * o];
        ForEachTracedBlock(parameters, inputs, count, (panel, b, columns) =>
        {
            Span<T> factor = stackalloc T[columns];
            Span<T> cross = stackalloc T[columns];
            for (int l = 1; l <= depth; l++)
            {
                ScaledActivationSquares(panel, l, factor);
                if (Spec.IncludeBiases) System.Numerics.Tensors.TensorPrimitives.Add(factor, T.One, factor);
                for (int k1 = 0; k1 < o; k1++)
                {
                    for (int k2 = k1; k2 < o; k2++)
                    {
                        SumOfProducts(panel, DeltaRow(deltaRows, k1, l), DeltaRow(deltaRows, k2, l), Spec.Width(l), cross);
                        for (int c = 0; c < columns; c++)
                        {
                            int sample = (b * nb + c) * o * o;
                            totals[sample + k1 * o + k2] += factor[c] * cross[c];
                            if (k2 != k1) totals[sample + k2 * o + k1] = totals[sample + k1 * o + k2];
                        }
                    }
                }
            }
        });
        totals.CopyTo(result);
    }

    /// <summary>The first panel row of δ_l for output <paramref name="k"/>.</summary>
    private int DeltaRow(int deltaRows, int k, int l) => deltaRows + k * _deltaLength + Spec.DeltaOffset(l);

    /// <summary><c>s_l² ‖a_{l-1}‖²</c> of each of the block's first <c>sums.Length</c> samples.</summary>
    private void ScaledActivationSquares(ReadOnlySpan<T> panel, int l, Span<T> sums)
    {
        int first = Spec.ActivationOffset(l - 1);
        SumOfProducts(panel, first, first, Spec.Width(l - 1), sums);
        System.Numerics.Tensors.TensorPrimitives.Multiply(sums, T.CreateTruncating(Spec.WeightScale(l) * Spec.WeightScale(l)), sums);
    }

    /// <summary>
    /// Σ over <paramref name="rows"/> rows of each column's product of the rows from <paramref name="first"/> and from
    /// <paramref name="second"/>, for the first <c>sums.Length</c> columns.
    /// </summary>
    private void SumOfProducts(ReadOnlySpan<T> panel, int first, int second, int rows, Span<T> sums)
    {
        sums.Clear();
        for (int r = 0; r < rows; r++)
        {
            var u = panel.Slice((first + r) * BatchColumns, sums.Length);
            var v = panel.Slice((second + r) * BatchColumns, sums.Length);
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(u, v, sums, sums);
        }
    }

    /// <summary>Panel rows of one layer in the Grams: <c>a_{l-1}</c> and <c>δ_l</c> (offsets in elements of a panel), their lengths, and <c>s_l²</c>.</summary>
    private readonly record struct GramLayer(int ActivationOffset, int FanIn, int DeltaOffset, int Width, T ScaleSquared);

    /// <summary>
    /// One layer of one Gram tile: samples from <paramref name="panel1"/> (an index into <paramref name="panels"/>) against
    /// vectors of samples from <paramref name="panel2"/>; δ of outputs <paramref name="output1"/> and <paramref name="output2"/>,
    /// <paramref name="segments"/> of them (the trace: every output against itself).
    /// </summary>
    private void Gram(T[] panels, int panel1, int rows, int panel2, int vectors, in GramLayer layer, int output1, int output2, int segments, int mode,
        T[] results, int weights, int biases, int stride)
    {
        int nb = BatchColumns;
        ref T first = ref panels[panel1];
        ref T second = ref panels[panel2];
        GramLayerTile(rows, vectors, ref Unsafe.Add(ref first, layer.ActivationOffset), ref Unsafe.Add(ref second, layer.ActivationOffset), layer.FanIn,
            ref Unsafe.Add(ref first, layer.DeltaOffset + output1 * _deltaLength * nb), ref Unsafe.Add(ref second, layer.DeltaOffset + output2 * _deltaLength * nb),
            layer.Width, segments, (nint)_deltaLength * nb, layer.ScaleSquared, mode, Spec.IncludeBiases, ref results[weights], ref results[biases], stride);
    }

    /// <summary>
    /// The work items of the traces: consecutive full blocks of set <paramref name="set"/> in as many groups as threads,
    /// each small enough that its panels of one layer stay in a core's L2 cache (a weight tile then serves the whole
    /// group from cache), and the partial last block alone.
    /// </summary>
    private List<(int Set, int First, int Count)> BlockGroups(int count, int set)
    {
        int nb = BatchColumns, full = count / nb;
        long layerBytes = (long)Spec.MaxWidth * nb * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        int cacheBlocks = (int)Math.Clamp(GroupCacheBytes / Math.Max(1, layerBytes), 1, int.MaxValue);
        int groupCount = full == 0 ? 0 : Math.Max(Math.Min(KernelThreading.MaxThreads, full), (full + cacheBlocks - 1) / cacheBlocks);
        var groups = new List<(int, int, int)>();
        for (int g = 0, first = 0; g < groupCount; g++)
        {
            int size = full / groupCount + (g < full % groupCount ? 1 : 0);
            groups.Add((set, first, size));
            first += size;
        }
        if (count % nb != 0) groups.Add((set, full, 1));
        return groups;
    }

    /// <summary>Panels of one layer that a group of blocks may span: half of a typical 1 MB L2 cache.</summary>
    private const long GroupCacheBytes = 512 * 1024;

    /// <summary>
    /// Packs the inputs of blocks <paramref name="first"/> … <c>+ blocks − 1</c> into their panels (zero columns up to a
    /// whole vector) and runs the cores on them; the blocks are all full, or a single partial one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void TraceBlocks(ReadOnlySpan<T> parameters, ReadOnlySpan<T> inputs, int count, int first, int blocks, Span<T> panels, bool backward)
    {
        int n0 = Spec.InputSize, nb = BatchColumns, lanes = BatchLanes, o = Spec.OutputSize;
        int vectors = 0;
        for (int b = 0; b < blocks; b++)
        {
            int block = first + b;
            int columns = Math.Min(nb, count - block * nb);
            vectors = (columns + lanes - 1) / lanes;
            var panel = panels.Slice(b * PanelLength, PanelLength);
            for (int k = 0; k < n0; k++)
            {
                var row = panel.Slice(k * nb, vectors * lanes);
                for (int c = 0; c < columns; c++) row[c] = inputs[(block * nb + c) * n0 + k];
                row[columns..].Clear();
            }
        }
        ForwardBlocks(parameters, panels, blocks, vectors);
        if (!backward) return;
        for (int k = 0; k < o; k++) BackwardBlocks(parameters, panels, blocks, k, vectors);
    }

    /// <summary>From the padded result matrices (row stride <paramref name="stride"/>) to the caller's layout, mirroring the lower triangle when symmetric.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CopyResults(ReadOnlySpan<T> results, int count1, int count2, int stride, bool symmetric, BatchedResult kind, Span<T> first, Span<T> second)
    {
        int length = count1 * stride, depth = Spec.LayerCount, o = Spec.OutputSize;
        if (kind == BatchedResult.Parts)
        {
            for (int i = 0; i < count1; i++)
            {
                // Symmetric results were computed for j ≥ i; below the diagonal (i, j) reads (j, i).
                int start = symmetric ? i : 0;
                results.Slice(i * stride + start, count2 - start).CopyTo(first.Slice(i * count2 + start, count2 - start));
                results.Slice(length + i * stride + start, count2 - start).CopyTo(second.Slice(i * count2 + start, count2 - start));
                for (int j = 0; j < start; j++)
                {
                    first[i * count2 + j] = results[j * stride + i];
                    second[i * count2 + j] = results[length + j * stride + i];
                }
            }
            return;
        }
        for (int i = 0; i < count1; i++)
        {
            for (int j = 0; j < count2; j++)
            {
                bool mirrored = symmetric && j < i;
                int source = mirrored ? j * stride + i : i * stride + j;
                if (kind == BatchedResult.ByLayer)
                {
                    var pair = first.Slice((i * count2 + j) * 2 * depth, 2 * depth);
                    for (int l = 0; l < depth; l++)
                    {
                        pair[2 * l] = results[l * length + source];
                        pair[2 * l + 1] = results[(depth + l) * length + source];
                    }
                }
                else
                {
                    // Θ_kk'(x_i, x_j) = Θ_k'k(x_j, x_i).
                    var outputBlock = first.Slice((i * count2 + j) * o * o, o * o);
                    for (int k1 = 0; k1 < o; k1++)
                        for (int k2 = 0; k2 < o; k2++)
                            outputBlock[k1 * o + k2] = results[(mirrored ? k2 * o + k1 : k1 * o + k2) * length + source];
                }
            }
        }
    }
}
