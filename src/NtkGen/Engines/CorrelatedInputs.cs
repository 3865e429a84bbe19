using System.Numerics;
using System.Numerics.Tensors;
using NtkGen.Random;

namespace NtkGen.Engines;

/// <summary>
/// The dispersion experiment's inputs (THEORY.md §6): fresh unit-norm Gaussian <c>x</c> and <c>y</c> from one stream, and
/// <c>x_r = r x + √(1 − r²) y</c> for every correlation <c>r</c>, one row each — the same for every engine that samples.
/// </summary>
public static class CorrelatedInputs
{
    /// <summary>
    /// Writes the rows for <paramref name="correlations"/> into <paramref name="inputs"/> (row-major, n0 values each), drawn
    /// from stream <paramref name="stream"/> of <paramref name="seed"/>; <paramref name="scratch"/> holds 2·n0 numbers.
    /// </summary>
    public static void Draw<T>(ulong seed, ulong stream, IReadOnlyList<double> correlations, Span<double> scratch, Span<T> inputs)
        where T : IFloatingPointIeee754<T>
    {
        int n0 = scratch.Length / 2;
        new GaussianStream(seed, stream).Fill(scratch);
        var x = scratch[..n0];
        var y = scratch.Slice(n0, n0);
        TensorPrimitives.Divide(x, TensorPrimitives.Norm<double>(x), x);
        TensorPrimitives.Divide(y, TensorPrimitives.Norm<double>(y), y);
        for (int r = 0; r < correlations.Count; r++)
        {
            double c = correlations[r], s = Math.Sqrt(Math.Max(0, 1 - c * c));
            var row = inputs.Slice(r * n0, n0);
            for (int i = 0; i < n0; i++) row[i] = T.CreateTruncating(c * x[i] + s * y[i]);
        }
    }
}
