using NtkGen.Kernels;
using NtkGen.Reference;
using NtkGen.Tests.Support;

namespace NtkGen.Tests.Kernels;

/// <summary>
/// The loss gradient Σ_n J(x_n)ᵀ c_n of every structured kernel against per-sample reference gradients, on batches that
/// take the per-sample path (fewer samples than a vector), one partial block, and several full blocks plus a partial one
/// of the batched cores.
/// </summary>
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
        foreach (int count in new[] { 3, 40, 150 }) CheckGradient(TestNetworks.All[network], count);
    }

    [TestMethod]
    [DoNotParallelize]
    public void Gradient_does_not_depend_on_the_thread_count()
    {
        int before = KernelThreading.MaxThreads;
        try
        {
            foreach (var spec in new[] { HeNet.Spec, WideLoopNet.Spec })
            {
                foreach (var kernel in KernelRegistry.Available<float>(spec).OfType<StructuredNtkKernel<float>>())
                {
                    var parameters = TestInputs.Parameters(spec, seed: 4).ConvertTo<float>().Values;
                    var inputs = TestInputs.Convert<float>(TestInputs.Gaussian(150, spec.InputSize, seed: 8));
                    var cotangents = TestInputs.Convert<float>(TestInputs.Gaussian(150, spec.OutputSize, seed: 9));
                    float[]? first = null;
                    foreach (int threads in new[] { 1, 2, 3 })
                    {
                        KernelThreading.MaxThreads = threads;
                        using var forward = kernel.ForwardForGradient(parameters, inputs);
                        var gradient = new float[spec.ParameterCount];
                        kernel.LossGradient(parameters, forward, cotangents, gradient);
                        if (first is null) first = gradient;
                        else CollectionAssert.AreEqual(first, gradient, $"{kernel.Name}: {threads} threads");
                    }
                }
            }
        }
        finally
        {
            KernelThreading.MaxThreads = before;
        }
    }

    private static void CheckGradient(NetworkSpec spec, int count)
    {
        INtkKernel<double> reference = new ReferenceKernel(spec);
        double[] p = TestInputs.Parameters(spec, seed: 3).Values;
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
            NumericAssert.Close(expectedOutputs, forward.Outputs, 1e-12, $"{kernel.Name} outputs, {count} samples");
            var gradient = new double[spec.ParameterCount];
            kernel.LossGradient(p, forward, cotangents, gradient);
            NumericAssert.Close(expected, gradient, 1e-12, $"{kernel.Name} gradient, {count} samples");
        }
        foreach (var kernel in KernelRegistry.Available<float>(spec).OfType<StructuredNtkKernel<float>>())
        {
            float[] pf = TestInputs.Convert<float>(p), xf = TestInputs.Convert<float>(x), cf = TestInputs.Convert<float>(cotangents);
            using var forward = kernel.ForwardForGradient(pf, xf);
            var gradient = new float[spec.ParameterCount];
            kernel.LossGradient(pf, forward, cf, gradient);
            NumericAssert.Close(expected, gradient, 1e-4, $"{kernel.Name} gradient, {count} samples");
        }
    }
}
