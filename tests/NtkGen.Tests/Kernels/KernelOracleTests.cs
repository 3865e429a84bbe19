using NtkGen.Kernels;
using NtkGen.Reference;
using NtkGen.Tests.Oracles;
using NtkGen.Tests.Support;

namespace NtkGen.Tests.Kernels;

/// <summary>
/// Every path — generated, run-time-width (on declared shapes and on shapes nobody declared: widths 1, 3, 17, 100, odd
/// n0, several outputs) and generic — on batches that take the batched cores (more samples than a block, a partial last
/// block and vector): the NTK matrix and output blocks against the explicit Jacobian product <c>J Jᵀ</c> by automatic
/// differentiation, the loss gradient against central finite differences of the double reference; and the registry's
/// choice for undeclared shapes. (KernelAgreementTests, BatchedKernelTests and LossGradientTests hold every path against
/// the reference as well.)
/// </summary>
[TestClass]
public sealed class KernelOracleTests
{
    // 70 samples: a full block plus a partial one for 64-sample blocks; partial vectors for every width.
    private const int Count1 = 70;
    private const int Count2 = 9;

    public static IEnumerable<object[]> Cases() => KernelCases.Cases<double>();

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void Ntk_equals_the_explicit_Jacobian_product(string network, string path)
    {
        var spec = TestNetworks.All[network];
        double[] p = TestInputs.Parameters(spec, seed: 17).Values;
        double[] x1 = TestInputs.Gaussian(Count1, spec.InputSize, seed: 18);
        double[] x2 = TestInputs.Gaussian(Count1 + Count2, spec.InputSize, seed: 19);
        var expectedBlocks = AutogradNetwork.NtkBlocks(spec, p, x1, x2);
        var expected = AutogradNetwork.NtkMatrix(spec, p, x1, x2);

        var kernel = KernelCases.Resolve<double>(spec, path);
        // The name says what ran: generated-v512-f64 (…), runtime-v512-f64, generic-f64.
        bool generated = !kernel.Path.RuntimeWidth && kernel.Tier is not KernelTier.Generic;
        StringAssert.StartsWith(kernel.Name, (generated ? "generated-" : "") + path + "-f64");
        NumericAssert.Close(expected, kernel.NtkMatrix(p, x1, x2), 1e-12, $"{kernel.Name} Θ");
        var blocks = new double[expectedBlocks.Length];
        kernel.NtkBlocks(p, x1, x2, blocks);
        NumericAssert.Close(expectedBlocks, blocks, 1e-12, $"{kernel.Name} Θ_kk'");
        NumericAssert.Close(AutogradNetwork.NtkMatrix(spec, p, x1, x1), kernel.NtkMatrix(p, x1), 1e-12, $"{kernel.Name} Θ(X, X)");

        if (!KernelRegistry.Available<float>(spec).Any(k => k.Path.ToString() == path)) return;
        var single = KernelCases.Resolve<float>(spec, path);
        float[] pf = TestInputs.Convert<float>(p), x1f = TestInputs.Convert<float>(x1), x2f = TestInputs.Convert<float>(x2);
        // The float kernel rounds parameters and inputs: compare with the oracle on the rounded values.
        var expectedSingle = AutogradNetwork.NtkMatrix(spec, pf.Select(v => (double)v).ToArray(), x1f.Select(v => (double)v).ToArray(), x2f.Select(v => (double)v).ToArray());
        NumericAssert.Close(expectedSingle, single.NtkMatrix(pf, x1f, x2f), 1e-5, $"{single.Name} Θ");
    }

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void Loss_gradient_equals_central_finite_differences(string network, string path)
    {
        var spec = TestNetworks.All[network];
        var kernel = (StructuredNtkKernel<double>)KernelCases.Resolve<double>(spec, path);
        var reference = new ReferenceKernel(spec);
        double[] p = TestInputs.Parameters(spec, seed: 23).Values;
        double[] x = TestInputs.Gaussian(Count1, spec.InputSize, seed: 24);
        double[] c = TestInputs.Gaussian(Count1, spec.OutputSize, seed: 25);
        using var forward = kernel.ForwardForGradient(p, x);
        var gradient = new double[spec.ParameterCount];
        kernel.LossGradient(p, forward, c, gradient);

        // ∂/∂p Σ_n c_n · f(x_n), by central differences of the reference, at about 80 parameters spread over every layer.
        double Loss(double[] parameters)
        {
            var outputs = new double[Count1 * spec.OutputSize];
            reference.ForwardBatch(parameters, x, outputs);
            double sum = 0;
            for (int i = 0; i < outputs.Length; i++) sum += c[i] * outputs[i];
            return sum;
        }
        const double h = 1e-5;
        int step = Math.Max(1, spec.ParameterCount / 80);
        var indices = Enumerable.Range(0, spec.ParameterCount).Where(i => i % step == 0).ToArray();
        var differences = new double[indices.Length];
        var expected = new double[indices.Length];
        for (int q = 0; q < indices.Length; q++)
        {
            int i = indices[q];
            double saved = p[i];
            p[i] = saved + h;
            double plus = Loss(p);
            p[i] = saved - h;
            double minus = Loss(p);
            p[i] = saved;
            differences[q] = (plus - minus) / (2 * h);
            expected[q] = gradient[i];
        }
        // Truncation O(h²) and rounding O(ε/h) of a sum over 70 samples: far below 1e-6 of the largest component.
        NumericAssert.Close(differences, expected, 1e-6, $"{kernel.Name} ∂L/∂p");
    }

    [TestMethod]
    public void Undeclared_shape_runs_on_the_run_time_width_kernel_of_the_widest_vector()
    {
        foreach (var spec in TestNetworks.Undeclared.Values)
        {
            Assert.IsFalse(KernelRegistry.HasGenerated<float>(spec));
            var choice = KernelSelection.For<float>(spec);
            var kernel = KernelRegistry.Resolve<float>(spec, tier: null);
            Assert.AreEqual(choice.Path, kernel.Path);
            var widest = new[] { KernelTier.Vector512, KernelTier.Vector256, KernelTier.Vector128 }.FirstOrDefault(KernelTiers.IsAvailable, KernelTier.Generic);
            Assert.AreEqual(widest, kernel.Tier, kernel.Name);
            Assert.AreEqual(widest != KernelTier.Generic, kernel.Path.RuntimeWidth, kernel.Name);
            Assert.IsTrue(((StructuredNtkKernel<float>)kernel).HasBatchedCores || widest == KernelTier.Generic, kernel.Name);
        }
    }
}
