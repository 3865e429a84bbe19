namespace NtkGen.Benchmarks;

/// <summary>
/// Floating-point operations of the structured NTK (THEORY.md §2), counted as the libtorch baseline counts them:
/// a forward matrix-vector product per sample and a backward one per sample and output (2 flops per weight each), plus
/// the full Gram contractions (2 flops per element of every a_{l-1} and δ_l, per pair).
/// </summary>
public static class NtkFlops
{
    public static double Matrix(NetworkSpec spec, int count1, int count2)
    {
        double weights = 0, gramLength = 0;
        for (int l = 1; l <= spec.LayerCount; l++)
        {
            weights += (double)spec.Width(l) * spec.Width(l - 1);
            gramLength += spec.Width(l - 1) + spec.Width(l) * spec.OutputSize;
        }
        // Θ(X, X) traces each sample once.
        int samples = count1 == count2 ? count1 : count1 + count2;
        return 2 * weights * (1 + spec.OutputSize) * samples + 2.0 * count1 * count2 * gramLength;
    }
}
