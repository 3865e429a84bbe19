using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NtkGen.Kernels;

/// <summary>
/// The batched path of the loss gradient <c>Σ_n J(x_n)ᵀ c_n</c> (training): the forward pass of a whole batch on the
/// batched cores, one backward pass seeded with the cotangents (not one per output, as the NTK needs), and per layer the
/// gradient <c>s_l Δ_l A_{l-1}ᵀ</c> as a register-blocked product summed over the samples in their order — so the result
/// does not depend on the thread count.
/// </summary>
public abstract partial class StructuredNtkKernel<T>
{
    /// <summary>Rows of the gradient whose accumulators one register tile holds.</summary>
    private const int GradientRowTile = 4;

    /// <summary>Rows of a layer's gradient per task: a few row tiles share each chunk of activations while it is in L2.</summary>
    private const int GradientRowsPerTask = 16;

    /// <summary>
    /// Backward pass seeded by the caller, for <paramref name="blocks"/> consecutive panels after <see cref="ForwardBlocks"/>:
    /// <c>δ_L</c> is already in output 0's rows of <c>δ_L</c> (e.g. the loss's cotangents); writes <c>δ_l</c> for every
    /// <c>l &lt; L</c> into output 0's rows.
    /// </summary>
    protected virtual void BackwardSeededBlocks(ReadOnlySpan<T> parameters, Span<T> panels, int blocks, int vectors) => throw NoBatchedCores();

    /// <summary>The forward pass of a batch on the batched cores, keeping every block's panel for <see cref="LossGradientBatched"/>.</summary>
    private unsafe BatchTraces ForwardForGradientBatched(ReadOnlySpan<T> parameters, ReadOnlySpan<T> inputs, int count)
    {
        int blocks = (count + BatchColumns - 1) / BatchColumns, nb = BatchColumns, o = Spec.OutputSize;
        T[] panels = AlignedArrayPool<T>.Rent(checked(blocks * PanelLength), out int offset);
        var result = BatchTraces.OfPanels(count, new T[count * o], panels, offset);
        var groups = BlockGroups(count, 0);
        fixed (T* p = parameters, x = inputs)
        {
            T* pp = p, xp = x;
            int parameterCount = parameters.Length, inputCount = inputs.Length;
            KernelThreading.For(groups.Count, g =>
            {
                var (_, first, blockCount) = groups[g];
                TraceBlocks(new ReadOnlySpan<T>(pp, parameterCount), new ReadOnlySpan<T>(xp, inputCount), count, first, blockCount,
                    panels.AsSpan(offset + first * PanelLength, blockCount * PanelLength), backward: false);
            });
        }
        for (int b = 0; b < blocks; b++)
        {
            var outputs = panels.AsSpan(offset + b * PanelLength + _traceLength * nb, o * nb);
            int columns = Math.Min(nb, count - b * nb);
            for (int c = 0; c < columns; c++)
                for (int k = 0; k < o; k++) result.Outputs[(b * nb + c) * o + k] = outputs[k * nb + c];
        }
        return result;
    }

    /// <summary>The loss gradient from the panels of <see cref="ForwardForGradientBatched"/>, overwriting <paramref name="gradient"/>.</summary>
    private unsafe void LossGradientBatched(ReadOnlySpan<T> parameters, BatchTraces forward, ReadOnlySpan<T> cotangents, Span<T> gradient)
    {
        int count = forward.Count, nb = BatchColumns, lanes = BatchLanes, o = Spec.OutputSize, depth = Spec.LayerCount;
        int blocks = (count + nb - 1) / nb, offset = forward.PanelOffset;
        T[] panels = forward.Traces;
        int deltaRows = _activationLength + _derivativeLength;

        // Seed δ_L with the cotangents in output 0's rows; columns past the batch get zero.
        for (int b = 0; b < blocks; b++)
        {
            int columns = Math.Min(nb, count - b * nb);
            var last = panels.AsSpan(offset + b * PanelLength + (deltaRows + Spec.DeltaOffset(depth)) * nb, o * nb);
            last.Clear();
            for (int c = 0; c < columns; c++)
                for (int k = 0; k < o; k++) last[k * nb + c] = cotangents[(b * nb + c) * o + k];
        }
        var groups = BlockGroups(count, 0);
        fixed (T* p = parameters)
        {
            T* pp = p;
            int parameterCount = parameters.Length;
            KernelThreading.For(groups.Count, g =>
            {
                var (_, first, blockCount) = groups[g];
                int columns = Math.Min(nb, count - first * nb);
                BackwardSeededBlocks(new ReadOnlySpan<T>(pp, parameterCount), panels.AsSpan(offset + first * PanelLength, blockCount * PanelLength),
                    blockCount, (columns + lanes - 1) / lanes);
            });
        }

        // ∂/∂W_l = s_l Σ_n δ_l(x_n) a_{l-1}(x_n)ᵀ and ∂/∂b_l = Σ_n δ_l(x_n), layer by layer.
        T[] gradientArray = new T[gradient.Length];
        // Rows of the transposed activations and of the accumulators are padded with zeros to whole register tiles of columns,
        // so that no column runs in a scalar tail.
        int tileColumns = 4 * Vector<T>.Count;
        int PaddedWidth(int width) => (width + tileColumns - 1) / tileColumns * tileColumns;
        T[] transposed = ArrayPool<T>.Shared.Rent(count * PaddedWidth(Spec.MaxWidth));
        for (int l = 1; l <= depth; l++)
        {
            int fanIn = Spec.Width(l - 1), fanOut = Spec.Width(l), width = PaddedWidth(fanIn);
            int activationRow = Spec.ActivationOffset(l - 1), deltaRow = deltaRows + Spec.DeltaOffset(l);
            // a_{l-1} sample by sample (one row per sample), so that a row of the gradient is a sum of rows scaled by δ.
            KernelThreading.For(blocks, b =>
            {
                int columns = Math.Min(nb, count - b * nb);
                var panel = panels.AsSpan(offset + b * PanelLength, PanelLength);
                var target = transposed.AsSpan(b * nb * width, columns * width);
                for (int c = 0; c < columns; c++) target.Slice(c * width + fanIn, width - fanIn).Clear();
                for (int j = 0; j < fanIn; j++)
                {
                    var row = panel.Slice((activationRow + j) * nb, columns);
                    for (int c = 0; c < columns; c++) target[c * width + j] = row[c];
                }
            });
            T scale = T.CreateTruncating(Spec.WeightScale(l));
            int weightOffset = Spec.WeightOffset(l), biasOffset = Spec.BiasOffset(l);
            int tasks = (fanOut + GradientRowsPerTask - 1) / GradientRowsPerTask;
            KernelThreading.For(tasks, task =>
            {
                int firstRow = task * GradientRowsPerTask, rows = Math.Min(GradientRowsPerTask, fanOut - firstRow);
                var accumulators = new T[rows * width];
                for (int b = 0; b < blocks; b++)
                {
                    int columns = Math.Min(nb, count - b * nb);
                    var panel = panels.AsSpan(offset + b * PanelLength, PanelLength);
                    var samples = transposed.AsSpan(b * nb * width, columns * width);
                    for (int r = 0; r < rows; r += GradientRowTile)
                    {
                        int tileRows = Math.Min(GradientRowTile, rows - r);
                        var deltas = panel.Slice((deltaRow + firstRow + r) * nb, (tileRows - 1) * nb + columns);
                        OuterProductTile(deltas, nb, tileRows, samples, columns, width, accumulators.AsSpan(r * width, tileRows * width));
                    }
                }
                for (int r = 0; r < rows; r++)
                {
                    System.Numerics.Tensors.TensorPrimitives.Multiply(accumulators.AsSpan(r * width, fanIn), scale,
                        gradientArray.AsSpan(weightOffset + (firstRow + r) * fanIn, fanIn));
                    T bias = T.Zero;
                    for (int b = 0; b < blocks; b++)
                    {
                        int columns = Math.Min(nb, count - b * nb);
                        var deltas = panels.AsSpan(offset + b * PanelLength + (deltaRow + firstRow + r) * nb, columns);
                        for (int c = 0; c < columns; c++) bias += deltas[c];
                    }
                    gradientArray[biasOffset + firstRow + r] = bias;
                }
            });
        }
        ArrayPool<T>.Shared.Return(transposed);
        gradientArray.CopyTo(gradient);
    }

    /// <summary>
    /// <c>target[r, :] += Σ_c deltas[r·stride + c] · samples[c, :]</c> for <paramref name="rows"/> ≤ 4 rows: the rows'
    /// accumulators for four vectors of columns stay in registers over all the block's samples.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OuterProductTile(ReadOnlySpan<T> deltas, int stride, int rows, ReadOnlySpan<T> samples, int columns, int width, Span<T> target)
    {
        int lanes = Vector<T>.Count, j = 0;
        ref T d = ref MemoryMarshal.GetReference(deltas);
        ref T s = ref MemoryMarshal.GetReference(samples);
        ref T t = ref MemoryMarshal.GetReference(target);
        if (rows == GradientRowTile && Vector.IsHardwareAccelerated)
        {
            for (; j + 4 * lanes <= width; j += 4 * lanes)
            {
                Vector<T> a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
                Vector<T> c0 = default, c1 = default, c2 = default, c3 = default, e0 = default, e1 = default, e2 = default, e3 = default;
                for (int c = 0; c < columns; c++)
                {
                    ref T row = ref Unsafe.Add(ref s, c * width + j);
                    var x0 = Vector.LoadUnsafe(ref row);
                    var x1 = Vector.LoadUnsafe(ref row, (nuint)lanes);
                    var x2 = Vector.LoadUnsafe(ref row, (nuint)(2 * lanes));
                    var x3 = Vector.LoadUnsafe(ref row, (nuint)(3 * lanes));
                    var w0 = new Vector<T>(Unsafe.Add(ref d, c));
                    var w1 = new Vector<T>(Unsafe.Add(ref d, stride + c));
                    var w2 = new Vector<T>(Unsafe.Add(ref d, 2 * stride + c));
                    var w3 = new Vector<T>(Unsafe.Add(ref d, 3 * stride + c));
                    a0 += w0 * x0; a1 += w0 * x1; a2 += w0 * x2; a3 += w0 * x3;
                    b0 += w1 * x0; b1 += w1 * x1; b2 += w1 * x2; b3 += w1 * x3;
                    c0 += w2 * x0; c1 += w2 * x1; c2 += w2 * x2; c3 += w2 * x3;
                    e0 += w3 * x0; e1 += w3 * x1; e2 += w3 * x2; e3 += w3 * x3;
                }
                AddTo(ref Unsafe.Add(ref t, j), lanes, a0, a1, a2, a3);
                AddTo(ref Unsafe.Add(ref t, width + j), lanes, b0, b1, b2, b3);
                AddTo(ref Unsafe.Add(ref t, 2 * width + j), lanes, c0, c1, c2, c3);
                AddTo(ref Unsafe.Add(ref t, 3 * width + j), lanes, e0, e1, e2, e3);
            }
        }
        // The rest of the columns (and tiles of fewer rows): plain loops, samples in the same order.
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                T weight = Unsafe.Add(ref d, r * stride + c);
                for (int k = j; k < width; k++) Unsafe.Add(ref t, r * width + k) += weight * Unsafe.Add(ref s, c * width + k);
            }
        }
    }

    private static void AddTo(ref T target, int lanes, Vector<T> v0, Vector<T> v1, Vector<T> v2, Vector<T> v3)
    {
        (Vector.LoadUnsafe(ref target) + v0).StoreUnsafe(ref target);
        (Vector.LoadUnsafe(ref target, (nuint)lanes) + v1).StoreUnsafe(ref target, (nuint)lanes);
        (Vector.LoadUnsafe(ref target, (nuint)(2 * lanes)) + v2).StoreUnsafe(ref target, (nuint)(2 * lanes));
        (Vector.LoadUnsafe(ref target, (nuint)(3 * lanes)) + v3).StoreUnsafe(ref target, (nuint)(3 * lanes));
    }
}
