using NtkGen.Experiments;
using NtkGen.Experiments.Linearize;

namespace NtkGen.Tests.Experiments;

/// <summary>
/// The linearization experiment on the fixture digits: a network of one layer is linear in its parameters, so its
/// linearization is what training does, to rounding, at every step; and its NTK is the infinite-width one and its
/// output at initialization Gaussian with the NNGP kernel, so the ensemble has the theory's mean and variance.
/// </summary>
[TestClass]
public sealed class LinearizeTests
{
    private static readonly string Digits = Path.Combine(AppContext.BaseDirectory, "Fixtures", "mnist");

    private static LinearizeConfig Config(int depth, int samples) => LinearizeData.WithDigest(new LinearizeConfig
    {
        Width = 8, Depths = [depth], SigmaW2 = [1.5], SigmaB2 = 0.2, Activation = Activation.Tanh, Samples = samples, Steps = [0, 1, 5, 40],
        TrainPerClass = 3, TestPerClass = 3, Classes = [3, 8], DataFolder = Digits, Seed = 4,
    });

    private static List<LinearizeUnitResult> Run(LinearizeConfig config) => [.. config.Units().Select(u => LinearizeExperiment.Instance.Compute(config, u))];

    [TestMethod]
    public void A_network_linear_in_its_parameters_trains_as_its_linearization_at_every_step()
    {
        var results = Run(Config(1, 20));
        var rows = LinearizeAggregator.Rows(Config(1, 20), results);
        foreach (var row in rows.Where(r => r.Step is not null))
            Assert.IsLessThan(1e-12, row.Distance!.Value, $"step {row.Step}: trained and linearized outputs differ by {row.Distance}");
        for (int i = 0; i < results[0].Trained.Length; i++)
            Assert.AreEqual(results.Sum(r => r.Linearized[i].Sum2), results.Sum(r => r.Trained[i].Sum2), 1e-11 * results.Sum(r => r.Trained[i].Sum2), $"output sums {i}");

        // A hidden layer makes the network nonlinear in its parameters: the two part from the first step on.
        var hidden = LinearizeAggregator.Rows(Config(2, 10), Run(Config(2, 10)));
        Assert.AreEqual(0, hidden[0].Distance!.Value, 1e-12, "at t = 0 both are the network at initialization");
        Assert.IsGreaterThan(1e-6, hidden.Single(r => r.Step == 40).Distance!.Value, "with a hidden layer the linearization is not exact");
    }

    [TestMethod]
    public void A_one_layer_ensemble_has_the_theory_mean_and_variance()
    {
        var config = Config(1, 4000);
        var rows = LinearizeAggregator.Rows(config, Run(config));
        Assert.HasCount(5, rows);
        foreach (var row in rows)
        {
            // 6 test inputs × mean and variance × 5 steps at |z| < 4.5: a false failure about once in 5 000 runs (fixed seed).
            Assert.IsLessThan(4.5, row.LinearizedMeanMaxZ, $"step {row.Step}: mean");
            Assert.IsLessThan(4.5, row.LinearizedVarianceMaxZ, $"step {row.Step}: variance {row.LinearizedVariance:G6} ± {row.LinearizedVarianceSe:G3} vs theory {row.TheoryVariance:G6}");
            Assert.IsLessThan(4.5, Math.Abs(row.LinearizedVarianceZ), $"step {row.Step}: averaged variance");
            Assert.AreEqual(row.TheoryLoss, row.LinearizedLoss, 4.5 * row.LinearizedLossSe, $"step {row.Step}: test loss");
        }
        Assert.AreEqual(0, rows.Sum(r => r.Diverged));
    }
}
