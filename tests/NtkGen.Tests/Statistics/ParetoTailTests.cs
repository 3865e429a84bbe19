using NtkGen.Random;
using NtkGen.Statistics;

namespace NtkGen.Tests.Statistics;

/// <summary>
/// The Pareto k̂ diagnostic on samples whose tail index is known: Pareto samples U^(−ξ) have shape ξ exactly; exponential
/// ones have ξ = 0. Tolerances come from the spread of repeated fits, checked against the asymptotic standard error
/// (1 + ξ)/√n of the shape from n tail values.
/// </summary>
[TestClass]
public sealed class ParetoTailTests
{
    private const int Samples = 100_000, Repeats = 20;

    [TestMethod]
    [DataRow(0.25)]
    [DataRow(0.5)]
    [DataRow(0.8)]
    public void K_hat_of_Pareto_samples_is_their_shape(double shape)
    {
        var fits = Fits(shape, (sample, _) => ParetoTail.RightTailK(sample)!.Value);
        var (mean, spread) = MeanAndSpread(fits);
        double asymptotic = (1 + shape) / Math.Sqrt(ParetoTail.TailLength(Samples));
        Assert.AreEqual(asymptotic, spread, 0.5 * asymptotic, $"spread of k̂ over {Repeats} samples");
        Assert.AreEqual(shape, mean, 4 * spread / Math.Sqrt(Repeats), $"mean k̂ for shape {shape}");
    }

    [TestMethod]
    public void The_same_tolerance_rejects_a_fit_of_the_tail_values_instead_of_their_exceedances()
    {
        // A deliberately broken estimator: the cutoff not subtracted, so the fit sees a shifted tail.
        const double shape = 0.5;
        var fits = Fits(shape, (sample, tail) => ParetoTail.FitShape(tail));
        var (mean, _) = MeanAndSpread(fits);
        var (_, spread) = MeanAndSpread(Fits(shape, (sample, _) => ParetoTail.RightTailK(sample)!.Value));
        Assert.IsTrue(Math.Abs(mean - shape) > 4 * spread / Math.Sqrt(Repeats), $"broken fit's mean {mean:G4} should be rejected");
    }

    [TestMethod]
    public void K_hat_agrees_with_the_Hill_estimator_on_Pareto_samples()
    {
        // Hill's estimator mean log(x_i/x_cut) over the same tail is the shape's maximum-likelihood estimate for an exact
        // power law: an independent formula for the same quantity.
        var random = new Xoshiro256(7, 3);
        double[] sample = Pareto(0.6, ref random);
        double hill = Hill(sample);
        double se = 1.6 / Math.Sqrt(ParetoTail.TailLength(Samples));
        Assert.AreEqual(hill, ParetoTail.RightTailK(sample)!.Value, se, "k̂ against Hill");
    }

    [TestMethod]
    public void K_hat_of_exponential_samples_is_zero()
    {
        var fits = new double[Repeats];
        for (int r = 0; r < Repeats; r++)
        {
            var random = new Xoshiro256(11, (ulong)r);
            fits[r] = ParetoTail.RightTailK(Enumerable.Range(0, Samples).Select(_ => -Math.Log(random.NextOpenUnit())).ToArray())!.Value;
        }
        var (mean, spread) = MeanAndSpread(fits);
        Assert.AreEqual(0, mean, 4 * spread / Math.Sqrt(Repeats), "mean k̂ of exponential samples");
    }

    [TestMethod]
    public void Threshold_and_samples_needed_are_inverse()
    {
        Assert.AreEqual(1 - 1 / Math.Log10(500), ParetoTail.Threshold(500), 1e-15);
        foreach (long count in new long[] { 100, 500, 2000, 1_000_000 })
            Assert.AreEqual(count, ParetoTail.SamplesNeeded(ParetoTail.Threshold(count))!.Value, 1e-9 * count);
        Assert.AreEqual(10, ParetoTail.SamplesNeeded(-0.3)!.Value, 1e-12, "a light tail needs no more than 10 samples");
        Assert.IsNull(ParetoTail.SamplesNeeded(1.2), "k̂ ≥ 1: no sample count suffices");
    }

    [TestMethod]
    public void Too_short_or_flat_tails_give_no_estimate()
    {
        Assert.IsNull(ParetoTail.RightTailK([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
        Assert.IsNull(ParetoTail.RightTailK(Enumerable.Repeat(3.0, 1000).ToArray()));
    }

    private static double[] Fits(double shape, Func<double[], double[], double> fit)
    {
        var fits = new double[Repeats];
        for (int r = 0; r < Repeats; r++)
        {
            var random = new Xoshiro256(5, (ulong)r);
            double[] sample = Pareto(shape, ref random);
            double[] sorted = [.. sample.Order()];
            fits[r] = fit(sample, sorted[^ParetoTail.TailLength(Samples)..]);
        }
        return fits;
    }

    private static double[] Pareto(double shape, ref Xoshiro256 random)
    {
        var sample = new double[Samples];
        for (int i = 0; i < Samples; i++) sample[i] = Math.Pow(random.NextOpenUnit(), -shape);
        return sample;
    }

    private static double Hill(double[] sample)
    {
        double[] sorted = [.. sample.Order()];
        int tail = ParetoTail.TailLength(sorted.Length);
        double cutoff = sorted[^(tail + 1)];
        return sorted[^tail..].Average(x => Math.Log(x / cutoff));
    }

    private static (double Mean, double Spread) MeanAndSpread(double[] values)
    {
        double mean = values.Average();
        return (mean, Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1)));
    }
}
