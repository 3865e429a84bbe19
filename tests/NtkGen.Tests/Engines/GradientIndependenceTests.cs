using NtkGen.Engines;
using NtkGen.Kernels;
using NtkGen.Random;
using NtkGen.Statistics;

namespace NtkGen.Tests.Engines;

/// <summary>
/// Which chain real networks follow: the weights part's dispersion of 400 000 real 16 → 16 × 7 → 1 ReLU networks
/// against the exact chain (the backward pass uses the forward pass's weights) and the gradient-independence chain
/// (an independent copy of each weight matrix). The two differ by 7%, more than 4 standard errors at this sample size:
/// the test accepts the exact chain and rejects gradient independence.
/// </summary>
[TestClass]
public sealed class GradientIndependenceTests
{
    private const int Networks = 400_000;
    private const int Chunk = 5_000;

    [TestMethod]
    public void Real_networks_follow_the_exact_chain_not_gradient_independence()
    {
        var spec = new NetworkSpec(16, Enumerable.Repeat(16, 7).ToArray(), 1);
        double exact = ExactMoments.Compute(spec, 1, ExactMoments.Part.Weights).Dispersion;
        double independent = ExactMoments.Compute(spec, 1, ExactMoments.Part.Weights, ChainModel.GradientIndependence).Dispersion;

        // Chunks of networks on any thread, summed in chunk order: the estimate does not depend on the thread count.
        var kernel = KernelRegistry.Resolve<double>(spec);
        var chunks = new PowerSums[Networks / Chunk];
        Parallel.For(0, chunks.Length, c =>
        {
            var parameters = new double[spec.ParameterCount];
            var input = new double[spec.InputSize];
            input[0] = 1;
            var sums = default(PowerSums);
            for (int s = c * Chunk; s < (c + 1) * Chunk; s++)
            {
                NetworkDraw.Draw<double>(spec, seed: 2026, stream: (ulong)s, parameters);
                sums = sums.Add(kernel.NtkDiagonal(parameters, input).Weights);
            }
            chunks[c] = sums;
        });
        var total = chunks.Aggregate(default(PowerSums), (a, b) => a.Merge(b));
        var (ratio, se) = total.Dispersion();

        Assert.IsGreaterThan(4 * se, exact - independent, $"the models differ by {exact - independent:F3}, SE {se:F3}: not enough networks to tell them apart");
        Assert.IsLessThan(3 * se, Math.Abs(ratio - exact), $"real networks {ratio:F3} ± {se:F3}, exact chain {exact:F3}");
        Assert.IsGreaterThan(3 * se, Math.Abs(ratio - independent), $"real networks {ratio:F3} ± {se:F3}, gradient independence {independent:F3}");
    }
}
