using NtkGen.Engines;
using NtkGen.Random;
using NtkGen.Statistics;

namespace NtkGen.Tests.Engines;

/// <summary>
/// The lazily conditioned matrix against explicit Gaussian matrices: the products it returns are those of one fixed matrix
/// (consistent, linear, and determined once the spans are full), and a chain of products, each chosen from the results
/// before it, has the same law as with a real matrix (two-sample z-tests over 200 000 chains each).
/// </summary>
[TestClass]
public sealed class ConditionedGaussianMatrixTests
{
    private const int M = 5, N = 4;
    private const double Variance = 0.7;

    [TestMethod]
    public void Products_are_those_of_one_matrix_consistent_from_both_sides()
    {
        var w = new ConditionedGaussianMatrix(M, N, Variance, 3, 1);
        var rng = new Xoshiro256(5, 0);
        var forward = new List<(double[] V, double[] U)>();
        var backward = new List<(double[] D, double[] G)>();
        for (int k = 0; k < 6; k++)
        {
            // Alternate sides, each vector depending on results so far (as a network's passes do).
            var v = Draw(ref rng, N);
            if (backward.Count > 0) Add(v, backward[^1].G, 0.5);
            var u = new double[M];
            w.Multiply(v, u);
            forward.Add((v, u));
            var d = Draw(ref rng, M);
            Add(d, u, 0.3);
            var g = new double[N];
            w.MultiplyTransposed(d, g);
            backward.Add((d, g));
        }
        // dᵀ(W v) = (Wᵀ d)ᵀ v for every pair, whichever came first.
        foreach (var (v, u) in forward)
            foreach (var (d, g) in backward)
                Assert.AreEqual(Dot(d, u), Dot(g, v), 1e-10 * (1 + Math.Abs(Dot(d, u))));
        Assert.AreEqual(N, w.InputRank, "the right-hand vectors span R^n");
        Assert.AreEqual(M, w.OutputRank, "the left-hand vectors span R^m");
    }

    [TestMethod]
    public void A_vector_in_the_span_gets_the_linear_combination_and_no_noise()
    {
        var w = new ConditionedGaussianMatrix(M, N, Variance, 4, 2);
        double[] v1 = [1, 2, -1, 0.5], v2 = [0, -1, 3, 2], u1 = new double[M], u2 = new double[M], u = new double[M];
        w.Multiply(v1, u1);
        w.Multiply(v2, u2);
        double[] combination = [.. v1.Zip(v2, (a, b) => 2 * a - 3 * b)];
        w.Multiply(combination, u);
        for (int i = 0; i < M; i++) Assert.AreEqual(2 * u1[i] - 3 * u2[i], u[i], 1e-12 * (1 + Math.Abs(u[i])));
        Assert.AreEqual(2, w.InputRank);
    }

    [TestMethod]
    public void Once_the_columns_are_spanned_the_matrix_is_determined()
    {
        // After n independent products W is U V⁻¹: every later product, from either side, is that matrix's.
        var w = new ConditionedGaussianMatrix(M, N, Variance, 6, 3);
        var rng = new Xoshiro256(7, 0);
        var vs = new double[N][];
        var us = new double[N][];
        for (int k = 0; k < N; k++)
        {
            vs[k] = Draw(ref rng, N);
            us[k] = new double[M];
            w.Multiply(vs[k], us[k]);
        }
        var matrix = Solve(vs, us);
        var v = Draw(ref rng, N);
        var d = Draw(ref rng, M);
        var u = new double[M];
        var g = new double[N];
        w.Multiply(v, u);
        w.MultiplyTransposed(d, g);
        for (int i = 0; i < M; i++) Assert.AreEqual(Enumerable.Range(0, N).Sum(j => matrix[i, j] * v[j]), u[i], 1e-9);
        for (int j = 0; j < N; j++) Assert.AreEqual(Enumerable.Range(0, M).Sum(i => matrix[i, j] * d[i]), g[j], 1e-9);
    }

    [TestMethod]
    public void A_chain_of_dependent_products_has_the_law_it_has_with_a_real_matrix()
    {
        const int chains = 200_000;
        var lazy = new PowerSums[Chain.Count];
        var real = new PowerSums[Chain.Count];
        var w = new ConditionedGaussianMatrix(M, N, Variance, 11, 0);
        var rng = new Xoshiro256(13, 0);
        var explicitMatrix = new double[M * N];
        for (int s = 0; s < chains; s++)
        {
            w.Reset(11, (ulong)s);
            Chain.Run(w.Multiply, w.MultiplyTransposed, lazy);
            for (int i = 0; i < explicitMatrix.Length; i++) explicitMatrix[i] = Math.Sqrt(Variance) * rng.NextNormal();
            Chain.Run((v, u) => Times(explicitMatrix, v, u), (d, g) => TransposedTimes(explicitMatrix, d, g), real);
        }
        for (int k = 0; k < Chain.Count; k++)
        {
            double z = (lazy[k].Mean - real[k].Mean) / Math.Sqrt(Square(lazy[k].StandardErrorOfMean) + Square(real[k].StandardErrorOfMean));
            // Eight statistics at |z| < 4.5: a false failure about once in 20 000 runs (the seeds are fixed).
            Assert.IsLessThan(4.5, Math.Abs(z), $"{Chain.Names[k]}: lazy {lazy[k].Mean:G5} ± {lazy[k].StandardErrorOfMean:G2}, real {real[k].Mean:G5} ± {real[k].StandardErrorOfMean:G2} (z = {z:F2})");
        }
    }

    [TestMethod]
    [DataRow(41, 23, DisplayName = "wide: blocks never fill the span")]
    [DataRow(9, 6, DisplayName = "small: the spans fill inside a block")]
    public void Block_products_are_the_vector_products_to_rounding(int rows, int columns)
    {
        // Blocks from both sides, each built from the results before it, with a repeated row and a combination of earlier
        // rows (in the span: no noise): row by row and as blocks, the same numbers to rounding and the same ranks.
        var rowByRow = new ConditionedGaussianMatrix(rows, columns, Variance, 21, 4);
        var blocks = new ConditionedGaussianMatrix(rows, columns, Variance, 21, 4);
        var rng = new Xoshiro256(17, 0);
        double[] previous = Draw(ref rng, rows);
        for (int step = 0; step < 4; step++)
        {
            bool forward = step % 2 == 0;
            int n = forward ? columns : rows, m = forward ? rows : columns, count = step == 2 ? 7 : 5;
            var block = new double[count * n];
            for (int j = 0; j < count; j++)
            {
                var row = block.AsSpan(j * n, n);
                Draw(ref rng, n).CopyTo(row);
                for (int i = 0; i < n; i++) row[i] += 0.5 * previous[i % previous.Length];
            }
            block.AsSpan(0, n).CopyTo(block.AsSpan(2 * n, n));
            for (int i = 0; i < n; i++) block[4 * n + i] = 2 * block[i] - 3 * block[n + i];
            var expected = new double[count * m];
            var actual = new double[count * m];
            for (int j = 0; j < count; j++)
            {
                if (forward) rowByRow.Multiply(block.AsSpan(j * n, n), expected.AsSpan(j * m, m));
                else rowByRow.MultiplyTransposed(block.AsSpan(j * n, n), expected.AsSpan(j * m, m));
            }
            if (forward) blocks.MultiplyBlock(block, actual);
            else blocks.MultiplyTransposedBlock(block, actual);
            double scale = expected.Max(Math.Abs);
            for (int i = 0; i < actual.Length; i++)
                Assert.AreEqual(expected[i], actual[i], 1e-11 * scale, $"step {step}, row {i / m}, entry {i % m}");
            Assert.AreEqual(rowByRow.InputRank, blocks.InputRank, $"input rank after step {step}");
            Assert.AreEqual(rowByRow.OutputRank, blocks.OutputRank, $"output rank after step {step}");
            previous = actual;
        }
        Assert.IsGreaterThan(0, blocks.OutputRank);
    }

    /// <summary>
    /// A chain like a two-layer network's: a fixed input, a nonlinearity, a backward product seeded by the outputs, a second
    /// forward product of a vector built from the backward result, and a last backward product; statistics of all of it.
    /// </summary>
    private static class Chain
    {
        public static readonly string[] Names = ["u1·u1", "u1[0]·d1[1]", "g1·v1", "u2·u1", "u2[0]²", "g2·g1", "g2·v2", "(d2·u1)²"];
        public static int Count => Names.Length;

        public delegate void Product(ReadOnlySpan<double> x, Span<double> result);

        public static void Run(Product multiply, Product multiplyTransposed, PowerSums[] into)
        {
            double[] v1 = [1, -0.5, 0.25, 2];
            var u1 = new double[M];
            multiply(v1, u1);
            var d1 = u1.Select(x => Math.Max(x, 0) + 0.3).ToArray();
            var g1 = new double[N];
            multiplyTransposed(d1, g1);
            var v2 = g1.Select((x, i) => Math.Tanh(x) + 0.5 * v1[i]).ToArray();
            var u2 = new double[M];
            multiply(v2, u2);
            var d2 = u2.Select((x, i) => x * u1[i] - 0.2).ToArray();
            var g2 = new double[N];
            multiplyTransposed(d2, g2);
            double[] values = [Dot(u1, u1), u1[0] * d1[1], Dot(g1, v1), Dot(u2, u1), u2[0] * u2[0], Dot(g2, g1), Dot(g2, v2), Math.Pow(Dot(d2, u1), 2)];
            for (int k = 0; k < values.Length; k++) into[k] = into[k].Add(values[k]);
        }
    }


    private static double Square(double x) => x * x;

    private static double[] Draw(ref Xoshiro256 rng, int n)
    {
        var x = new double[n];
        for (int i = 0; i < n; i++) x[i] = rng.NextNormal();
        return x;
    }

    private static void Add(double[] target, double[] source, double factor)
    {
        for (int i = 0; i < Math.Min(target.Length, source.Length); i++) target[i] += factor * source[i];
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    private static void Times(double[] w, ReadOnlySpan<double> v, Span<double> u)
    {
        for (int i = 0; i < M; i++) u[i] = Dot(w.AsSpan(i * N, N), v);
    }

    private static void TransposedTimes(double[] w, ReadOnlySpan<double> d, Span<double> g)
    {
        for (int j = 0; j < N; j++)
        {
            double s = 0;
            for (int i = 0; i < M; i++) s += w[i * N + j] * d[i];
            g[j] = s;
        }
    }

    /// <summary>The m × n matrix X with X v_k = u_k for n independent v_k (Gaussian elimination on Vᵀ Xᵀ = Uᵀ).</summary>
    private static double[,] Solve(double[][] vs, double[][] us)
    {
        int n = vs.Length, m = us[0].Length;
        var a = new double[n, n + m];
        for (int k = 0; k < n; k++)
        {
            for (int j = 0; j < n; j++) a[k, j] = vs[k][j];
            for (int i = 0; i < m; i++) a[k, n + i] = us[k][i];
        }
        for (int c = 0; c < n; c++)
        {
            int pivot = Enumerable.Range(c, n - c).MaxBy(r => Math.Abs(a[r, c]));
            for (int j = 0; j < n + m; j++) (a[c, j], a[pivot, j]) = (a[pivot, j], a[c, j]);
            for (int r = 0; r < n; r++)
            {
                if (r == c) continue;
                double f = a[r, c] / a[c, c];
                for (int j = 0; j < n + m; j++) a[r, j] -= f * a[c, j];
            }
        }
        var x = new double[m, n];
        for (int j = 0; j < n; j++)
            for (int i = 0; i < m; i++) x[i, j] = a[j, n + i] / a[j, j];
        return x;
    }
}
