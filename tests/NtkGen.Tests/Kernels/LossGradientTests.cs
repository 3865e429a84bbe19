using NtkGen.Kernels;
using NtkGen.Reference;
using NtkGen.Tests.Support;

namespace NtkGen.Tests.Kernels;

/// <summary>The batched loss gradient Σ_n J(x_n)ᵀ c_n of every structured kernel against per-sample reference gradients.</summary>
[TestClass]
public sealed class LossGradientTests
{
    [TestMethod]
    [DataRow("Tiny")]
    [DataRow("OddWidth")]
    [DataRow("LeakyNtk")]
    [DataRow("Tanh")]
    [DataRow("WideLoop")]
    [DataRow("Shallow")]
    public void Batched_gradient_is_the_sum_of_per_sample_vector_Jacobian_products(string network)
    {
        var spec = TestNetworks.All[network];
        INtkKernel<double> reference = new ReferenceKernel(spec);
        double[] p = TestInputs.Parameters(spec, seed: 3).Values;
        const int count = 40;
        double[] x = TestInputs.Gaussian(count, spec.InputSize, seed: 4);
        double[] cotangents = TestInputs.Gaussian(count, spec.OutputSize, seed: 5);
        var expected = new double[spec.ParameterCount];
        for (int n = 0; n < count; n++)
            for (int k = 0; k < spec.OutputSize; k++)
            {
                var g = reference.Gradient(p, x.AsSpan(n * spec.InputSize, spec.InputSize), k);
                for (int j = 0; j < g.Length; j++) expected[j] += cotangents[n * spec.OutputSize + k] * g[j];
            }
        var expectedOutputs = new double[count * spec.OutputSize];
        reference.ForwardBatch(p, x, expectedOutputs);

        foreach (var kernel in KernelRegistry.Available<double>(spec).OfType<StructuredNtkKernel<double>>())
        {
            using var forward = kernel.ForwardForGradient(p, x);
            NumericAssert.Close(expectedOutputs, forward.Outputs, 1e-12, $"{kernel.Name} outputs");
            var gradient = new double[spec.ParameterCount];
            kernel.LossGradient(p, forward, cotangents, gradient);
            NumericAssert.Close(expected, gradient, 1e-12, $"{kernel.Name} gradient");
        }
        foreach (var kernel in KernelRegistry.Available<float>(spec).OfType<StructuredNtkKernel<float>>())
        {
            float[] pf = TestInputs.Convert<float>(p), xf = TestInputs.Convert<float>(x), cf = TestInputs.Convert<float>(cotangents);
            using var forward = kernel.ForwardForGradient(pf, xf);
            var gradient = new float[spec.ParameterCount];
            kernel.LossGradient(pf, forward, cf, gradient);
            NumericAssert.Close(expected, gradient, 1e-4, $"{kernel.Name} gradient");
        }
    }
}
