using NtkGen;
using TorchSharp;
using static TorchSharp.torch;

namespace NtkGen.Baselines;

/// <summary>
/// A network of NtkGen's layout (<see cref="NetworkSpec"/>: W_l row-major <c>[out, in]</c> then b_l, forward scale s_l) as
/// libtorch tensors, with the same parameters: the two libtorch baselines compute the NTK of exactly the network NtkGen does.
/// </summary>
internal sealed class LibtorchNetwork : IDisposable
{
    public LibtorchNetwork(NetworkSpec spec, double[] parameters, ScalarType type, bool requiresGrad)
    {
        if (spec.Activation != Activation.ReLU) throw new NotSupportedException("The libtorch baselines compute ReLU networks.");
        Spec = spec;
        Type = type;
        Weights = new Tensor[spec.LayerCount + 1];
        Biases = new Tensor[spec.LayerCount + 1];
        for (int l = 1; l <= spec.LayerCount; l++)
        {
            Weights[l] = Tensor(parameters.AsSpan(spec.WeightOffset(l), spec.Width(l) * spec.Width(l - 1)), [spec.Width(l), spec.Width(l - 1)], requiresGrad);
            Biases[l] = Tensor(parameters.AsSpan(spec.BiasOffset(l), spec.Width(l)), [spec.Width(l)], requiresGrad);
        }
    }

    public NetworkSpec Spec { get; }

    public ScalarType Type { get; }

    /// <summary>W_1 … W_L (index 0 unused).</summary>
    public Tensor[] Weights { get; }

    /// <summary>b_1 … b_L (index 0 unused).</summary>
    public Tensor[] Biases { get; }

    /// <summary>A tensor of this network's element type holding <paramref name="values"/>.</summary>
    public Tensor Tensor(ReadOnlySpan<double> values, long[] shape, bool requiresGrad = false)
    {
        var tensor = torch.tensor(values.ToArray(), shape, dtype: ScalarType.Float64).to_type(Type);
        return requiresGrad ? tensor.requires_grad_() : tensor;
    }

    public void Dispose()
    {
        for (int l = 1; l <= Spec.LayerCount; l++)
        {
            Weights[l].Dispose();
            Biases[l].Dispose();
        }
    }
}
