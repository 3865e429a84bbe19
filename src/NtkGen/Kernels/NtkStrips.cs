using System.Numerics;
using System.Numerics.Tensors;

namespace NtkGen.Kernels;

/// <summary>
/// Θ of more inputs than fit in memory at once: <c>Θ(X1, X2)</c> (trace over outputs) or its <c>O × O</c> output blocks,
/// computed strip by strip — a few rows of X1 against all of X2 — each strip handed to a sink (a memory-mapped file, a
/// CSV stream) before the next is computed, so that memory holds one strip; and the diagonal <c>Θ(x, x)</c> alone, one
/// input at a time.
/// </summary>
public static class NtkStrips
{
    /// <summary>
    /// Bytes of memory one strip of <paramref name="rows"/> × <paramref name="columns"/> entries of <paramref name="entry"/>
    /// values takes: five arrays of the strip's size, the values handed to the sink, the weights and biases parts, and the
    /// kernel's padded results of both.
    /// </summary>
    public static long StripBytes(long rows, long columns, int entry, int elementBytes) => 5 * rows * columns * entry * elementBytes;

    /// <summary>The most rows of X1 per strip that keep <see cref="StripBytes"/> within <paramref name="budgetBytes"/> (at least one).</summary>
    public static int RowsPerStrip(int rows, int columns, int entry, int elementBytes, long budgetBytes)
        => (int)Math.Clamp(budgetBytes / Math.Max(1, StripBytes(1, columns, entry, elementBytes)), 1, Math.Max(1, rows));

    /// <summary>
    /// Θ(X1, X2) for <paramref name="blocks"/> false (row-major <c>N1 × N2</c>, weights and biases parts summed), or the blocks
    /// <c>Θ_kk'(x_i, x_j)</c> (<c>N1 × N2 × O × O</c>), in strips of <paramref name="rowsPerStrip"/> rows of X1: the sink gets
    /// the first row of a strip, its number of rows and its values (all columns). A single strip of a Gram matrix
    /// (<paramref name="inputs2"/> the same array as <paramref name="inputs1"/>) computes one triangle and mirrors it.
    /// </summary>
    public static void Compute<T>(INtkKernel<T> kernel, T[] parameters, T[] inputs1, T[] inputs2, bool blocks, int rowsPerStrip, Action<int, int, ReadOnlySpan<T>> sink)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowsPerStrip, 1);
        int n0 = kernel.Spec.InputSize, outputs = kernel.Spec.OutputSize, entry = blocks ? outputs * outputs : 1;
        int rows = inputs1.Length / n0, columns = inputs2.Length / n0;
        int strip = Math.Min(rowsPerStrip, rows);
        var values = new T[checked(strip * columns * entry)];
        var biases = blocks ? [] : new T[values.Length];
        for (int first = 0; first < rows; first += strip)
        {
            int count = Math.Min(strip, rows - first);
            // The whole of X1 in one strip is the same span as X2 for a Gram matrix: the kernel then computes one triangle.
            ReadOnlySpan<T> left = count == rows ? inputs1 : inputs1.AsSpan(first * n0, count * n0);
            var target = values.AsSpan(0, count * columns * entry);
            if (blocks)
            {
                kernel.NtkBlocks(parameters, left, inputs2, target);
            }
            else
            {
                var biasPart = biases.AsSpan(0, target.Length);
                kernel.NtkMatrix(parameters, left, inputs2, target, biasPart);
                TensorPrimitives.Add(target, biasPart, target);
            }
            sink(first, count, target);
        }
    }

    /// <summary>
    /// Θ(x, x) of every input (length N), or with <paramref name="blocks"/> its <c>O × O</c> output block (<c>N × O × O</c>),
    /// in memory proportional to N: on a structured kernel's batched cores a block of inputs at a time
    /// (<see cref="StructuredNtkKernel{T}.NtkDiagonalBatch"/>, <see cref="StructuredNtkKernel{T}.NtkDiagonalBlocksBatch"/>),
    /// other kernels input by input on every core (each result is the same on any thread).
    /// </summary>
    public static T[] Diagonal<T>(INtkKernel<T> kernel, T[] parameters, T[] inputs, bool blocks)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(kernel);
        int n0 = kernel.Spec.InputSize, outputs = kernel.Spec.OutputSize, entry = blocks ? outputs * outputs : 1;
        int count = inputs.Length / n0;
        var result = new T[checked(count * entry)];
        if (kernel is StructuredNtkKernel<T> structured)
        {
            if (blocks)
            {
                structured.NtkDiagonalBlocksBatch(parameters, inputs, result);
                return result;
            }
            var biases = new T[count];
            structured.NtkDiagonalBatch(parameters, inputs, result, biases);
            System.Numerics.Tensors.TensorPrimitives.Add(result, biases, result);
            return result;
        }
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = KernelThreading.MaxThreads }, i =>
        {
            var input = inputs.AsSpan(i * n0, n0);
            if (blocks) kernel.NtkBlocks(parameters, input, input, result.AsSpan(i * entry, entry));
            else result[i] = kernel.NtkDiagonal(parameters, input).Total;
        });
        return result;
    }
}
