using NtkGen.Engines;
using NtkGen.Statistics;

namespace NtkGen.Tests.Engines;

/// <summary>
/// Networks sampled without their weight matrices against networks drawn whole (the brute-force sampler on the double
/// kernels), in law: two-sample z-tests of the NTK's moments, diagonal and off-diagonal, for a smooth activation with
/// biases; and for ReLU against the exact mean and second moment.
/// </summary>
[TestClass]
public sealed class ConditionedNetworkSamplerTests
{
    private static readonly double[] Correlations = [1, 0.6, 0];

    [TestMethod]
    [DataRow(Activation.Tanh, 1.5, 0.1, Parametrization.Standard)]
    [DataRow(Activation.Gelu, 2.5, 0.3, Parametrization.Standard)]
    [DataRow(Activation.Sigmoid, 6.0, 0.2, Parametrization.Ntk)]
    public void The_moments_are_those_of_drawn_networks(Activation activation, double sigmaW2, double sigmaB2, Parametrization parametrization)
    {
        const int networks = 40_000;
        var spec = new NetworkSpec(6, [7, 5, 6], 1, activation, sigmaW2: sigmaW2, sigmaB2: sigmaB2, parametrization: parametrization);
        var brute = new BruteForceSampler<double>(spec, Correlations);
        var bruteWorkspace = brute.CreateWorkspace();
        var conditioned = new ConditionedNetworkSampler(spec);
        var workspace = conditioned.CreateWorkspace(Correlations.Length);
        var inputs = new double[Correlations.Length * spec.InputSize];
        var scratch = new double[2 * spec.InputSize];
        var totals = new double[Correlations.Length];
        var lazy = new PowerSums[Statistics.Length];
        var drawn = new PowerSums[Statistics.Length];
        for (int s = 0; s < networks; s++)
        {
            var sample = brute.Sample(21, (ulong)s, (ulong)(networks + s), bruteWorkspace, totals);
            Add(drawn, sample, totals);
            CorrelatedInputs.Draw<double>(22, (ulong)s, Correlations, scratch, inputs);
            sample = conditioned.Sample(inputs, 23, (ulong)s, workspace, totals);
            Add(lazy, sample, totals);
        }
        for (int k = 0; k < Statistics.Length; k++)
        {
            double z = (lazy[k].Mean - drawn[k].Mean) / Math.Sqrt(Square(lazy[k].StandardErrorOfMean) + Square(drawn[k].StandardErrorOfMean));
            // Seven statistics at |z| < 4.5, three rows: a false failure about once in 10 000 runs (the seeds are fixed).
            Assert.IsLessThan(4.5, Math.Abs(z), $"{Statistics[k]}: conditioned {lazy[k].Mean:G6} ± {lazy[k].StandardErrorOfMean:G2}, drawn {drawn[k].Mean:G6} ± {drawn[k].StandardErrorOfMean:G2} (z = {z:F2})");
        }
    }

    [TestMethod]
    public void Relu_networks_have_the_exact_mean_and_second_moment()
    {
        const int networks = 100_000;
        var spec = new NetworkSpec(8, [10, 10, 10], 1, Activation.ReLU, sigmaW2: 2.2);
        var sampler = new ConditionedNetworkSampler(spec);
        Assert.IsTrue(sampler.Rescaled);
        var workspace = sampler.CreateWorkspace(1);
        var input = new double[spec.InputSize];
        var scratch = new double[2 * spec.InputSize];
        var totals = new double[1];
        PowerSums first = default, second = default;
        for (int s = 0; s < networks; s++)
        {
            CorrelatedInputs.Draw<double>(31, (ulong)s, [1.0], scratch, input);
            // Zero-bias ReLU: drawn He-scaled, values divided by e^LogScale (the rescaling is part of what is tested).
            double theta = Math.Exp(sampler.LogScale) * sampler.Sample(input, 32, (ulong)s, workspace, totals).Total;
            first = first.Add(theta);
            second = second.Add(theta * theta);
        }
        var exact = ExactMoments.Compute(spec);
        double mean = Math.Exp(exact.LogMean), secondMoment = Math.Exp(exact.LogSecondMoment);
        Assert.IsLessThan(4.5, Math.Abs(first.Mean - mean) / first.StandardErrorOfMean, $"E[Θ] {first.Mean:G6} ± {first.StandardErrorOfMean:G2}, exact {mean:G6}");
        Assert.IsLessThan(4.5, Math.Abs(second.Mean - secondMoment) / second.StandardErrorOfMean, $"E[Θ²] {second.Mean:G6} ± {second.StandardErrorOfMean:G2}, exact {secondMoment:G6}");
    }

    private static double Square(double x) => x * x;

    private static readonly string[] Statistics = ["Θ(x,x)", "Θ(x,x)²", "weights part", "biases part", "Θ(x,x_0.6)", "Θ(x,x_0)", "Θ(x,x_0.6)²"];

    private static void Add(PowerSums[] into, DiagonalSample sample, double[] totals)
    {
        double[] values = [totals[0], totals[0] * totals[0], sample.Weights, sample.Biases, totals[1], totals[2], totals[1] * totals[1]];
        for (int k = 0; k < values.Length; k++) into[k] = into[k].Add(values[k]);
    }


}
