using NtkGen.Kernels;
using NtkGen.Theory;
using NtkGen.Tests.Support;

namespace NtkGen.Tests.Theory;

/// <summary>
/// The exact mean of Θ(x, x) at initialization (THEORY.md §3) against Monte Carlo over fresh networks: the sample mean
/// lies within 4 standard errors of the formula, separately for the weights and the biases part. The same data reject
/// a slightly wrong formula, so the test can fail.
/// </summary>
[TestClass]
public sealed class ExactMeanTests
{
    private const int Samples = 4000;

    [TestMethod]
    [DataRow(1.5)]
    [DataRow(2.0)]
    [DataRow(2.5)]
    public void Monte_Carlo_mean_matches_the_exact_formula(double sigmaW2)
    {
        var spec = MeanCheckNet.Spec.WithVariances(sigmaW2, 0);
        int n0 = spec.InputSize, width = spec.Width(1), depth = spec.LayerCount;
        double[] x = TestInputs.Gaussian(1, n0, seed: 99);
        double normSquared = x.Sum(v => v * v);
        var (weights, biases) = Sample(spec, x);

        AssertWithin(ExactNtkMean.Weights(n0, width, depth, sigmaW2, normSquared), weights, "weights part");
        AssertWithin(ExactNtkMean.Biases(depth, sigmaW2), biases, "biases part");

        // Power check: the same samples reject a formula off by one layer in the width term.
        double wrong = Math.Pow(sigmaW2 / 2, depth - 1) * normSquared * (1 + depth * (double)width / n0);
        Assert.IsTrue(Math.Abs(Mean(weights) - wrong) > 4 * StandardError(weights), $"a wrong formula ({wrong:G6}) was not rejected");
    }

    [TestMethod]
    public void Edge_of_chaos_mean_is_two_L_for_unit_inputs_with_n0_equal_M()
    {
        Assert.AreEqual(2.0 * 7, ExactNtkMean.Total(inputSize: 50, width: 50, depth: 7, sigmaW2: 2.0, inputNormSquared: 1.0), 1e-12);
        Assert.AreEqual(1 / (1 - 0.5), ExactNtkMean.Biases(depth: 200, sigmaW2: 1.0), 1e-12);
    }

    private static (double[] Weights, double[] Biases) Sample(NetworkSpec spec, double[] x)
    {
        var kernel = KernelRegistry.Resolve<double>(spec, tier: null);
        var weights = new double[Samples];
        var biases = new double[Samples];
        var parameters = new NetworkParameters<double>(spec);
        for (int s = 0; s < Samples; s++)
        {
            parameters.Reinitialize(seed: 2024, stream: (ulong)s);
            var value = kernel.NtkDiagonal(parameters.Values, x);
            weights[s] = value.Weights;
            biases[s] = value.Biases;
        }
        return (weights, biases);
    }

    private static void AssertWithin(double expected, double[] samples, string what)
    {
        double mean = Mean(samples), se = StandardError(samples);
        Assert.IsTrue(Math.Abs(mean - expected) <= 4 * se,
            $"{what}: Monte Carlo mean {mean:G6} ± {se:G3} (SE) is more than 4 SE from the exact {expected:G6}");
    }

    private static double Mean(double[] samples) => samples.Average();

    private static double StandardError(double[] samples)
    {
        double mean = Mean(samples);
        double variance = samples.Sum(v => (v - mean) * (v - mean)) / (samples.Length - 1);
        return Math.Sqrt(variance / samples.Length);
    }
}
