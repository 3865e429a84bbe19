using System.Numerics;
using System.Numerics.Tensors;

namespace NtkGen.Kernels;

/// <summary>
/// Applies an activation and its derivative to a whole layer with <see cref="TensorPrimitives"/>. Used by the
/// generic kernel for every activation and by generated kernels for the smooth ones (sigmoid, tanh), whose
/// vectorized transcendental functions TensorPrimitives already provides.
/// </summary>
public static class ActivationFunctions
{
    /// <summary>Writes <c>φ(z)</c> into <paramref name="activation"/> and <c>φ'(z)</c> into <paramref name="derivative"/>.</summary>
    public static void Apply<T>(Activation kind, T leakySlope, ReadOnlySpan<T> z, Span<T> activation, Span<T> derivative)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        switch (kind)
        {
            case Activation.ReLU:
                TensorPrimitives.Max(z, T.Zero, activation);
                for (int i = 0; i < z.Length; i++) derivative[i] = z[i] > T.Zero ? T.One : T.Zero;
                break;
            case Activation.LeakyReLU:
                for (int i = 0; i < z.Length; i++)
                {
                    bool positive = z[i] > T.Zero;
                    activation[i] = positive ? z[i] : leakySlope * z[i];
                    derivative[i] = positive ? T.One : leakySlope;
                }
                break;
            case Activation.Linear:
                z.CopyTo(activation);
                derivative.Fill(T.One);
                break;
            case Activation.Sigmoid:
                // σ' = σ (1 - σ)
                TensorPrimitives.Sigmoid(z, activation);
                TensorPrimitives.Subtract(T.One, activation, derivative);
                TensorPrimitives.Multiply(derivative, activation, derivative);
                break;
            case Activation.Tanh:
                // tanh' = 1 - tanh²
                TensorPrimitives.Tanh(z, activation);
                TensorPrimitives.Multiply(activation, activation, derivative);
                TensorPrimitives.Subtract(T.One, derivative, derivative);
                break;
            default:
                throw Unsupported(kind);
        }
    }

    /// <summary>Whether kernels exist for <paramref name="kind"/> (every activation but <see cref="Activation.Erf"/> so far).</summary>
    public static bool IsSupported(Activation kind) => kind is Activation.ReLU or Activation.LeakyReLU or Activation.Linear or Activation.Sigmoid or Activation.Tanh;

    internal static NotSupportedException Unsupported(Activation kind)
        => new($"The activation {kind} is not supported yet; supported: ReLU, LeakyReLU, Linear, Sigmoid, Tanh.");
}
