using NtkGen.Engines;
using NtkGen.Random;
using NtkGen.Statistics;

namespace NtkGen.Tests.Engines;

/// <summary>
/// The weight-free first step against the kernels' (<see cref="GdStepSampler{T}"/>): on one drawn network, its algebra
/// (forward, backward, jet, the real step and the batch step) gives the same numbers; and over networks, its statistics
/// have the law of drawn networks' (two-sample z-tests).
/// </summary>
[TestClass]
public sealed class ConditionedGdStepSamplerTests
{
    [TestMethod]
    [DataRow(Activation.Tanh, 1.5, 0.1, Parametrization.Standard, true, 3)]
    [DataRow(Activation.ReLU, 2.0, 0.1, Parametrization.Ntk, true, 4)]
    [DataRow(Activation.Sigmoid, 6.0, 0.2, Parametrization.Standard, false, 2)]
    [DataRow(Activation.Gelu, 2.5, 0.0, Parametrization.Ntk, true, 0)]
    public void On_a_drawn_network_it_computes_what_the_kernels_compute(Activation activation, double sigmaW2, double sigmaB2,
        Parametrization parametrization, bool includeBiases, int batch)
    {
        var target = new StepTarget(0, Drawn: true);
        foreach (int[] hidden in new[] { new[] { 7, 5, 6 }, [1], [], [3, 17] })
        {
            var spec = new NetworkSpec(5, hidden, 1, activation, sigmaW2: sigmaW2, sigmaB2: sigmaB2, parametrization: parametrization, includeBiases: includeBiases);
            var kernels = new GdStepSampler<double>(spec, target, 1e-5, batch, 0.5);
            var conditioned = new ConditionedGdStepSampler(spec, target, 1e-5, batch, 0.5);
            for (ulong network = 0; network < 3; network++)
            {
                var parameters = new double[spec.ParameterCount];
                NetworkDraw.Draw<double>(spec, 5, network, parameters);
                var workspace = new ConditionedGdStepSampler.Workspace(spec, batch, Products(spec, parameters), Biases(spec, parameters));
                var expected = kernels.Sample(5, network, 100 + network, kernels.CreateWorkspace());
                var actual = conditioned.Sample(5, network, 100 + network, workspace);
                string where = $"{spec}, network {network}";
                Close(expected.Theta, actual.Theta, 1e-12, $"Θ, {where}");
                Close(expected.ChangeOverEta, actual.ChangeOverEta, 1e-10, $"ΔΘ/η, {where}");
                // The real step's change is a difference of Θs 1e-5 apart: rounding is amplified 1e5 times.
                Close(expected.FiniteChangeOverEta, actual.FiniteChangeOverEta, 1e-6, $"real step, {where}");
                if (batch > 0) Close(expected.MatrixRelativeChange, actual.MatrixRelativeChange, 1e-10, $"batch step, {where}");
                else Assert.IsTrue(double.IsNaN(actual.MatrixRelativeChange), where);
            }
        }
    }

    [TestMethod]
    [DataRow(Activation.Tanh, 1.5, 0.05, Parametrization.Standard)]
    [DataRow(Activation.ReLU, 2.0, 0.1, Parametrization.Ntk)]
    public void Its_statistics_have_the_law_of_drawn_networks(Activation activation, double sigmaW2, double sigmaB2, Parametrization parametrization)
    {
        const int networks = 20_000;
        var spec = new NetworkSpec(4, [6, 6], 1, activation, sigmaW2: sigmaW2, sigmaB2: sigmaB2, parametrization: parametrization);
        var target = new StepTarget(0, Drawn: true);
        var kernels = new GdStepSampler<double>(spec, target, 1e-5, 3, 0.5);
        var kernelWorkspace = kernels.CreateWorkspace();
        var conditioned = new ConditionedGdStepSampler(spec, target, 1e-5, 3, 0.5);
        var workspace = conditioned.CreateWorkspace();
        var drawn = new PowerSums[Statistics.Length];
        var lazy = new PowerSums[Statistics.Length];
        for (int s = 0; s < networks; s++)
        {
            Add(drawn, kernels.Sample(41, (ulong)s, (ulong)(networks + s), kernelWorkspace));
            Add(lazy, conditioned.Sample(42, (ulong)s, (ulong)(networks + s), workspace));
        }
        for (int k = 0; k < Statistics.Length; k++)
        {
            double z = (lazy[k].Mean - drawn[k].Mean) / Math.Sqrt(Square(lazy[k].StandardErrorOfMean) + Square(drawn[k].StandardErrorOfMean));
            // Five statistics at |z| < 4.5, two rows: a false failure about once in 10 000 runs (the seeds are fixed).
            Assert.IsLessThan(4.5, Math.Abs(z), $"{Statistics[k]}: conditioned {lazy[k].Mean:G6} ± {lazy[k].StandardErrorOfMean:G2}, drawn {drawn[k].Mean:G6} ± {drawn[k].StandardErrorOfMean:G2} (z = {z:F2})");
        }
    }

    private static readonly string[] Statistics = ["Θ", "ΔΘ/(ηΘ²)", "real step's ΔΘ/(ηΘ²)", "|ΔΘ|/(ηΘ²)", "batch step's change of Θ(X, X)"];

    private static void Add(PowerSums[] into, GdStepSample s)
    {
        double u = s.ChangeOverEta / (s.Theta * s.Theta);
        into[0] = into[0].Add(s.Theta);
        into[1] = into[1].Add(u);
        into[2] = into[2].Add(s.FiniteChangeOverEta / (s.Theta * s.Theta));
        into[3] = into[3].Add(Math.Abs(u));
        into[4] = into[4].Add(s.MatrixRelativeChange);
    }

    private static double Square(double x) => x * x;

    private static void Close(double expected, double actual, double relative, string what)
        => Assert.IsLessThanOrEqualTo(relative * Math.Max(Math.Abs(expected), 1e-300), Math.Abs(actual - expected), $"{what}: kernels {expected:R}, conditioned algebra {actual:R}");

    private static ILayerProducts[] Products(NetworkSpec spec, double[] parameters)
    {
        var products = new ILayerProducts[spec.LayerCount + 1];
        for (int l = 1; l <= spec.LayerCount; l++)
            products[l] = new DrawnMatrix(parameters.AsMemory(spec.WeightOffset(l), spec.Width(l) * spec.Width(l - 1)), spec.Width(l), spec.Width(l - 1));
        return products;
    }

    private static double[][] Biases(NetworkSpec spec, double[] parameters)
        => [[], .. Enumerable.Range(1, spec.LayerCount).Select(l => parameters.AsSpan(spec.BiasOffset(l), spec.Width(l)).ToArray())];

    /// <summary>A weight matrix that is there (row-major, as in the parameter vector), answering the products plainly.</summary>
    private sealed class DrawnMatrix(ReadOnlyMemory<double> weights, int rows, int columns) : ILayerProducts
    {
        public void Multiply(ReadOnlySpan<double> v, Span<double> result)
        {
            var w = weights.Span;
            for (int i = 0; i < rows; i++)
            {
                double sum = 0;
                for (int j = 0; j < columns; j++) sum += w[i * columns + j] * v[j];
                result[i] = sum;
            }
        }

        public void MultiplyBlock(ReadOnlySpan<double> vectors, Span<double> results)
        {
            for (int r = 0; r < vectors.Length / columns; r++) Multiply(vectors.Slice(r * columns, columns), results.Slice(r * rows, rows));
        }

        public void MultiplyTransposedBlock(ReadOnlySpan<double> vectors, Span<double> results)
        {
            var w = weights.Span;
            for (int r = 0; r < vectors.Length / rows; r++)
            {
                for (int j = 0; j < columns; j++)
                {
                    double sum = 0;
                    for (int i = 0; i < rows; i++) sum += w[i * columns + j] * vectors[r * rows + i];
                    results[r * columns + j] = sum;
                }
            }
        }
    }
}
