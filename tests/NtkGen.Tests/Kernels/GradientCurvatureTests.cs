using NtkGen.Kernels;
using NtkGen.Reference;
using NtkGen.Tests.Support;

namespace NtkGen.Tests.Kernels;

/// <summary>
/// The second-order jet ∇fᵀH∇f (THEORY.md §5) against a brute-force Hessian-vector product of the reference gradient,
/// every kernel against the reference, and the first-order NTK change against a real gradient step.
/// </summary>
[TestClass]
public sealed class GradientCurvatureTests
{
    public static IEnumerable<object[]> Networks => new[] { "Tiny", "OddWidth", "LeakyNtk", "NoBias", "Linear", "Tanh", "Sigmoid", "Shallow", "Nested" }.Select(n => new object[] { n });

    [TestMethod]
    [DynamicData(nameof(Networks))]
    public void Jet_equals_a_brute_force_Hessian_vector_product(string network)
    {
        var (spec, reference, p, x) = Case(network, seed: 31);
        for (int k = 0; k < spec.OutputSize; k++)
        {
            double[] v = Direction(spec, reference, p, x, k);
            // vᵀHv from central differences of the gradient, Richardson-extrapolated: error O(ε⁴) plus rounding O(ε_mach/ε).
            double Central(double epsilon) => Dot(v, GradientDifference(spec, reference, p, x, k, v, epsilon)) / (2 * epsilon);
            double expected = (4 * Central(5e-5) - Central(1e-4)) / 3;
            var (curvature, ntk) = reference.GradientCurvature(p, x, k);
            Assert.AreEqual(expected, curvature, 1e-9 * Math.Max(Math.Abs(expected), Dot(v, v)), $"{network}, output {k}");
            Assert.AreEqual(Dot(v, v), ntk, 1e-12 * Dot(v, v), "ż_L = ‖∇f‖² = Θ_kk(x, x)");
        }
    }

    [TestMethod]
    [DynamicData(nameof(Networks))]
    public void Every_kernel_computes_the_reference_curvature(string network)
    {
        var (spec, reference, p, x) = Case(network, seed: 5);
        float[] pf = TestInputs.Convert<float>(p), xf = TestInputs.Convert<float>(x);
        INtkKernel<double> referenceOfFloat = reference;
        for (int k = 0; k < spec.OutputSize; k++)
        {
            var expected = reference.GradientCurvature(p, x, k);
            var expectedFloat = referenceOfFloat.GradientCurvature(pf.Select(v => (double)v).ToArray(), xf.Select(v => (double)v).ToArray(), k);
            foreach (var kernel in KernelRegistry.Available<double>(spec))
            {
                var (curvature, ntk) = kernel.GradientCurvature(p, x, k);
                NumericAssert.Close<double>([expected.Curvature, expected.Ntk], [curvature, ntk], 1e-12, $"{kernel.Name}, output {k}");
            }
            foreach (var kernel in KernelRegistry.Available<float>(spec))
            {
                var (curvature, ntk) = kernel.GradientCurvature(pf, xf, k);
                NumericAssert.Close<float>([expectedFloat.Curvature, expectedFloat.Ntk], [curvature, ntk], 1e-5, $"{kernel.Name}, output {k}");
            }
        }
    }

    [TestMethod]
    [DataRow("OddWidth")]
    [DataRow("Tanh")]
    [DataRow("LeakyNtk")]
    public void First_order_change_matches_a_real_step_to_second_order(string network)
    {
        // One gradient step on ½(f_0 − y)²: Θ_00 changes by −2η(f − y)∇fᵀH∇f + O(η²). Halving η must cut the error ~4×.
        var (spec, kernel, p, x) = Case(network, seed: 9);
        const double target = 0.7;
        double f = kernel.Forward(p, x)[0];
        var (curvature, theta) = kernel.GradientCurvature(p, x, 0);
        double[] direction = Direction(spec, kernel, p, x, 0);
        double baseEta = 1e-2 / theta;
        var errors = new double[3];
        for (int i = 0; i < 3; i++)
        {
            double eta = baseEta / (1 << i);
            double[] stepped = p.Select((w, j) => w - eta * (f - target) * direction[j]).ToArray();
            double after = BlockDiagonal(kernel, stepped, x, 0);
            double firstOrder = -2 * eta * (f - target) * curvature;
            errors[i] = Math.Abs(after - theta - firstOrder);
        }
        Assert.IsTrue(errors[0] > 0, "the step must change something");
        for (int i = 1; i < 3; i++)
        {
            double ratio = errors[i - 1] / errors[i];
            Assert.IsTrue(ratio is > 3.5 and < 4.5, $"{network}: error ratio {ratio:F3} between η/{1 << (i - 1)} and η/{1 << i} (errors {string.Join(", ", errors.Select(e => e.ToString("G3")))})");
        }
    }

    /// <summary>∇f_k restricted to the parameters that count in the NTK: the direction of the gradient step.</summary>
    internal static double[] Direction(NetworkSpec spec, INtkKernel<double> kernel, double[] p, double[] x, int k)
    {
        var gradient = kernel.Gradient(p, x, k);
        if (!spec.IncludeBiases)
            for (int l = 1; l <= spec.LayerCount; l++) Array.Clear(gradient, spec.BiasOffset(l), spec.Width(l));
        return gradient;
    }

    /// <summary>The named network, its reference kernel, parameters from <paramref name="seed"/> and one input from the next seed.</summary>
    private static (NetworkSpec Spec, INtkKernel<double> Reference, double[] Parameters, double[] Input) Case(string network, ulong seed)
    {
        var spec = TestNetworks.All[network];
        return (spec, new ReferenceKernel(spec), TestInputs.Parameters(spec, seed: seed).Values, TestInputs.Gaussian(1, spec.InputSize, seed: seed + 1));
    }

    private static double[] GradientDifference(NetworkSpec spec, INtkKernel<double> kernel, double[] p, double[] x, int k, double[] v, double epsilon)
    {
        double[] plus = p.Select((w, j) => w + epsilon * v[j]).ToArray();
        double[] minus = p.Select((w, j) => w - epsilon * v[j]).ToArray();
        var gPlus = Direction(spec, kernel, plus, x, k);
        var gMinus = Direction(spec, kernel, minus, x, k);
        return gPlus.Select((g, j) => g - gMinus[j]).ToArray();
    }

    private static double BlockDiagonal(INtkKernel<double> kernel, double[] p, double[] x, int k)
    {
        int o = kernel.Spec.OutputSize;
        var blocks = new double[o * o];
        kernel.NtkBlocks(p, x, x, blocks);
        return blocks[k * o + k];
    }

    private static double Dot(double[] a, double[] b) => a.Zip(b, (u, w) => u * w).Sum();
}
