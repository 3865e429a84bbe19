using NtkGen.Kernels;
using NtkGen.Reference;
using NtkGen.Tests.Support;

namespace NtkGen.Tests.Kernels;

/// <summary>
/// The batched path (blocks of samples as panels, register-tiled layers, Gram tiles) of every kernel available on this
/// machine against the double-precision reference, at batch sizes that take it: partial blocks, partial vectors,
/// several blocks, rectangular and symmetric matrices; to 1e-12 in double and 1e-5 in float, as the per-sample path.
/// Results must not depend on the number of threads.
/// </summary>
[TestClass]
public sealed class BatchedKernelTests
{
    private const double DoubleTolerance = MatrixAgreement.DoubleTolerance;
    private const double FloatTolerance = MatrixAgreement.FloatTolerance;

    // 37 and 70 samples: with 64-sample blocks one partial block and a full block plus 6; with 32-sample blocks 2 and 3
    // blocks; with 16- and 8-sample blocks many, each ending in a partial vector.
    private const int Count1 = 37;
    private const int Count2 = 70;

    public static IEnumerable<object[]> DoubleCases => KernelCases.Cases<double>();

    public static IEnumerable<object[]> FloatCases => KernelCases.Cases<float>();

    [TestMethod]
    [DynamicData(nameof(DoubleCases))]
    public void Double_batched_path_matches_reference(string network, string tier)
    {
        var spec = TestNetworks.All[network];
        var parameters = TestInputs.Parameters(spec, seed: 21);
        CompareWithReference(KernelCases.Resolve<double>(spec, tier), parameters.Values, parameters, DoubleTolerance);
    }

    [TestMethod]
    [DynamicData(nameof(FloatCases))]
    public void Float_batched_path_matches_reference(string network, string tier)
    {
        var spec = TestNetworks.All[network];
        var parameters = TestInputs.Parameters(spec, seed: 21).ConvertTo<float>();
        CompareWithReference(KernelCases.Resolve<float>(spec, tier), parameters.Values, parameters.ConvertTo<double>(), FloatTolerance);
    }

    [TestMethod]
    public void Vector_kernels_have_batched_cores_and_the_others_do_not()
    {
        int vectorKernels = 0;
        foreach (var kernel in KernelRegistry.Available<float>(HeNet.Spec).OfType<StructuredNtkKernel<float>>())
        {
            bool vector = KernelTiers.IsVector(kernel.Tier);
            Assert.AreEqual(vector, kernel.HasBatchedCores, kernel.Name);
            if (vector) vectorKernels++;
        }
        // Generated and run-time-width, for every accelerated vector tier.
        int tiers = new[] { KernelTier.Vector512, KernelTier.Vector256, KernelTier.Vector128 }.Count(KernelTiers.IsAvailable);
        Assert.AreEqual(2 * tiers, vectorKernels);
    }

    [TestMethod]
    [DoNotParallelize]
    public void Results_do_not_depend_on_the_thread_count()
    {
        int before = KernelThreading.MaxThreads;
        try
        {
            foreach (var spec in new[] { HeNet.Spec, LeakyNtkNet.Spec, WideLoopNet.Spec })
            {
                foreach (var kernel in KernelRegistry.Available<float>(spec))
                {
                    var parameters = TestInputs.Parameters(spec, seed: 4).ConvertTo<float>().Values;
                    var inputs = TestInputs.Convert<float>(TestInputs.Gaussian(150, spec.InputSize, seed: 8));
                    float[]? first = null;
                    foreach (int threads in new[] { 1, 2, 3, 5 })
                    {
                        KernelThreading.MaxThreads = threads;
                        var weights = new float[150 * 150];
                        var biases = new float[150 * 150];
                        kernel.NtkMatrix(parameters, inputs, inputs, weights, biases);
                        var diagonalWeights = new float[150];
                        var diagonalBiases = new float[150];
                        var diagonalBlocks = new float[150 * spec.OutputSize * spec.OutputSize];
                        if (kernel is StructuredNtkKernel<float> structured)
                        {
                            structured.NtkDiagonalBatch(parameters, inputs, diagonalWeights, diagonalBiases);
                            structured.NtkDiagonalBlocksBatch(parameters, inputs, diagonalBlocks);
                        }
                        var result = weights.Concat(biases).Concat(diagonalWeights).Concat(diagonalBiases).Concat(diagonalBlocks).ToArray();
                        if (first is null) first = result;
                        else CollectionAssert.AreEqual(first, result, $"{kernel.Name}: {threads} threads");
                    }
                }
            }
        }
        finally
        {
            KernelThreading.MaxThreads = before;
        }
    }

    [TestMethod]
    public void Symmetric_batched_matrix_is_exactly_symmetric()
    {
        var kernel = KernelRegistry.Resolve<float>(OddWidthNet.Spec, tier: null);
        var parameters = TestInputs.Parameters(OddWidthNet.Spec, seed: 6).ConvertTo<float>().Values;
        var inputs = TestInputs.Convert<float>(TestInputs.Gaussian(Count2, OddWidthNet.Spec.InputSize, seed: 3));
        var theta = kernel.NtkMatrix(parameters, inputs);
        for (int i = 0; i < Count2; i++)
            for (int j = 0; j < i; j++)
                Assert.AreEqual(theta[j * Count2 + i], theta[i * Count2 + j], $"Θ[{i}, {j}]");
    }

    private static void CompareWithReference<T>(INtkKernel<T> kernel, T[] parameters, NetworkParameters<double> referenceParameters, double tolerance)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var spec = kernel.Spec;
        var reference = new ReferenceKernel(spec);
        double[] p = referenceParameters.Values;
        int n0 = spec.InputSize;
        T[] x1T = TestInputs.Convert<T>(TestInputs.Gaussian(Count1, n0, seed: 31)), x2T = TestInputs.Convert<T>(TestInputs.Gaussian(Count2, n0, seed: 32));
        double[] x1 = x1T.Select(double.CreateTruncating).ToArray(), x2 = x2T.Select(double.CreateTruncating).ToArray();

        MatrixAgreement.CheckForwardBatch(kernel, parameters, reference, p, x2, x2T, tolerance);

        foreach (var (left, right, leftT, rightT, label) in new[] { (x1, x2, x1T, x2T, "Θ(X1, X2)"), (x2, x2, x2T, x2T, "Θ(X2, X2)"), (x2, x1, x2T, x1T, "Θ(X2, X1)") })
            MatrixAgreement.Check(kernel, parameters, reference, p, left, right, leftT, rightT, tolerance, label);

        // Θ(x, x) of every input: the reference's diagonal of Θ(X2, X2).
        if (kernel is not StructuredNtkKernel<T> structured) return;
        var fullWeights = new double[Count2 * Count2];
        var fullBiases = new double[Count2 * Count2];
        reference.NtkMatrix(p, x2, x2, fullWeights, fullBiases);
        var weights = new T[Count2];
        var biases = new T[Count2];
        structured.NtkDiagonalBatch(parameters, x2T, weights, biases);
        NumericAssert.Close(Enumerable.Range(0, Count2).Select(i => fullWeights[i * Count2 + i]).ToArray(), weights, tolerance, "Θ(x, x) weights");
        NumericAssert.Close(Enumerable.Range(0, Count2).Select(i => fullBiases[i * Count2 + i]).ToArray(), biases, tolerance, "Θ(x, x) biases");
        int o = spec.OutputSize;
        var fullBlocks = new double[Count2 * Count2 * o * o];
        reference.NtkBlocks(p, x2, x2, fullBlocks);
        var diagonalBlocks = new T[Count2 * o * o];
        structured.NtkDiagonalBlocksBatch(parameters, x2T, diagonalBlocks);
        NumericAssert.Close(Enumerable.Range(0, Count2).SelectMany(i => fullBlocks.AsSpan((i * Count2 + i) * o * o, o * o).ToArray()).ToArray(),
            diagonalBlocks, tolerance, "Θ_kk'(x, x)");
    }
}
