namespace NtkGen.Kernels;

/// <summary>
/// Floating-point operations of the structured NTK (THEORY.md §2), counted the way performance figures are quoted
/// (GFLOP/s in <c>ntkgen bench</c> and the benchmarks): the full algorithm, not the work a kernel happens to skip.
/// </summary>
public static class NtkFlopCount
{
    /// <summary>
    /// <c>Θ(X, X)</c> of <paramref name="count"/> samples: <c>2N·Σ n_{l-1} n_l</c> for the forward pass, the same for the
    /// backward pass of each output, and <c>4N²·Σ n_l</c> for the two Grams <c>A Aᵀ</c>, <c>Δ Δᵀ</c> per layer
    /// (the full Grams, although a symmetric kernel computes half of each).
    /// </summary>
    public static double Matrix(NetworkSpec spec, int count)
    {
        ArgumentNullException.ThrowIfNull(spec);
        double weights = 0, widths = 0;
        for (int l = 1; l <= spec.LayerCount; l++)
        {
            weights += (double)spec.Width(l - 1) * spec.Width(l);
            widths += spec.Width(l);
        }
        return 2.0 * count * weights * (1 + spec.OutputSize) + 4.0 * count * (double)count * widths;
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
