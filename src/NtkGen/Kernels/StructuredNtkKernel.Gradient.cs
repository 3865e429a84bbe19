using System.Buffers;

namespace NtkGen.Kernels;

/// <summary>
/// The batched path of the loss gradient <c>Σ_n J(x_n)ᵀ c_n</c> (training): the forward pass of a whole batch on the
/// batched cores, one backward pass seeded with the cotangents (not one per output, as the NTK needs), and per layer the
/// gradient <c>s_l Δ_l A_{l-1}ᵀ</c> as a register-blocked product (StructuredNtkKernel.GradientTile.cs) summed over the samples
/// in their order — so the result does not depend on the thread count.
/// </summary>
public abstract partial class StructuredNtkKernel<T>
{
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
        // Every weight and bias is written below; an array (not the span) because the tasks are lambdas. Rented: a fresh
        // array per step would be a large-object allocation at every training step.
        T[] gradientArray = ArrayPool<T>.Shared.Rent(gradient.Length);
        // Rows of the transposed activations and of the accumulators are padded with zeros to whole register tiles of columns,
        // so that no column runs in a scalar tail.
        int tileColumns = GradientTileColumns;
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
                    var deltas = panel.Slice((deltaRow + firstRow) * nb, (rows - 1) * nb + columns);
                    OuterProductTile(deltas, nb, rows, samples, columns, width, accumulators);
                }
                for (int r = 0; r < rows; r++)
                {
                    System.Numerics.Tensors.TensorPrimitives.Multiply(accumulators.AsSpan(r * width, fanIn), scale,
                        gradientArray.AsSpan(weightOffset + (firstRow + r) * fanIn, fanIn));
                    // Block by block in order, each block's sum vectorized (one scalar chain over all samples was a seventh of a step).
                    T bias = T.Zero;
                    for (int b = 0; b < blocks; b++)
                    {
                        int columns = Math.Min(nb, count - b * nb);
                        bias += System.Numerics.Tensors.TensorPrimitives.Sum<T>(panels.AsSpan(offset + b * PanelLength + (deltaRow + firstRow + r) * nb, columns));
                    }
                    gradientArray[biasOffset + firstRow + r] = bias;
                }
            });
        }
        ArrayPool<T>.Shared.Return(transposed);
        gradientArray.AsSpan(0, gradient.Length).CopyTo(gradient);
        ArrayPool<T>.Shared.Return(gradientArray);
    }
}
