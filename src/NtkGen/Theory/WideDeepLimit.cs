using NtkGen.Engines;

namespace NtkGen.Theory;

/// <summary>
/// The dispersion of Θ(x, x) in the limit <c>L, M → ∞</c> with <c>L/M = λ</c>, in closed form rather than extrapolated:
/// a ReLU network at the edge of chaos (σ_w² = 2, n0 = M, unit inputs, zero biases at initialization, biases counted),
/// whose weights part has the same dispersion at every σ_w². Scaled by 1/M, the moment chains of
/// <see cref="ExactMoments"/> move by <c>I + G/M + O(1/M²)</c> per hidden layer, so their limits are <c>wᵀ exp(λG) u</c>
/// for a fixed generator G: 4 × 4 for the mean, 16 × 16 for the second moment (THEORY.md §3).
/// </summary>
/// <remarks>
/// <para>States of a path (one term of Θ): W, the weights' forward prefix; B, the biases' prefix; D, the backward run; F,
/// the forward suffix after the gap <c>f²/A_m</c> (exact chain only). Per layer, in units of 1/M: a prefix ends and the
/// backward run starts at rate 1 (the sum over the layer l of <c>D_l A_{l−1}</c>); a backward run passes through the gap at
/// rate 2 (<c>f²/A_m</c> carries <c>σ_w²/n_{L−1} = 2/M</c>); a backward factor <c>(2/M)χ²(k − 1)</c> has mean <c>1 − 2/M</c>
/// (exact) or 1 (gradient independence: <c>χ²(k)</c>). A pair of paths in one layer has the joint factor
/// <c>1 + c/M</c> with c = 5 for two forward factors (<c>E[χ²(k)²]/k² → 1 + 5/M</c>), −1 for forward × backward
/// (<c>k(k−1)/k²</c>), +1 for two backward ones, −2 for a backward factor beside a bias prefix; under gradient independence
/// 5, +1, 5 and 0. Two paths through the gap share the output's <c>g⁴</c>: <c>E[g⁴] = 3</c>.</para>
/// <para>Under gradient independence the weights' limit is F(λ), the biases' <c>2(e^{5λ} − 1 − 5λ)/(25λ²)</c> and the
/// cross moment <c>(e^{5λ}/λ²)[(1 − e^{−4λ})/4 − (1 − e^{−5λ})/5] + R_b/2</c> (<see cref="DispersionLimits"/>); the tests
/// hold the generator to them.</para>
/// </remarks>
public static class WideDeepLimit
{
    private const int W = 0, B = 1, D = 2, F = 3, States = 4;

    /// <summary>The limits of one model at one λ: dispersions of the weights part, the biases part, and their cross moment.</summary>
    /// <param name="Weights"><c>E[Θ_w²]/E[Θ_w]²</c>.</param>
    /// <param name="Biases"><c>E[Θ_b²]/E[Θ_b]²</c>.</param>
    /// <param name="Cross"><c>E[Θ_w Θ_b]/(E[Θ_w] E[Θ_b])</c>.</param>
    public readonly record struct Moments(double Weights, double Biases, double Cross)
    {
        /// <summary>
        /// The dispersion of Θ = Θ_w + Θ_b when <c>α0 = E[Θ_b]/E[Θ_w]</c>: <c>(1 + α0)^{−2} [R_w + g(λ, α0)]</c>, the form of
        /// Seleznova &amp; Kutyniok's edge-of-chaos limit.
        /// </summary>
        public double Total(double alpha0) => (Weights + G(alpha0)) / ((1 + alpha0) * (1 + alpha0));

        /// <summary>The edge-of-chaos term <c>g(λ, α0) = 2α0 C + α0² R_b</c>.</summary>
        public double G(double alpha0) => 2 * alpha0 * Cross + alpha0 * alpha0 * Biases;
    }

    /// <summary>The limits at <paramref name="lambda"/> = L/M in the chain of <paramref name="model"/>.</summary>
    public static Moments At(double lambda, ChainModel model = ChainModel.Exact)
    {
        if (!(lambda > 0) || double.IsInfinity(lambda)) throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "λ must be positive and finite.");
        bool independent = model == ChainModel.GradientIndependence;
        var mean = MatrixExponential.Of(Generator(independent), lambda);
        var second = MatrixExponential.Of(PairGenerator(independent), lambda);
        double meanWeights = 0, meanBiases = 0;
        for (int s = 0; s < States; s++)
        {
            meanWeights += mean[W, s] * End(s);
            meanBiases += mean[B, s] * End(s);
        }
        double weights = 0, biases = 0, cross = 0;
        for (int s = 0; s < States; s++)
        {
            for (int t = 0; t < States; t++)
            {
                double end = End(s) * End(t) * (s == F && t == F ? 3 : 1);
                weights += second[Pair(W, W), Pair(s, t)] * end;
                biases += second[Pair(B, B), Pair(s, t)] * end;
                cross += second[Pair(W, B), Pair(s, t)] * end;
            }
        }
        return new Moments(weights / (meanWeights * meanWeights), biases / (meanBiases * meanBiases), cross / (meanWeights * meanBiases));
    }

    /// <summary>A term counts at the end once its backward run has started (the prefixes alone are one term of L).</summary>
    private static double End(int state) => state is D or F ? 1 : 0;

    private static int Pair(int s, int t) => s * States + t;

    /// <summary>The mean's generator, <c>G[from, to]</c>.</summary>
    private static double[,] Generator(bool independent)
    {
        var g = new double[States, States];
        g[W, D] = 1;
        g[B, D] = 1;
        if (!independent)
        {
            g[D, D] = -2;
            g[D, F] = 2;
        }
        return g;
    }

    /// <summary>The second moment's generator over pairs of states: one path moves at a time, and the pair's joint factor of a layer.</summary>
    private static double[,] PairGenerator(bool independent)
    {
        var single = Generator(independent);
        var g = new double[States * States, States * States];
        for (int s = 0; s < States; s++)
        {
            for (int t = 0; t < States; t++)
            {
                g[Pair(s, t), Pair(s, t)] = JointRate(s, t, independent);
                for (int next = 0; next < States; next++)
                {
                    if (next == s) continue;
                    g[Pair(s, t), Pair(next, t)] += single[s, next];
                }
                for (int next = 0; next < States; next++)
                {
                    if (next == t) continue;
                    g[Pair(s, t), Pair(s, next)] += single[t, next];
                }
            }
        }
        return g;
    }

    /// <summary>M times (the pair's joint factor of one layer − 1), as M → ∞.</summary>
    private static double JointRate(int s, int t, bool independent)
    {
        char a = Kind(s), b = Kind(t);
        if (a > b) (a, b) = (b, a);
        return (a, b, independent) switch
        {
            ('1', '1', _) => 0,
            ('1', 'X', _) => 0,
            ('1', 'Y', false) => -2,
            ('1', 'Y', true) => 0,
            ('X', 'X', _) => 5,
            ('X', 'Y', false) => -1,
            ('X', 'Y', true) => 1,
            ('Y', 'Y', false) => 1,
            _ => 5,
        };
    }

    /// <summary>The factor a state puts on its layer: 'X' (forward), 'Y' (backward) or '1' (the bias prefix).</summary>
    private static char Kind(int state) => state switch
    {
        W or F => 'X',
        D => 'Y',
        _ => '1',
    };
}

/// <summary><c>exp(λG)</c> of a small matrix by scaling and squaring with a Taylor series: exact to rounding for the generators here.</summary>
internal static class MatrixExponential
{
    public static double[,] Of(double[,] generator, double lambda)
    {
        int n = generator.GetLength(0);
        double norm = 0;
        for (int i = 0; i < n; i++)
        {
            double row = 0;
            for (int j = 0; j < n; j++) row += Math.Abs(generator[i, j] * lambda);
            norm = Math.Max(norm, row);
        }
        // Scale until the norm is at most 1/8, where 20 Taylor terms leave less than 1e-30.
        int squarings = Math.Max(0, (int)Math.Ceiling(Math.Log2(Math.Max(norm, 1e-300) * 8)));
        double scale = lambda / Math.Pow(2, squarings);
        var a = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) a[i, j] = generator[i, j] * scale;
        var result = Identity(n);
        var term = Identity(n);
        for (int k = 1; k <= 20; k++)
        {
            term = Multiply(term, a);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                {
                    term[i, j] /= k;
                    result[i, j] += term[i, j];
                }
        }
        for (int s = 0; s < squarings; s++) result = Multiply(result, result);
        return result;
    }

    private static double[,] Identity(int n)
    {
        var m = new double[n, n];
        for (int i = 0; i < n; i++) m[i, i] = 1;
        return m;
    }

    private static double[,] Multiply(double[,] x, double[,] y)
    {
        int n = x.GetLength(0);
        var z = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < n; k++)
            {
                double v = x[i, k];
                if (v == 0) continue;
                for (int j = 0; j < n; j++) z[i, j] += v * y[k, j];
            }
        return z;
    }
}
