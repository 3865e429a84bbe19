using NtkGen;
using TorchSharp;
using static TorchSharp.torch;

namespace NtkGen.Baselines;

/// <summary>
/// The structured NTK (THEORY.md §2) written the best way a libtorch user can: batched matrix products, no autograd.
/// Forward <c>Z_l = s_l A_{l-1} W_lᵀ + b_l</c>, <c>A_l = relu(Z_l)</c>, <c>D_l = 1[Z_l &gt; 0]</c>; backward of every output
/// at once, <c>Δ_l = s_{l+1} (Δ_{l+1} W_{l+1}) ⊙ D_l</c> with <c>Δ_L</c> the identity per output; then
/// <c>Θ = Σ_l (Σ_k Δ^k_l Δ^kᵀ_l) ⊙ (s_l² A_{l-1} A_{l-1}ᵀ + 1)</c>, each Gram one <c>mm</c>.
/// </summary>
internal sealed class LibtorchStructuredNtk(LibtorchNetwork network)
{
    /// <summary>Θ(X, X) of the N × n0 batch <paramref name="inputs"/>, weights and biases parts summed.</summary>
    public Tensor Matrix(Tensor inputs)
    {
        var spec = network.Spec;
        int depth = spec.LayerCount, o = spec.OutputSize;
        long n = inputs.shape[0];
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var activations = new Tensor[depth];
        var derivatives = new Tensor[depth];
        activations[0] = inputs;
        for (int l = 1; l < depth; l++)
        {
            var z = torch.addmm(network.Biases[l], activations[l - 1], network.Weights[l].t(), beta: 1, alpha: (float)spec.WeightScale(l));
            activations[l] = torch.nn.functional.relu(z);
            derivatives[l] = z.gt(0).to_type(network.Type);
        }
        // Δ_l of every output side by side: O × N × n_l (O = 1: N × n_l, no copies).
        var delta = o == 1
            ? torch.ones(n, 1, dtype: network.Type)
            : torch.eye(o, dtype: network.Type).unsqueeze(1).expand(o, n, o);
        var theta = torch.zeros(n, n, dtype: network.Type);
        for (int l = depth; l >= 1; l--)
        {
            if (l < depth) delta = torch.matmul(delta, network.Weights[l + 1]).mul_(spec.WeightScale(l + 1)).mul_(derivatives[l]);
            var deltas = o == 1 ? delta : delta.permute(1, 0, 2).reshape(n, o * spec.Width(l));
            double s2 = spec.WeightScale(l) * spec.WeightScale(l);
            var gram = torch.mm(activations[l - 1], activations[l - 1].t()).mul_(s2);
            if (spec.IncludeBiases) gram.add_(1);
            theta.add_(torch.mm(deltas, deltas.t()).mul_(gram));
        }
        return theta.MoveToOuterDisposeScope();
    }
}
