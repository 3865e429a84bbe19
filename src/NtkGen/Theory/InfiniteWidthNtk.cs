using NtkGen.Activations;

namespace NtkGen.Theory;

/// <summary>
/// The infinite-width NTK <c>Θ*(x, x')</c> in standard parametrization (THEORY.md §3), for any activation, by the
/// layer recursion of its dual kernel: with <c>q_1 = σ_w² x·x'/n0 + σ_b²</c> and, per hidden layer,
/// <c>K = E[φ(u) φ(v)]</c>, <c>K̇ = E[φ'(u) φ'(v)]</c> for <c>(u, v)</c> Gaussian with covariance <c>q</c>
/// (<see cref="ActivationFunction.DualKernel"/>: the arc-cosine kernel for ReLU, Williams' arcsine kernel for erf, a
/// numerical rule for the others), <c>q_{l+1} = σ_w² K + σ_b²</c>:
/// <code>Θ* = Σ_l [Π_{k=l}^{L-1} σ_w² K̇_k] (n_{l-1} K_{l-1} + 1),   n_0 K_0 = x·x'.</code>
/// For ReLU its diagonal equals the exact finite-width mean of <see cref="ExactNtkMean"/> when σ_b = 0.
/// </summary>
/// <remarks>
/// Computed in logarithms of the layer scales, so a ratio such as Θ*(x, x')/Θ*(x, x) is finite for any depth; for the
/// piecewise-linear activations the kernels are evaluated at unit variances and rescaled (they are homogeneous), so
/// variances that grow or shrink geometrically with depth never overflow.
/// </remarks>
public static class InfiniteWidthNtk
{
    /// <summary>
    /// <c>log Θ*(x, x')</c> for inputs with squared norms <paramref name="norm1"/>, <paramref name="norm2"/> and inner
    /// product <paramref name="inner"/>, which must make Θ* positive (for ReLU: x·x' &gt; −1).
    /// </summary>
    public static double LogValue(NetworkSpec spec, double norm1, double norm2, double inner)
    {
        var (log, sign, _) = Evaluate(spec, norm1, norm2, inner);
        if (sign <= 0) throw new ArgumentException($"Θ*(x, x') is {(sign == 0 ? "zero" : "negative")} for these inputs; its logarithm is undefined.", nameof(inner));
        return log;
    }

    /// <summary><c>Θ*(x, x')</c> itself, of either sign (it may overflow to ±∞ where <see cref="LogValue"/> does not).</summary>
    public static double Value(NetworkSpec spec, double norm1, double norm2, double inner)
    {
        var (log, sign, _) = Evaluate(spec, norm1, norm2, inner);
        return sign * Math.Exp(log);
    }

    /// <summary>
    /// Θ*(x, x') and the infinite-width NNGP kernel of the output, <c>K(x, x') = Cov(f(x), f(x'))</c> at initialization,
    /// from one pass of the recursion: <c>K = q_L = σ_w² E[φ(u)φ(v)] + σ_b²</c> over the last hidden layer (for one layer,
    /// <c>σ_w² x·x'/n0 + σ_b²</c>). The network's outputs are independent and each has this covariance.
    /// </summary>
    public static (double Ntk, double Nngp) Kernels(NetworkSpec spec, double norm1, double norm2, double inner)
    {
        var (log, sign, nngp) = Evaluate(spec, norm1, norm2, inner);
        return (sign * Math.Exp(log), nngp);
    }

    /// <summary><c>Θ*(x, x_r)/Θ*(x, x)</c> for unit-norm inputs at correlation <paramref name="correlation"/> (negative where Θ* is).</summary>
    public static double CorrelationRatio(NetworkSpec spec, double correlation) => CorrelationRatios(spec, [correlation])[0];

    /// <summary><see cref="CorrelationRatio"/> at each of <paramref name="correlations"/>, the diagonal Θ*(x, x) evaluated once.</summary>
    public static double[] CorrelationRatios(NetworkSpec spec, IReadOnlyList<double> correlations)
    {
        ArgumentNullException.ThrowIfNull(correlations);
        double logDiagonal = LogValue(spec, 1, 1, 1);
        var ratios = new double[correlations.Count];
        for (int i = 0; i < ratios.Length; i++)
        {
            var (log, sign, _) = correlations[i] == 1 ? (logDiagonal, 1, 0.0) : Evaluate(spec, 1, 1, correlations[i]);
            ratios[i] = sign * Math.Exp(log - logDiagonal);
        }
        return ratios;
    }

    /// <summary>(log |Θ*|, sign of Θ*, the output's NNGP kernel).</summary>
    private static (double Log, int Sign, double Nngp) Evaluate(NetworkSpec spec, double norm1, double norm2, double inner)
    {
        if (spec.Parametrization != Parametrization.Standard)
            throw new NotSupportedException("The recursion here is for the standard parametrization.");
        var phi = spec.ActivationFunction;
        int depth = spec.LayerCount;
        double sigma2 = spec.SigmaW2, bias2 = spec.SigmaB2;
        double logBias2 = bias2 > 0 ? Math.Log(bias2) : double.NegativeInfinity;

        // Layer-1 pre-activation covariances as (log q(x,x), log q(x',x'), correlation ρ).
        double q11 = sigma2 * norm1 / spec.InputSize + bias2, q22 = sigma2 * norm2 / spec.InputSize + bias2;
        double logQ11 = Math.Log(q11), logQ22 = Math.Log(q22);
        double rho = Math.Clamp((sigma2 * inner / spec.InputSize + bias2) / Math.Sqrt(q11 * q22), -1, 1);
        // The same input keeps ρ = 1 exactly. Recomputed, ρ would move off 1 by rounding, and in the chaotic phase ρ = 1
        // is an unstable fixed point of the correlation map: some hundreds of layers on, the diagonal would have decayed
        // into the kernel of two uncorrelated inputs.
        bool same = rho == 1;
        double nngp = sigma2 * inner / spec.InputSize + bias2;

        // log |n_{l-1} K_{l-1}| and its sign for l ≥ 2, log(σ_w² K̇_k) for k = 1 … L-1.
        var logGram = new double[depth + 1];
        var gramSign = new int[depth + 1];
        var logDerivative = new double[depth + 1];
        var derivativeSign = new int[depth + 1];
        for (int k = 1; k < depth; k++)
        {
            double logK, nextLogQ11, nextLogQ22;
            int signK;
            if (phi.IsPiecewiseLinear)
            {
                // Homogeneous: K(q) = √(q11 q22) K(1, 1, ρ), K̇(q) = K̇(1, 1, ρ), E[φ(√q u)²] = q E[φ(u)²].
                var (kernel, derivativeKernel) = phi.DualKernel(1, 1, rho);
                (logK, signK) = (0.5 * (logQ11 + logQ22) + Math.Log(Math.Abs(kernel)), Math.Sign(kernel));
                (logDerivative[k], derivativeSign[k]) = (Math.Log(sigma2 * Math.Abs(derivativeKernel)), Math.Sign(derivativeKernel));
                double logMean = Math.Log(sigma2 * phi.MeanSquareValue(1));
                nextLogQ11 = LogAddExp(logMean + logQ11, logBias2);
                nextLogQ22 = LogAddExp(logMean + logQ22, logBias2);
            }
            else
            {
                double a = Math.Exp(logQ11), b = Math.Exp(logQ22);
                var (kernel, derivativeKernel) = phi.DualKernel(a, b, rho * Math.Sqrt(a * b));
                (logK, signK) = (Math.Log(Math.Abs(kernel)), Math.Sign(kernel));
                // K̇ may be negative where φ' is (GELU below z ≈ −0.75), so its sign is kept apart.
                (logDerivative[k], derivativeSign[k]) = (Math.Log(sigma2 * Math.Abs(derivativeKernel)), Math.Sign(derivativeKernel));
                nextLogQ11 = Math.Log(sigma2 * phi.MeanSquareValue(a) + bias2);
                nextLogQ22 = Math.Log(sigma2 * phi.MeanSquareValue(b) + bias2);
            }
            logGram[k + 1] = Math.Log(spec.Width(k)) + logK;
            if (k == depth - 1) nngp = sigma2 * signK * Math.Exp(logK) + bias2;
            gramSign[k + 1] = signK;
            // ρ_{k+1} = (σ_w² K_k + σ_b²)/√(q_{k+1}(x,x) q_{k+1}(x',x')).
            double logNorm = 0.5 * (nextLogQ11 + nextLogQ22);
            rho = same ? 1 : Math.Clamp(signK * Math.Exp(Math.Log(sigma2) + logK - logNorm) + bias2 * Math.Exp(-logNorm), -1, 1);
            logQ11 = nextLogQ11;
            logQ22 = nextLogQ22;
        }

        // Θ* = Σ_l P_l (n_{l-1} K_{l-1} + 1), P_l = Π_{k=l}^{L-1} σ_w² K̇_k; an inner term may be negative.
        var logTerms = new double[depth + 1];
        var signs = new int[depth + 1];
        double logP = 0, max = double.NegativeInfinity;
        int signP = 1;
        double biasTerm = spec.IncludeBiases ? 1 : 0;
        for (int l = depth; l >= 1; l--)
        {
            if (l < depth)
            {
                logP += logDerivative[l];
                signP *= derivativeSign[l];
            }
            double inside = l == 1 ? inner : gramSign[l] * Math.Exp(logGram[l]);
            double logInside;
            if (l > 1 && gramSign[l] > 0)
            {
                // Positive: stay in logarithms, where n K may exceed the double range.
                logInside = spec.IncludeBiases ? LogAddExp(logGram[l], 0) : logGram[l];
                signs[l] = 1;
            }
            else
            {
                double first = inside + biasTerm;
                signs[l] = Math.Sign(first);
                logInside = Math.Log(Math.Abs(first));
            }
            logTerms[l] = logP + logInside;
            signs[l] *= signP;
            if (signs[l] != 0) max = Math.Max(max, logTerms[l]);
        }
        double sum = 0;
        for (int l = 1; l <= depth; l++)
        {
            if (signs[l] != 0) sum += signs[l] * Math.Exp(logTerms[l] - max);
        }
        return sum == 0 || double.IsNegativeInfinity(max) ? (double.NegativeInfinity, 0, nngp) : (max + Math.Log(Math.Abs(sum)), Math.Sign(sum), nngp);
    }

    private static double LogAddExp(double a, double b)
    {
        if (double.IsNegativeInfinity(b)) return a;
        if (double.IsNegativeInfinity(a)) return b;
        double max = Math.Max(a, b);
        return max + Math.Log(Math.Exp(a - max) + Math.Exp(b - max));
    }
}
