using NtkGen.Engines;

namespace NtkGen.Theory;

/// <summary>
/// The limits <c>L, M → ∞</c> with <c>L/M = λ</c> of the exact dispersion, established numerically: the transfer-matrix
/// moments at growing widths (n0 = M, unit inputs, zero biases at initialization), extrapolated in <c>1/M</c> by
/// Richardson's rule on the two widest, <c>R∞ ≈ (4 R(4M) − R(M))/3</c> (the finite-width error is O(1/M): it shrinks
/// four-fold per four-fold width, which the table lets one check).
/// </summary>
public static class ExactDispersionLimits
{
    /// <summary>One λ of the table: the dispersion at each width and its extrapolation.</summary>
    public sealed record Row(double Lambda, IReadOnlyList<double> Values, double Extrapolated);

    /// <summary>
    /// The exact dispersion of <paramref name="part"/> at σ_w² = <paramref name="sigmaW2"/> for every λ and width
    /// (depth <c>round(λM)</c>) in the chain of <paramref name="model"/>; the widths must grow by a factor of 4 at the end for the extrapolation.
    /// </summary>
    public static IReadOnlyList<Row> Table(IReadOnlyList<double> lambdas, IReadOnlyList<int> widths, double sigmaW2, ExactMoments.Part part, ChainModel model = ChainModel.Exact)
    {
        if (widths.Count < 2 || widths[^1] != 4 * widths[^2])
            throw new ArgumentException("The last two widths must differ by a factor of 4 (e.g. 4000, 16000).", nameof(widths));
        var rows = new Row[lambdas.Count];
        Parallel.For(0, lambdas.Count, i =>
        {
            double lambda = lambdas[i];
            var values = widths.Select(width =>
            {
                int depth = Math.Max(1, (int)Math.Round(lambda * width));
                var spec = new NetworkSpec(width, Enumerable.Repeat(width, depth - 1).ToArray(), 1, sigmaW2: sigmaW2);
                return ExactMoments.Compute(spec, 1.0, part, model).Dispersion;
            }).ToArray();
            rows[i] = new Row(lambda, values, (4 * values[^1] - values[^2]) / 3);
        });
        return rows;
    }
}
