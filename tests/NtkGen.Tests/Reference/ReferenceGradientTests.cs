using NtkGen.Reference;
using NtkGen.Tests.Oracles;
using NtkGen.Tests.Support;

namespace NtkGen.Tests.Reference;

/// <summary>The reference backpropagation against central finite differences of f and against automatic differentiation.</summary>
[TestClass]
public sealed class ReferenceGradientTests
{
    [TestMethod]
    [DataRow("Tiny")]
    [DataRow("OddWidth")]
    [DataRow("LeakyNtk")]
    [DataRow("Linear")]
    [DataRow("Tanh")]
    [DataRow("Sigmoid")]
    [DataRow("Shallow")]
    [DataRow("NoBias")]
    public void Gradient_equals_central_finite_differences(string network)
    {
        var spec = TestNetworks.All[network];
        var reference = new ReferenceKernel(spec);
        double[] p = TestInputs.Parameters(spec, seed: 21).Values;
        double[] x = TestInputs.Gaussian(1, spec.InputSize, seed: 4);
        const double h = 1e-5;
        for (int k = 0; k < spec.OutputSize; k++)
        {
            var gradient = new double[p.Length];
            reference.Backward(p, x, k, gradient, default);
            var differences = new double[p.Length];
            var output = new double[spec.OutputSize];
            for (int i = 0; i < p.Length; i++)
            {
                double saved = p[i];
                p[i] = saved + h;
                reference.Forward(p, x, output);
                double plus = output[k];
                p[i] = saved - h;
                reference.Forward(p, x, output);
                double minus = output[k];
                p[i] = saved;
                differences[i] = (plus - minus) / (2 * h);
            }
            // Truncation O(h²) plus rounding O(ε/h): both far below 1e-6 of the largest component here.
            NumericAssert.Close(differences, gradient, 1e-6, $"{network} ∂f_{k}/∂p");
        }
    }

    [TestMethod]
    [DataRow("Tiny")]
    [DataRow("OddWidth")]
    [DataRow("He")]
    [DataRow("LeakyNtk")]
    [DataRow("Tanh")]
    [DataRow("Linear")]
    public void Gradient_equals_automatic_differentiation(string network)
    {
        var spec = TestNetworks.All[network];
        var reference = new ReferenceKernel(spec);
        double[] p = TestInputs.Parameters(spec, seed: 8).Values;
        double[] x = TestInputs.Gaussian(1, spec.InputSize, seed: 6);
        var jacobian = AutogradNetwork.Jacobian(spec, p, x);
        for (int k = 0; k < spec.OutputSize; k++)
        {
            var gradient = new double[p.Length];
            reference.Backward(p, x, k, gradient, default);
            NumericAssert.Close(jacobian[k], gradient, 1e-13, $"{network} ∂f_{k}/∂p");
        }
    }
}
