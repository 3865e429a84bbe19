using System.Numerics;
using System.Numerics.Tensors;

namespace NtkGen.Kernels;

/// <summary>Conveniences over <see cref="INtkKernel{T}"/> that allocate their results.</summary>
public static class NtkKernelExtensions
{
    /// <summary>The NTK matrix <c>Θ(X1, X2)</c> (trace over outputs), <c>N1 × N2</c> row-major.</summary>
    public static T[] NtkMatrix<T>(this INtkKernel<T> kernel, ReadOnlySpan<T> parameters, ReadOnlySpan<T> inputs1, ReadOnlySpan<T> inputs2)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int n0 = kernel.Spec.InputSize;
        int count = checked(inputs1.Length / n0 * (inputs2.Length / n0));
        var weights = new T[count];
        var biases = new T[count];
        kernel.NtkMatrix(parameters, inputs1, inputs2, weights, biases);
        TensorPrimitives.Add(weights, biases, weights);
        return weights;
    }

    /// <summary>The NTK Gram matrix <c>Θ(X, X)</c> (trace over outputs), <c>N × N</c> row-major.</summary>
    public static T[] NtkMatrix<T>(this INtkKernel<T> kernel, ReadOnlySpan<T> parameters, ReadOnlySpan<T> inputs)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => kernel.NtkMatrix(parameters, inputs, inputs);

    /// <summary>The NTK with every pair of outputs, <c>Θ_kk'(x_i, x_j)</c>, as an <c>N × N × O × O</c> row-major array.</summary>
    public static T[] NtkBlocks<T>(this INtkKernel<T> kernel, ReadOnlySpan<T> parameters, ReadOnlySpan<T> inputs)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int count = inputs.Length / kernel.Spec.InputSize, outputs = kernel.Spec.OutputSize;
        var blocks = new T[checked(count * count * outputs * outputs)];
        kernel.NtkBlocks(parameters, inputs, inputs, blocks);
        return blocks;
    }

    /// <summary>The outputs <c>f(x)</c> of one input.</summary>
    public static T[] Forward<T>(this INtkKernel<T> kernel, ReadOnlySpan<T> parameters, ReadOnlySpan<T> input)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var output = new T[kernel.Spec.OutputSize];
        kernel.Forward(parameters, input, output);
        return output;
    }

    /// <summary>The gradient <c>∂f_k/∂p</c> of output unit <paramref name="outputIndex"/> in parameter layout.</summary>
    public static T[] Gradient<T>(this INtkKernel<T> kernel, ReadOnlySpan<T> parameters, ReadOnlySpan<T> input, int outputIndex = 0)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var gradient = new T[kernel.Spec.ParameterCount];
        kernel.Backward(parameters, input, outputIndex, gradient, default);
        return gradient;
    }
}
