using NtkGen.Engines;
using NtkGen.Kernels;
using NtkGen.Random;
using NtkGen.Reference;
using NtkGen.Theory;
using NtkGen.Statistics;

namespace NtkGen.Tests.Engines;

/// <summary>The brute-force sampler: its per-layer rescaling is exact, it uses generated kernels, and Θ(x, x_r) has the right mean.</summary>
[TestClass]
public sealed class BruteForceSamplerTests
{
    [TestMethod]
    [DataRow(1.5)]
    [DataRow(2.0)]
    [DataRow(3.5)]
    public void Rescaled_draw_equals_the_network_drawn_at_its_own_sigma(double sigmaW2)
    {
        // The sampler draws He-scaled weights and restores σ_w² per layer (weights χ^(L-1), biases χ^(L-l)).
        // Drawing the same normals at σ_w² directly and computing with the reference must give the same Θ(x, x_r).
        var spec = new NetworkSpec(6, [9, 7, 8], 1, sigmaW2: sigmaW2);
        double[] correlations = [1.0, 0.6, 0.0];
        var sampler = new BruteForceSampler<double>(spec, correlations, KernelTier.Generic);
        Assert.IsTrue(sampler.Rescaled);
        var totals = new double[3];
        var diagonal = sampler.Sample(seed: 3, networkStream: 11, inputStream: 12, sampler.CreateWorkspace(), totals);

        var normals = new float[spec.ParameterCount];
        PhiloxNormals.Fill(normals, 3, 11);
        var parameters = new NetworkParameters<double>(spec);
        for (int l = 1; l <= spec.LayerCount; l++)
        {
            var weights = parameters.Weights(l);
            for (int i = 0; i < weights.Length; i++)
                weights[i] = normals[spec.WeightOffset(l) + i] * (float)Math.Sqrt(2.0 / spec.Width(l - 1)) * Math.Sqrt(sigmaW2 / 2);
        }
        var xy = new double[12];
        new GaussianStream(3, 12).Fill<double>(xy);
        var x = Normalize(xy.AsSpan(0, 6).ToArray());
        var y = Normalize(xy.AsSpan(6, 6).ToArray());
        var inputs = correlations.SelectMany(r => x.Zip(y, (a, b) => r * a + Math.Sqrt(1 - r * r) * b)).ToArray();
        INtkKernel<double> reference = new ReferenceKernel(spec);
        var expected = reference.NtkMatrix(parameters.Values, x, inputs);
        double scale = Math.Exp(sampler.LogScale);
        for (int r = 0; r < 3; r++) Assert.AreEqual(expected[r], scale * totals[r], 1e-6 * expected[0], $"r = {correlations[r]}");
        var parts = new double[1];
        var biases = new double[1];
        reference.NtkMatrix(parameters.Values, x, x, parts, biases);
        Assert.AreEqual(parts[0], scale * diagonal.Weights, 1e-6 * parts[0]);
        Assert.AreEqual(biases[0], scale * diagonal.Biases, 1e-6 * parts[0]);
    }

    [TestMethod]
    public void Declared_shapes_run_on_generated_kernels()
    {
        var spec = MeanCheckNet.Spec.WithVariances(2.5, 0);
        var sampler = new BruteForceSampler<float>(spec, [1.0]);
        StringAssert.StartsWith(sampler.KernelName, "generated-");
        var undeclared = new BruteForceSampler<float>(new NetworkSpec(9, [13, 13], 1), [1.0]);
        Assert.AreEqual(NtkGen.Kernels.KernelRegistry.Resolve<float>(new NetworkSpec(9, [13, 13], 1)).Name, undeclared.KernelName);
        Assert.IsFalse(undeclared.KernelName.StartsWith("generated-", StringComparison.Ordinal));
    }

    [TestMethod]
    public void Off_diagonal_mean_of_a_one_hidden_layer_network_is_the_infinite_width_kernel()
    {
        // With one hidden layer E[Θ(x, x')] equals Θ*(x, x') exactly at any width (the two factors are independent).
        var spec = new NetworkSpec(12, [24], 1, sigmaW2: 2.0);
        var sampler = new BruteForceSampler<double>(spec, [1.0, 0.5]);
        var workspace = sampler.CreateWorkspace();
        var row = new double[2];
        PowerSums sums = default;
        for (int s = 0; s < 6000; s++)
        {
            sampler.Sample(seed: 5, networkStream: (ulong)s, inputStream: 7UL << 40 | (uint)s, workspace, row);
            sums = sums.Add(row[1]);
        }
        // x and x_r have unit norm only on average: E[x·x_r] = 0.5, and Θ* is linear in x·x' given the norms here.
        double expected = Math.Exp(InfiniteWidthNtk.LogValue(spec, 1, 1, 0.5));
        Assert.IsTrue(Math.Abs(sums.Mean - expected) <= 4 * sums.StandardErrorOfMean + 0.02 * expected,
            $"MC {sums.Mean:G5} ± {sums.StandardErrorOfMean:G3} vs Θ* {expected:G5}");
    }

    [TestMethod]
    public void Infinite_width_diagonal_is_the_exact_mean()
    {
        foreach (var (n0, width, depth, sigma) in new[] { (10, 30, 4, 1.5), (100, 100, 30, 2.0), (50, 200, 12, 2.7) })
        {
            var spec = TestNetworks.Uniform(n0, width, depth, sigma);
            double expected = ExactNtkMean.Total(n0, width, depth, sigma, 0.8);
            // arccos near 1 keeps only half the digits of a correlation rounded to 1 − 1e-16: 1e-6 is what double allows.
            Assert.AreEqual(expected, Math.Exp(InfiniteWidthNtk.LogValue(spec, 0.8, 0.8, 0.8)), 1e-6 * expected);
        }
    }

    private static double[] Normalize(double[] v)
    {
        double norm = Math.Sqrt(v.Sum(a => a * a));
        return v.Select(a => a / norm).ToArray();
    }
}
