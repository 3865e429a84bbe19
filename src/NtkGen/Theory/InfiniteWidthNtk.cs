namespace NtkGen.Theory;

/// <summary>
/// The infinite-width NTK <c>Θ*(x, x')</c> of a ReLU network in standard parametrization (THEORY.md §3), by the
/// arc-cosine recursion: with <c>q_1 = σ_w² x·x'/n0 + σ_b²</c> and, per hidden layer, <c>θ = arccos(q(x,x')/√(q(x,x) q(x',x')))</c>,
/// <c>K = √(q(x,x) q(x',x')) (sin θ + (π − θ) cos θ)/(2π)</c>, <c>K̇ = (π − θ)/(2π)</c>, <c>q_{l+1} = σ_w² K + σ_b²</c>:
/// <code>Θ* = Σ_l [Π_{k=l}^{L-1} σ_w² K̇_k] (n_{l-1} K_{l-1} + 1),   n_0 K_0 = x·x'.</code>
/// Its diagonal equals the exact finite-width mean of <see cref="ExactNtkMean"/> when σ_b = 0.
/// </summary>
/// <remarks>Computed in logarithms of the layer scales, so a ratio such as Θ*(x, x')/Θ*(x, x) is finite for any depth.</remarks>
public static class InfiniteWidthNtk
{
    /// <summary>
    /// <c>log Θ*(x, x')</c> for inputs with squared norms <paramref name="norm1"/>, <paramref name="norm2"/> and inner
    /// product <paramref name="inner"/> (which must make Θ* positive, as it is for ReLU when x·x' &gt; −1).
    /// </summary>
    public static double LogValue(NetworkSpec spec, double norm1, double norm2, double inner)
    {
        if (spec.Activation != Activation.ReLU || spec.Parametrization != Parametrization.Standard)
            throw new NotSupportedException("The arc-cosine recursion here is for ReLU in standard parametrization.");
        int depth = spec.LayerCount;
        double sigma2 = spec.SigmaW2, bias2 = spec.SigmaB2;
        double logBias2 = bias2 > 0 ? Math.Log(bias2) : double.NegativeInfinity;

        // Layer-1 pre-activation covariances as (log q(x,x), log q(x',x'), correlation ρ).
        double q11 = sigma2 * norm1 / spec.InputSize + bias2, q22 = sigma2 * norm2 / spec.InputSize + bias2;
        double logQ11 = Math.Log(q11), logQ22 = Math.Log(q22);
        double rho = Math.Clamp((sigma2 * inner / spec.InputSize + bias2) / Math.Sqrt(q11 * q22), -1, 1);

        // log(n_{l-1} K_{l-1}) for l ≥ 2 and log(σ_w² K̇_k) for k = 1 … L-1.
        var logGram = new double[depth + 1];
        var logDerivative = new double[depth + 1];
        for (int k = 1; k < depth; k++)
        {
            double theta = Math.Acos(rho);
            double arcCosine = (Math.Sin(theta) + (Math.PI - theta) * Math.Cos(theta)) / (2 * Math.PI);
            double logK = 0.5 * (logQ11 + logQ22) + Math.Log(arcCosine);
            logDerivative[k] = Math.Log(sigma2 * (Math.PI - theta) / (2 * Math.PI));
            logGram[k + 1] = Math.Log(spec.Width(k)) + logK;
            // q_{k+1} = σ_w² K_k + σ_b², with K_k(x, x) = q_k(x, x)/2 for ReLU.
            double nextLogQ11 = LogAddExp(Math.Log(sigma2 / 2) + logQ11, logBias2);
            double nextLogQ22 = LogAddExp(Math.Log(sigma2 / 2) + logQ22, logBias2);
            double logNorm = 0.5 * (nextLogQ11 + nextLogQ22);
            rho = Math.Clamp(Math.Exp(Math.Log(sigma2) + logK - logNorm) + bias2 * Math.Exp(-logNorm), -1, 1);
            logQ11 = nextLogQ11;
            logQ22 = nextLogQ22;
        }

        // Θ* = Σ_l P_l (n_{l-1} K_{l-1} + 1), P_l = Π_{k=l}^{L-1} σ_w² K̇_k; the first inner term is x·x' itself and may be negative.
        var logTerms = new double[depth + 1];
        var signs = new double[depth + 1];
        double logP = 0, max = double.NegativeInfinity;
        for (int l = depth; l >= 1; l--)
        {
            if (l < depth) logP += logDerivative[l];
            double logInside;
            if (l == 1)
            {
                double first = inner + (spec.IncludeBiases ? 1 : 0);
                signs[l] = Math.Sign(first);
                logInside = Math.Log(Math.Abs(first));
            }
            else
            {
                signs[l] = 1;
                logInside = spec.IncludeBiases ? LogAddExp(logGram[l], 0) : logGram[l];
            }
            logTerms[l] = logP + logInside;
            if (signs[l] != 0) max = Math.Max(max, logTerms[l]);
        }
        double sum = 0;
        for (int l = 1; l <= depth; l++)
        {
            if (signs[l] != 0) sum += signs[l] * Math.Exp(logTerms[l] - max);
        }
        return max + Math.Log(sum);
    }

    /// <summary><c>Θ*(x, x_r)/Θ*(x, x)</c> for unit-norm inputs at correlation <paramref name="correlation"/>.</summary>
    public static double CorrelationRatio(NetworkSpec spec, double correlation)
        => Math.Exp(LogValue(spec, 1, 1, correlation) - LogValue(spec, 1, 1, 1));

    private static double LogAddExp(double a, double b)
    {
        if (double.IsNegativeInfinity(b)) return a;
        double max = Math.Max(a, b);
        return max + Math.Log(Math.Exp(a - max) + Math.Exp(b - max));
    }
}
