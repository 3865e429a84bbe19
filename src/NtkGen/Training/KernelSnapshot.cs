namespace NtkGen.Training;

/// <summary>
/// Statistics of an NTK matrix on a class-balanced subset (THEORY.md §6, the authors' Figure 4): the mean diagonal
/// <c>Θ_d</c>, the mean over same-class pairs <c>Θ_c</c> (off the diagonal), the mean over pairs of different classes
/// <c>Θ_n</c>, the kernel–target alignment, the relative Frobenius distance to the kernel at initialization, and the
/// distance between the two kernels each scaled to unit Frobenius norm (a change of shape, blind to a change of scale).
/// <c>SameClassBlock</c> is the authors' own <c>Θ̄_c</c>: the mean over the whole within-class blocks, diagonal
/// included (their figure notebook averages the 10 × 10 diagonal blocks as they are), so that their curves can be read
/// off ours; <c>SameClass</c> leaves the diagonal out, which keeps <c>Θ_c/Θ_d</c> from rising just because the
/// diagonal is part of the block.
/// <para>
/// Three statistics say how much of a change of shape is the diagonal's: <c>OffDiagonalShapeChange</c> is the shape change
/// of the kernel with its diagonal set to zero, <c>DiagonalShare</c> the diagonal's share of <c>‖Θ‖²_F</c> and
/// <c>PeakDiagonalRatio</c> the largest diagonal entry over the mean one. A kernel whose shape changes because a few
/// inputs' <c>Θ(x, x)</c> grow away from the rest shows a large shape change, a small off-diagonal one, a rising diagonal
/// share and a peak ratio far above 1.
/// </para>
/// </summary>
public sealed record KernelSnapshot(double Diagonal, double SameClass, double OtherClass, double Alignment, double RelativeChange, double ShapeChange,
    double SameClassBlock, double OffDiagonalShapeChange, double DiagonalShare, double PeakDiagonalRatio)
{
    /// <summary>Θ_c/Θ_d.</summary>
    public double SameClassRatio => SameClass / Diagonal;

    /// <summary>Θ_n/Θ_d.</summary>
    public double OtherClassRatio => OtherClass / Diagonal;

    /// <summary>Θ̄_c/Θ_d with the diagonal inside the blocks, as in the authors' Figure 4.</summary>
    public double SameClassBlockRatio => SameClassBlock / Diagonal;

    /// <summary>The statistics of <paramref name="theta"/> (<c>N × N</c>) for inputs of classes <paramref name="labels"/>.</summary>
    public static KernelSnapshot Of(ReadOnlySpan<float> theta, IReadOnlyList<int> labels, ReadOnlySpan<float> initial)
    {
        int n = labels.Count;
        double diagonal = 0, same = 0, other = 0, targetInner = 0, distance = 0, peakDiagonal = double.NegativeInfinity;
        long sameCount = 0, otherCount = 0, targetNorm = 0;
        // ‖Θ‖², ‖Θ_0‖² and ⟨Θ, Θ_0⟩ on the diagonal [0] and off it [1]; the whole kernel's are their sums.
        Span<double> norm = stackalloc double[2], initialNorm = stackalloc double[2], cross = stackalloc double[2];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double value = theta[i * n + j], start = initial[i * n + j];
                bool sameClass = labels[i] == labels[j];
                if (i == j) { diagonal += value; peakDiagonal = Math.Max(peakDiagonal, value); }
                else if (sameClass) { same += value; sameCount++; }
                else { other += value; otherCount++; }
                // yyᵀ of one-hot targets is 1 exactly for pairs of the same class.
                if (sameClass) { targetInner += value; targetNorm++; }
                int part = i == j ? 0 : 1;
                norm[part] += value * value;
                initialNorm[part] += start * start;
                cross[part] += value * start;
                double d = value - start;
                distance += d * d;
            }
        }
        double totalNorm = norm[0] + norm[1], totalInitialNorm = initialNorm[0] + initialNorm[1];
        return new KernelSnapshot(diagonal / n, same / Math.Max(1, sameCount), other / Math.Max(1, otherCount),
            targetInner / (Math.Sqrt(totalNorm) * Math.Sqrt(targetNorm)), Math.Sqrt(distance / totalInitialNorm),
            UnitDistance(cross[0] + cross[1], totalNorm, totalInitialNorm),
            (diagonal + same) / Math.Max(1, n + sameCount),
            UnitDistance(cross[1], norm[1], initialNorm[1]), norm[0] / totalNorm, peakDiagonal / (diagonal / n));
    }

    // ‖A/‖A‖ − B/‖B‖‖ from ⟨A, B⟩, ‖A‖² and ‖B‖²: ‖A/‖A‖ − B/‖B‖‖² = 2 − 2⟨A, B⟩/(‖A‖ ‖B‖).
    private static double UnitDistance(double inner, double squaredNorm, double otherSquaredNorm)
        => Math.Sqrt(Math.Max(0, 2 - 2 * inner / Math.Sqrt(squaredNorm * otherSquaredNorm)));
}
