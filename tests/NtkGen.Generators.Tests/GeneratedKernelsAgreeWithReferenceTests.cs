using System.Reflection;
using System.Runtime.CompilerServices;
using NtkGen.Kernels;
using NtkGen.Reference;

namespace NtkGen.Generators.Tests;

/// <summary>
/// Compiles a declaration with the generator, loads the assembly, lets its module initializer register the kernels,
/// then checks every generated tier this CPU accelerates against the double-precision <see cref="ReferenceKernel"/>:
/// NTK matrices (weight and bias parts), full output blocks, outputs and gradients. Widths that are not multiples of
/// the vector lanes exercise the masked and overlapping tails; an unroll limit of 1 exercises the loops; other accumulator counts the dot products' chains.
/// Each declaration has its own shape: the registry keeps the first kernels registered for a shape.
/// </summary>
[TestClass]
public sealed class GeneratedKernelsAgreeWithReferenceTests
{
    // Double kernels differ from the reference only by summation order and FMA: a few ulps of the largest value.
    private const double DoubleTolerance = 1e-12;

    // Float kernels round every product to 24 bits; the reference gets the same rounded parameters and inputs.
    private const double FloatTolerance = 1e-5;

    private const ulong Seed = 20240611;

    [TestMethod]
    [DataRow("ReluNet", "[FullyConnectedNetwork(5, [17, 33], 2, SigmaB2 = 0.1)]", null, null)]
    [DataRow("LoopedReluNet", "[FullyConnectedNetwork(37, [70, 45], 2, SigmaB2 = 0.1)]", "1", null)]
    // Three chains over 5 or 10 vectors: the loop runs over whole groups of three, the rest are single steps.
    [DataRow("ThreeChainNet", "[FullyConnectedNetwork(11, [83, 50], 2, SigmaB2 = 0.1)]", "2", "3")]
    [DataRow("SingleChainNet", "[FullyConnectedNetwork(13, [47], 1, SigmaB2 = 0.1)]", null, "1")]
    [DataRow("LeakyNtkNet", "[FullyConnectedNetwork(7, [19, 4], 3, Activation = Activation.LeakyReLU, LeakySlope = 0.1, Parametrization = Parametrization.Ntk, SigmaW2 = 1.5, SigmaB2 = 0.3)]", null, null)]
    [DataRow("TanhNet", "[FullyConnectedNetwork(6, [21, 9], 1, Activation = Activation.Tanh, SigmaB2 = 0.2)]", null, null)]
    [DataRow("SigmoidNtkNet", "[FullyConnectedNetwork(3, [24], 2, Activation = Activation.Sigmoid, Parametrization = Parametrization.Ntk, SigmaB2 = 0.05)]", null, null)]
    [DataRow("GeluNet", "[FullyConnectedNetwork(8, [20, 11], 2, Activation = Activation.Gelu, SigmaW2 = 2.0, SigmaB2 = 0.1)]", null, null)]
    [DataRow("ErfNtkNet", "[FullyConnectedNetwork(4, [27], 1, Activation = Activation.Erf, Parametrization = Parametrization.Ntk)]", null, null)]
    [DataRow("LinearNoBiasesNet", "[FullyConnectedNetwork(9, [], 2, Activation = Activation.Linear, IncludeBiases = false)]", null, null)]
    // LeakyReLU keeps every unit of these tiny layers alive: with ReLU a dead layer can make the whole NTK zero.
    [DataRow("NarrowNet", "[FullyConnectedNetwork(1, [3, 2], 3, Activation = Activation.LeakyReLU, LeakySlope = 0.3, SigmaB2 = 0.5)]", null, null)]
    public void GeneratedKernels_MatchTheReference(string typeName, string attribute, string? unrollLimit, string? accumulators)
    {
        var context = new GeneratedCodeLoadContext();
        try
        {
            var (assembly, spec) = CompileAndRegister(context, typeName, attribute, unrollLimit, accumulators);
            var reference = new ReferenceKernel(spec);
            // A few samples take the per-sample path; 37 and 21 the batched path of the vector tiers (partial blocks and vectors).
            foreach (var (count1, count2) in new[] { (4, 3), (37, 21) })
            {
                var inputs1 = Inputs(spec.InputSize, count: count1, phase: 0.3);
                var inputs2 = Inputs(spec.InputSize, count: count2, phase: 1.7);

                var parameters = spec.CreateParameters<double>(Seed).Values;
                foreach (var kernel in GeneratedKernels<double>(assembly, spec))
                    AssertAgree(reference, kernel, parameters, parameters, inputs1, inputs2, inputs1, inputs2, DoubleTolerance);

                // Float: round parameters and inputs once, then give the reference exactly those values in double.
                var floatParameters = spec.CreateParameters<double>(Seed).ConvertTo<float>();
                var roundedParameters = floatParameters.ConvertTo<double>().Values;
                var (floatInputs1, floatInputs2) = (ToFloat(inputs1), ToFloat(inputs2));
                var (roundedInputs1, roundedInputs2) = (ToDouble(floatInputs1), ToDouble(floatInputs2));
                foreach (var kernel in GeneratedKernels<float>(assembly, spec))
                    AssertAgree(reference, kernel, roundedParameters, floatParameters.Values, roundedInputs1, roundedInputs2, floatInputs1, floatInputs2, FloatTolerance);
            }
        }
        finally
        {
            // The registry keeps the kernels alive, so nothing is collected; unloading still marks the context done.
            context.Unload();
        }
    }

    /// <summary>Generates and compiles <c>Demo.{typeName}</c>, loads it and runs its module initializer.</summary>
    private static (Assembly Assembly, NetworkSpec Spec) CompileAndRegister(GeneratedCodeLoadContext context, string typeName, string attribute, string? unrollLimit, string? accumulators)
    {
        string source = $"using NtkGen;\n\nnamespace Demo;\n\n{attribute}\npublic partial class {typeName};\n";
        var options = TestAnalyzerConfigOptionsProvider.ForBuildProperties(unrollLimit: unrollLimit, accumulators: accumulators);
        var (output, result) = GeneratorHarness.RunGenerator(GeneratorHarness.CreateCompilation(source), options);
        Assert.IsNull(result.Exception, $"The generator threw: {result.Exception}");

        var assembly = GeneratorHarness.EmitAndLoad(output, context);
        // Registration happens in the module initializer: run it now instead of relying on a first touch.
        RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
        var type = assembly.GetType("Demo." + typeName, throwOnError: true)!;
        var spec = (NetworkSpec)type.GetProperty("Spec", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        return (assembly, spec);
    }

    /// <summary>
    /// The generated kernels the registry offers for <paramref name="spec"/>: one per tier this CPU accelerates, each
    /// compiled into <paramref name="assembly"/> (not a fallback).
    /// </summary>
    private static List<INtkKernel<T>> GeneratedKernels<T>(Assembly assembly, NetworkSpec spec)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var kernels = KernelRegistry.Available<T>(spec).Where(k => k.Tier is not (KernelTier.Generic or KernelTier.Reference) && !k.Path.RuntimeWidth).ToList();
        var expectedTiers = KernelTiers.GeneratedWidestFirst.ToArray().Where(KernelTiers.IsAvailable).ToList();
        CollectionAssert.AreEquivalent(expectedTiers, kernels.Select(k => k.Tier).ToList(), "Generated tiers registered for " + spec);
        foreach (var kernel in kernels)
            Assert.AreSame(assembly, kernel.GetType().Assembly, kernel.Name + " does not come from the compiled assembly.");
        return kernels;
    }

    private static void AssertAgree<T>(
        ReferenceKernel reference, INtkKernel<T> kernel,
        double[] referenceParameters, T[] parameters,
        double[] referenceInputs1, double[] referenceInputs2, T[] inputs1, T[] inputs2,
        double tolerance)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var spec = kernel.Spec;
        int n1 = referenceInputs1.Length / spec.InputSize, n2 = referenceInputs2.Length / spec.InputSize, o = spec.OutputSize;

        // Θ(X1, X2) split into its weight and bias parts.
        var (expectedWeights, expectedBiases) = (new double[n1 * n2], new double[n1 * n2]);
        reference.NtkMatrix(referenceParameters, referenceInputs1, referenceInputs2, expectedWeights, expectedBiases);
        var (weights, biases) = (new T[n1 * n2], new T[n1 * n2]);
        kernel.NtkMatrix(parameters, inputs1, inputs2, weights, biases);
        // A vanishing reference would let any kernel pass.
        Assert.IsGreaterThan(0.0, MaxAbs(expectedWeights), "The reference NTK is zero.");
        AssertClose(expectedWeights, weights, tolerance, kernel.Name + " NTK weight part");
        AssertClose(expectedBiases, biases, tolerance, kernel.Name + " NTK bias part");

        // Θ(X1, X1): the symmetric path computes one triangle and mirrors it.
        AssertClose(reference.NtkMatrix(referenceParameters, referenceInputs1), kernel.NtkMatrix(parameters, inputs1), tolerance, kernel.Name + " Gram matrix");

        // Every output block Θ_kk'.
        var expectedBlocks = new double[n1 * n2 * o * o];
        reference.NtkBlocks(referenceParameters, referenceInputs1, referenceInputs2, expectedBlocks);
        var blocks = new T[n1 * n2 * o * o];
        kernel.NtkBlocks(parameters, inputs1, inputs2, blocks);
        AssertClose(expectedBlocks, blocks, tolerance, kernel.Name + " NTK blocks");

        // Outputs and gradients of the first input, every output unit.
        var input = inputs1.AsSpan(0, spec.InputSize);
        var referenceInput = referenceInputs1.AsSpan(0, spec.InputSize);
        AssertClose(reference.Forward(referenceParameters, referenceInput), kernel.Forward(parameters, input), tolerance, kernel.Name + " outputs");
        for (int k = 0; k < o; k++)
            AssertClose(reference.Gradient(referenceParameters, referenceInput, k), kernel.Gradient(parameters, input, k), tolerance, $"{kernel.Name} gradient of output {k}");
    }

    /// <summary>max |actual − expected| ≤ tolerance · max |expected| (exact equality when the expected values are all zero).</summary>
    private static void AssertClose<T>(double[] expected, T[] actual, double relativeTolerance, string what)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        Assert.HasCount(expected.Length, actual, what);
        double maxDifference = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double difference = Math.Abs(double.CreateChecked(actual[i]) - expected[i]);
            // NaN must fail: Math.Max would carry it, but a comparison with NaN is false, so check it explicitly.
            Assert.IsFalse(double.IsNaN(difference), $"{what}: NaN at {i}.");
            maxDifference = Math.Max(maxDifference, difference);
        }
        double bound = relativeTolerance * MaxAbs(expected);
        Assert.IsLessThanOrEqualTo(bound, maxDifference, $"{what}: max |diff| {maxDifference:G3} exceeds {bound:G3}.");
    }

    private static float[] ToFloat(double[] values) => values.Select(x => (float)x).ToArray();

    private static double[] ToDouble(float[] values) => values.Select(x => (double)x).ToArray();

    private static double MaxAbs(double[] values) => values.Length == 0 ? 0 : values.Max(Math.Abs);

    /// <summary>Deterministic inputs of order one, different in every coordinate and sample.</summary>
    private static double[] Inputs(int inputSize, int count, double phase)
        => Enumerable.Range(0, inputSize * count).Select(i => Math.Sin(0.37 * i + phase) + 0.1 * Math.Cos(1.3 * i)).ToArray();
}
