using NtkGen;
using TorchSharp;
using static TorchSharp.torch;

namespace NtkGen.Baselines;

/// <summary>
/// The NTK as most libtorch code computes it: a forward pass per sample, one autograd backward per output unit for the
/// per-sample Jacobian <c>J</c> (N·O × P), then <c>Θ = Σ_k J_k J_kᵀ</c>. Memory grows with N·O·P, so large shapes are skipped.
/// </summary>
internal sealed class LibtorchAutogradNtk(LibtorchNetwork network)
{
    /// <summary>Θ(X, X) of the N × n0 batch <paramref name="inputs"/>.</summary>
    public Tensor Matrix(Tensor inputs)
    {
        var spec = network.Spec;
        int depth = spec.LayerCount, o = spec.OutputSize;
        long n = inputs.shape[0];
        using var scope = torch.NewDisposeScope();
        var parameters = new List<Tensor>();
        for (int l = 1; l <= depth; l++)
        {
            parameters.Add(network.Weights[l]);
            if (spec.IncludeBiases) parameters.Add(network.Biases[l]);
        }
        var rows = new Tensor[n * o];
        for (long i = 0; i < n; i++)
        {
            var a = inputs[i].unsqueeze(0);
            for (int l = 1; l <= depth; l++)
            {
                var z = torch.addmm(network.Biases[l], a, network.Weights[l].t(), beta: 1, alpha: (float)spec.WeightScale(l));
                a = l < depth ? torch.nn.functional.relu(z) : z;
            }
            for (int k = 0; k < o; k++)
            {
                var gradients = torch.autograd.grad([a[0, k]], parameters, retain_graph: k < o - 1);
                rows[k * n + i] = torch.cat(gradients.Select(g => g.flatten()).ToList(), 0);
            }
        }
        using var noGrad = torch.no_grad();
        var theta = torch.zeros(n, n, dtype: network.Type);
        for (int k = 0; k < o; k++)
        {
            var jacobian = torch.stack(rows.Skip(k * (int)n).Take((int)n).ToList());
            theta.add_(torch.mm(jacobian, jacobian.t()));
        }
        return theta.MoveToOuterDisposeScope();
    }

    /// <summary>Bytes of the per-sample Jacobian for a batch of <paramref name="count"/>.</summary>
    public static long JacobianBytes(NetworkSpec spec, int count, int elementBytes) => (long)count * spec.OutputSize * spec.TotalParameterCount * elementBytes;
}
