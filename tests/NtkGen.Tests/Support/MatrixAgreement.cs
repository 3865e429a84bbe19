using NtkGen.Kernels;
using NtkGen.Reference;

namespace NtkGen.Tests.Support;

/// <summary>A kernel's batch outputs and NTK matrices — both parts, per layer, every output pair — against the double reference's.</summary>
internal static class MatrixAgreement
{
    /// <summary>Agreement with the reference in double precision, relative to the largest entry.</summary>
    public const double DoubleTolerance = 1e-12;

    /// <summary>Agreement with the reference in single precision, relative to the largest entry.</summary>
    public const double FloatTolerance = 1e-5;

    /// <summary>The outputs of a batch <paramref name="inputs"/> (given in both precisions) against the reference's.</summary>
    public static void CheckForwardBatch<T>(INtkKernel<T> kernel, T[] parameters, ReferenceKernel reference, double[] referenceParameters,
        double[] inputs, T[] inputsT, double tolerance)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        int outputs = kernel.Spec.OutputSize, count = inputs.Length / kernel.Spec.InputSize;
        var expectedOutputs = new double[count * outputs];
        reference.ForwardBatch(referenceParameters, inputs, expectedOutputs);
        var outputsT = new T[count * outputs];
        kernel.ForwardBatch(parameters, inputsT, outputsT);
        NumericAssert.Close(expectedOutputs, outputsT, tolerance, "batch outputs");
    }

    /// <summary>
    /// Θ(left, right) of <paramref name="kernel"/> at <paramref name="parameters"/> against <paramref name="reference"/> at
    /// <paramref name="referenceParameters"/>, the inputs given in both precisions.
    /// </summary>
    public static void Check<T>(INtkKernel<T> kernel, T[] parameters, ReferenceKernel reference, double[] referenceParameters,
        double[] left, double[] right, T[] leftT, T[] rightT, double tolerance, string label)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var spec = kernel.Spec;
        int n0 = spec.InputSize, outputs = spec.OutputSize;
        int count = left.Length / n0 * (right.Length / n0);
        var expectedWeights = new double[count];
        var expectedBiases = new double[count];
        reference.NtkMatrix(referenceParameters, left, right, expectedWeights, expectedBiases);
        var weights = new T[count];
        var biases = new T[count];
        kernel.NtkMatrix(parameters, leftT, rightT, weights, biases);
        NumericAssert.Close(expectedWeights, weights, tolerance, label + " weights");
        NumericAssert.Close(expectedBiases, biases, tolerance, label + " biases");

        var expectedLayers = new double[count * 2 * spec.LayerCount];
        reference.NtkMatrixByLayer(referenceParameters, left, right, expectedLayers);
        var layers = new T[count * 2 * spec.LayerCount];
        kernel.NtkMatrixByLayer(parameters, leftT, rightT, layers);
        NumericAssert.Close(expectedLayers, layers, tolerance, label + " by layer");

        var expectedBlocks = new double[count * outputs * outputs];
        reference.NtkBlocks(referenceParameters, left, right, expectedBlocks);
        var blocks = new T[count * outputs * outputs];
        kernel.NtkBlocks(parameters, leftT, rightT, blocks);
        NumericAssert.Close(expectedBlocks, blocks, tolerance, label + " blocks");
    }
}
