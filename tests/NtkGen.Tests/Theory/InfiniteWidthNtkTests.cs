using NtkGen.Kernels;
using NtkGen.Statistics;
using NtkGen.Theory;

namespace NtkGen.Tests.Theory;

/// <summary>
/// <see cref="InfiniteWidthNtk"/> for every activation against Monte Carlo over real networks: with one hidden layer
/// <c>E[Θ(x, x')] = Θ*(x, x')</c> exactly at any width (the output weights are independent of the hidden units), so the
/// sample mean must lie within a few standard errors of it.
/// </summary>
[TestClass]
public sealed class InfiniteWidthNtkTests
{
    public static IEnumerable<object[]> Every() => NtkGen.Activations.ActivationFunction.All.Select(a => new object[] { a });

    [TestMethod]
    [DynamicData(nameof(Every))]
    public void One_hidden_layer_output_covariance_is_the_nngp_kernel(Activation kind)
    {
        // With one hidden layer the hidden pre-activations are exactly Gaussian and the output weights independent, so
        // E[f(x) f(x')] = σ_w² E[φ(u) φ(v)] + σ_b² = K(x, x') at any width.
        const int n0 = 6, samples = 8000;
        var spec = new NetworkSpec(n0, [40], 1, kind, sigmaW2: 1.7, sigmaB2: 0.3, leakySlope: 0.2);
        var kernel = KernelRegistry.Resolve<double>(spec);
        var x = new double[2 * n0];
        x[0] = Math.Sqrt(n0);
        x[n0] = 0.5 * Math.Sqrt(n0);
        x[n0 + 1] = Math.Sqrt(0.75 * n0);
        PowerSums cross = default, square = default;
        var outputs = new double[2];
        for (int s = 0; s < samples; s++)
        {
            var p = spec.CreateParameters<double>(seed: 12, stream: (ulong)s).Values;
            kernel.ForwardBatch(p, x, outputs);
            cross = cross.Add(outputs[0] * outputs[1]);
            square = square.Add(outputs[0] * outputs[0]);
        }
        var (_, nngp) = InfiniteWidthNtk.Kernels(spec, n0, n0, 0.5 * n0);
        var (_, diagonal) = InfiniteWidthNtk.Kernels(spec, n0, n0, n0);
        Assert.IsLessThanOrEqualTo(4.5 * cross.StandardErrorOfMean, Math.Abs(cross.Mean - nngp), $"{kind}: E[f(x) f(x')] {cross.Mean:G6} ± {cross.StandardErrorOfMean:G3} vs K {nngp:G6}");
        Assert.IsLessThanOrEqualTo(4.5 * square.StandardErrorOfMean, Math.Abs(square.Mean - diagonal), $"{kind}: E[f(x)²] {square.Mean:G6} ± {square.StandardErrorOfMean:G3} vs K {diagonal:G6}");
    }

    [TestMethod]
    public void Without_hidden_layers_the_nngp_kernel_is_the_linear_one()
    {
        var spec = new NetworkSpec(4, [], 1, Activation.Tanh, sigmaW2: 1.3, sigmaB2: 0.2);
        Assert.AreEqual(1.3 * 2.5 / 4 + 0.2, InfiniteWidthNtk.Kernels(spec, 3, 5, 2.5).Nngp, 1e-15);
    }

    [TestMethod]
    [DynamicData(nameof(Every))]
    public void One_hidden_layer_mean_is_the_infinite_width_kernel(Activation kind)
    {
        const int n0 = 6, samples = 8000;
        var spec = new NetworkSpec(n0, [40], 1, kind, sigmaW2: 1.7, sigmaB2: 0.3, leakySlope: 0.2);
        // |x|² = |x'|² = n0 (so q = σ_w² + σ_b²) and x·x' = n0/2, at two correlations of opposite sign.
        foreach (double correlation in new[] { 0.5, -0.4 })
        {
            var x = new double[2 * n0];
            x[0] = Math.Sqrt(n0);
            x[n0] = correlation * Math.Sqrt(n0);
            x[n0 + 1] = Math.Sqrt(1 - correlation * correlation) * Math.Sqrt(n0);
            var kernel = KernelRegistry.Resolve<double>(spec);
            PowerSums sums = default;
            for (int s = 0; s < samples; s++)
            {
                var p = spec.CreateParameters<double>(seed: 11, stream: (ulong)s).Values;
                sums = sums.Add(kernel.NtkMatrix(p, x.AsSpan(0, n0), x.AsSpan(n0, n0))[0]);
            }
            double expected = InfiniteWidthNtk.Value(spec, n0, n0, correlation * n0);
            double tolerance = 4.5 * sums.StandardErrorOfMean;
            Assert.IsTrue(Math.Abs(sums.Mean - expected) <= tolerance,
                $"{kind} at ρ = {correlation}: MC {sums.Mean:G6} ± {sums.StandardErrorOfMean:G3} vs Θ* {expected:G6}");
            // The test can fail: a Θ*(x, x') off by 4% of the kernel's scale Θ*(x, x) would lie outside the tolerance.
            double scale = InfiniteWidthNtk.Value(spec, n0, n0, n0);
            Assert.IsTrue(0.04 * scale > tolerance, $"{kind} at ρ = {correlation}: the Monte Carlo error {sums.StandardErrorOfMean:G3} cannot tell 4% of {scale:G4} apart");
        }
    }

    [TestMethod]
    [DataRow(Activation.Tanh, 3.087, 0.0)]
    [DataRow(Activation.Erf, 2.285, 0.0)]
    [DataRow(Activation.Tanh, 2.5, 0.1)]
    public void A_deep_chaotic_diagonal_follows_the_variance_recursion(Activation kind, double sigmaW2, double sigmaB2)
    {
        // Θ*(x, x) of one input needs no correlation map: q_{k+1} = σ_w² E[φ²](q_k) + σ_b², and the layer factors are
        // σ_w² E[φ'²](q_k) (the mean-field χ). In the chaotic phase ρ = 1 is unstable, so a recursion that recomputes the
        // correlation of an input with itself drifts off 1 and, hundreds of layers on, returns the kernel of two
        // uncorrelated inputs instead (at L = 1000 for tanh, log Θ* 2.4 where the recursion gives about 230).
        const int n0 = 1000, width = 1000;
        var phi = NtkGen.Activations.ActivationFunction.For(kind, 0.01);
        foreach (int depth in new[] { 100, 1000 })
        {
            var spec = new NetworkSpec(n0, Enumerable.Repeat(width, depth - 1).ToArray(), 1, kind, sigmaW2, sigmaB2);
            double q = sigmaW2 / n0 + sigmaB2;
            var logInside = new double[depth + 1];
            var logFactor = new double[depth + 1];
            logInside[1] = Math.Log(1.0 + 1);
            for (int k = 1; k < depth; k++)
            {
                logFactor[k] = Math.Log(sigmaW2 * phi.MeanSquareDerivative(q));
                double k2 = phi.MeanSquareValue(q);
                logInside[k + 1] = Math.Log(width * k2 + 1);
                q = sigmaW2 * k2 + sigmaB2;
            }
            double logP = 0, max = double.NegativeInfinity;
            var terms = new double[depth + 1];
            for (int l = depth; l >= 1; l--)
            {
                if (l < depth) logP += logFactor[l];
                terms[l] = logP + logInside[l];
                max = Math.Max(max, terms[l]);
            }
            double expected = max + Math.Log(terms.Skip(1).Sum(t => Math.Exp(t - max)));
            double actual = InfiniteWidthNtk.LogValue(spec, 1, 1, 1);
            Assert.AreEqual(expected, actual, 1e-9 * Math.Abs(expected), $"{kind}, σ_w² = {sigmaW2}, L = {depth}");
            if (depth == 1000) Assert.IsLessThan(1e-6, InfiniteWidthNtk.CorrelationRatio(spec, 0.5), $"{kind}, L = {depth}: the chaotic kernel forgets correlations");
        }
    }
}
