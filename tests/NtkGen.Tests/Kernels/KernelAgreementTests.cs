using NtkGen.Kernels;
using NtkGen.Reference;
using NtkGen.Tests.Support;

namespace NtkGen.Tests.Kernels;

/// <summary>
/// Every kernel available on this machine — each generated vector tier, the generated scalar code and the generic
/// path — computes the same forward pass, gradients, per-layer δ, NTK diagonal, NTK matrices and output blocks as the
/// double-precision reference: to 1e-12 in double and 1e-5 in float (relative to the largest entry).
/// </summary>
[TestClass]
public sealed class KernelAgreementTests
{
    private const double DoubleTolerance = MatrixAgreement.DoubleTolerance;
    private const double FloatTolerance = MatrixAgreement.FloatTolerance;

    public static IEnumerable<object[]> DoubleCases => KernelCases.Cases<double>();

    public static IEnumerable<object[]> FloatCases => KernelCases.Cases<float>();

    [TestMethod]
    [DynamicData(nameof(DoubleCases))]
    public void Double_kernel_matches_reference(string network, string tier)
    {
        var spec = TestNetworks.All[network];
        var kernel = KernelCases.Resolve<double>(spec, tier);
        var parameters = TestInputs.Parameters(spec, seed: 11);
        CompareWithReference(kernel, parameters.Values, parameters, DoubleTolerance);
    }

    [TestMethod]
    [DynamicData(nameof(FloatCases))]
    public void Float_kernel_matches_reference(string network, string tier)
    {
        var spec = TestNetworks.All[network];
        var kernel = KernelCases.Resolve<float>(spec, tier);
        var parameters = TestInputs.Parameters(spec, seed: 11).ConvertTo<float>();
        // The reference sees exactly the float parameters, so only the arithmetic differs.
        CompareWithReference(kernel, parameters.Values, parameters.ConvertTo<double>(), FloatTolerance);
    }

    [TestMethod]
    [DynamicData(nameof(VectorCases))]
    public void Vector_tier_matches_generated_scalar_code(string network, string tier)
    {
        var spec = TestNetworks.All[network];
        var vector = KernelCases.Resolve<double>(spec, tier);
        var scalar = KernelRegistry.Resolve<double>(spec, KernelTier.Scalar);
        Assert.AreEqual(KernelTier.Scalar, scalar.Tier);
        var parameters = TestInputs.Parameters(spec, seed: 5).Values;
        var inputs = TestInputs.Gaussian(6, spec.InputSize, seed: 9);
        NumericAssert.Close(scalar.NtkMatrix(parameters, inputs), vector.NtkMatrix(parameters, inputs), DoubleTolerance, "Θ");
        NumericAssert.Close(scalar.Gradient(parameters, inputs.AsSpan(0, spec.InputSize)), vector.Gradient(parameters, inputs.AsSpan(0, spec.InputSize)), DoubleTolerance, "gradient");
    }

    public static IEnumerable<object[]> VectorCases()
    {
        foreach (var (name, spec) in TestNetworks.All)
        {
            foreach (var kernel in KernelRegistry.Available<double>(spec))
            {
                if (KernelTiers.IsVector(kernel.Tier) && KernelRegistry.IsRegistered<double>(spec, KernelTier.Scalar)) yield return [name, kernel.Path.ToString()];
            }
        }
    }

    private static void CompareWithReference<T>(INtkKernel<T> kernel, T[] parameters, NetworkParameters<double> referenceParameters, double tolerance)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var spec = kernel.Spec;
        var reference = new ReferenceKernel(spec);
        double[] p = referenceParameters.Values;
        int n0 = spec.InputSize, outputs = spec.OutputSize;
        double[] x1 = TestInputs.Convert<T>(TestInputs.Gaussian(5, n0, seed: 1)).Select(double.CreateTruncating).ToArray();
        double[] x2 = TestInputs.Convert<T>(TestInputs.Gaussian(3, n0, seed: 2)).Select(double.CreateTruncating).ToArray();
        T[] x1T = TestInputs.Convert<T>(x1), x2T = TestInputs.Convert<T>(x2);

        // Forward, one input and a batch.
        MatrixAgreement.CheckForwardBatch(kernel, parameters, reference, p, x1, x1T, tolerance);
        var expectedOutputs = new double[5 * outputs];
        reference.ForwardBatch(p, x1, expectedOutputs);
        NumericAssert.Close(expectedOutputs.AsSpan(0, outputs), kernel.Forward(parameters, x1T.AsSpan(0, n0)), tolerance, "outputs");

        // Backward of every output unit: gradients and per-layer δ.
        for (int k = 0; k < outputs; k++)
        {
            var expectedGradient = new double[spec.ParameterCount];
            var expectedDeltas = new double[spec.DeltaTraceLength];
            reference.Backward(p, x1.AsSpan(n0, n0), k, expectedGradient, expectedDeltas);
            var gradient = new T[spec.ParameterCount];
            var deltas = new T[spec.DeltaTraceLength];
            kernel.Backward(parameters, x1T.AsSpan(n0, n0), k, gradient, deltas);
            NumericAssert.Close(expectedGradient, gradient, tolerance, $"gradient of output {k}");
            NumericAssert.Close(expectedDeltas, deltas, tolerance, $"δ of output {k}");
        }

        // Diagonal, split into weights and biases.
        var expectedDiagonal = reference.NtkDiagonal(p, x1.AsSpan(0, n0));
        var diagonal = kernel.NtkDiagonal(parameters, x1T.AsSpan(0, n0));
        NumericAssert.Close<T>([expectedDiagonal.Weights, expectedDiagonal.Biases], [diagonal.Weights, diagonal.Biases], tolerance, "Θ(x, x) parts");

        // Rectangular and symmetric matrices, both parts.
        foreach (var (left, right, leftT, rightT, label) in new[] { (x1, x2, x1T, x2T, "Θ(X1, X2)"), (x1, x1, x1T, x1T, "Θ(X1, X1)") })
            MatrixAgreement.Check(kernel, parameters, reference, p, left, right, leftT, rightT, tolerance, label);
    }
}
