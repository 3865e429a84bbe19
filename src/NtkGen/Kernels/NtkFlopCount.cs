namespace NtkGen.Kernels;

/// <summary>
/// Floating-point operations of the structured NTK (THEORY.md §2), counted the way performance figures are quoted
/// (GFLOP/s in <c>ntkgen bench</c> and the benchmarks): the full algorithm, not the work a kernel happens to skip.
/// </summary>
public static class NtkFlopCount
{
    /// <summary>
    /// <c>Θ(X, X)</c> of <paramref name="count"/> samples: <c>2N·Σ n_{l-1} n_l</c> for the forward pass, the same for the
    /// backward pass of each of the <c>O</c> outputs, and <c>2N²·Σ (n_{l-1} + O·n_l)</c> for the two Grams <c>A Aᵀ</c> and
    /// <c>Σ_k Δ^k Δ^kᵀ</c> per layer (the full Grams, although a symmetric kernel computes half of each).
    /// </summary>
    public static double Matrix(NetworkSpec spec, int count) => Matrix(spec, count, count, symmetric: true);

    /// <summary>
    /// <c>Θ(X1, X2)</c> of <paramref name="count1"/> × <paramref name="count2"/> samples, counted as
    /// <see cref="Matrix(NetworkSpec, int)"/>: forward and backward passes of both batches (of one when
    /// <paramref name="symmetric"/>, the same batch twice), and the Grams of every pair.
    /// </summary>
    public static double Matrix(NetworkSpec spec, int count1, int count2, bool symmetric)
    {
        ArgumentNullException.ThrowIfNull(spec);
        double weights = 0, gramRows = 0;
        for (int l = 1; l <= spec.LayerCount; l++)
        {
            weights += (double)spec.Width(l - 1) * spec.Width(l);
            gramRows += spec.Width(l - 1) + (double)spec.OutputSize * spec.Width(l);
        }
        double samples = symmetric ? count1 : (double)count1 + count2;
        return 2.0 * samples * weights * (1 + spec.OutputSize) + 2.0 * count1 * (double)count2 * gramRows;
    }

    /// <summary>Gaussian draws for one network of <paramref name="spec"/>: its weights, and its biases when σ_b² &gt; 0.</summary>
    public static long GaussiansPerNetwork(NetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        long draws = 0;
        for (int l = 1; l <= spec.LayerCount; l++)
            draws += (long)spec.Width(l - 1) * spec.Width(l) + (spec.SigmaB2 > 0 ? spec.Width(l) : 0);
        return draws;
    }
}
