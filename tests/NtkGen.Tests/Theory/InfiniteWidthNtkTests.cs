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
}
