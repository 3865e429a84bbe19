using NtkGen.Kernels;
using NtkGen.Reference;
using NtkGen.Tests.Oracles;
using NtkGen.Tests.Support;

namespace NtkGen.Tests.Reference;

/// <summary>The structured NTK (THEORY.md §2) equals the explicit Jacobian product J Jᵀ from automatic differentiation.</summary>
[TestClass]
public sealed class StructuredNtkTests
{
    [TestMethod]
    [DataRow("Tiny")]
    [DataRow("OddWidth")]
    [DataRow("LeakyNtk")]
    [DataRow("NoBias")]
    [DataRow("Linear")]
    [DataRow("Tanh")]
    [DataRow("Sigmoid")]
    [DataRow("Shallow")]
    [DataRow("Nested")]
    public void Structured_ntk_equals_explicit_jacobian_product(string network)
    {
        var spec = TestNetworks.All[network];
        double[] p = TestInputs.Parameters(spec, seed: 3).Values;
        double[] x1 = TestInputs.Gaussian(4, spec.InputSize, seed: 10);
        double[] x2 = TestInputs.Gaussian(3, spec.InputSize, seed: 12);
        var expected = AutogradNetwork.NtkMatrix(spec, p, x1, x2);
        var fastest = KernelRegistry.Resolve<double>(spec, tier: null);
        NumericAssert.Close(expected, new ReferenceKernel(spec).NtkMatrix(p, x1, x2), 1e-12, "reference Θ");
        NumericAssert.Close(expected, fastest.NtkMatrix(p, x1, x2), 1e-12, "fastest kernel Θ");

        // Every pair of outputs, Θ_kk': what a trace over outputs never shows for k ≠ k'.
        var expectedBlocks = AutogradNetwork.NtkBlocks(spec, p, x1, x2);
        var blocks = new double[expectedBlocks.Length];
        fastest.NtkBlocks(p, x1, x2, blocks);
        NumericAssert.Close(expectedBlocks, blocks, 1e-12, "fastest kernel Θ_kk'");
        int o = spec.OutputSize;
        if (o == 1) return;
        // Entry k·O + k' of each O × O block; k ≠ k' exactly when it is not a multiple of O + 1.
        double largestCross = expectedBlocks.Where((_, q) => q % (o * o) % (o + 1) != 0).Select(Math.Abs).Max();
        if (spec.HiddenWidths.IsEmpty) Assert.AreEqual(0, largestCross, "f = W x + b: outputs share no parameter");
        else Assert.IsGreaterThan(1e-3, largestCross, "the cross-output blocks under test are not zero");
    }

    [TestMethod]
    public void Diagonal_parts_are_weight_and_bias_sums_of_squared_gradients()
    {
        var spec = TinyNet.Spec;
        double[] p = TestInputs.Parameters(spec, seed: 2).Values;
        double[] x = TestInputs.Gaussian(1, spec.InputSize, seed: 2);
        var jacobian = AutogradNetwork.Jacobian(spec, p, x);
        double weights = 0, biases = 0;
        for (int l = 1; l <= spec.LayerCount; l++)
        {
            foreach (var row in jacobian)
            {
                for (int i = spec.WeightOffset(l); i < spec.BiasOffset(l); i++) weights += row[i] * row[i];
                for (int i = spec.BiasOffset(l); i < spec.BiasOffset(l) + spec.Width(l); i++) biases += row[i] * row[i];
            }
        }
        var diagonal = TinyNet.Kernel<double>().NtkDiagonal(p, x);
        NumericAssert.Close(weights, diagonal.Weights, 1e-12, "weights part");
        NumericAssert.Close(biases, diagonal.Biases, 1e-12, "biases part");
    }
}
