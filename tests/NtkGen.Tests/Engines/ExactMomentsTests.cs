using NtkGen.Engines;
using NtkGen.Theory;

namespace NtkGen.Tests.Engines;

/// <summary>The transfer-matrix moments against the exact mean formula, the values quoted in THEORY.md and scale invariance.</summary>
[TestClass]
public sealed class ExactMomentsTests
{
    [TestMethod]
    [DataRow(100, 100, 10, 2.0)]
    [DataRow(16, 64, 5, 1.5)]
    [DataRow(70, 128, 40, 2.5)]
    [DataRow(100, 100, 1, 3.0)]
    public void Mean_equals_the_exact_formula_when_dead_networks_are_negligible(int n0, int width, int depth, double sigmaW2)
    {
        var spec = TestNetworks.Uniform(n0, width, depth, sigmaW2);
        var moments = ExactMoments.Compute(spec, inputNormSquared: 1.7);
        double expected = ExactNtkMean.Total(n0, width, depth, sigmaW2, 1.7);
        Assert.AreEqual(expected, Math.Exp(moments.LogMean), 1e-10 * expected);
        var weights = ExactMoments.Compute(spec, 1.7, ExactMoments.Part.Weights);
        Assert.AreEqual(ExactNtkMean.Weights(n0, width, depth, sigmaW2, 1.7), Math.Exp(weights.LogMean), 1e-10 * expected);
    }

    [TestMethod]
    [DataRow(0.1, 1.458)]
    [DataRow(0.5, 7.76)]
    [DataRow(1.0, 76.9)]
    public void Weights_dispersion_at_M_16000_reproduces_the_values_in_the_theory_notes(double lambda, double quoted)
    {
        // THEORY.md §3 quotes the exact weights-only dispersion at M = 16000 to three or four digits.
        int width = 16000, depth = (int)Math.Round(lambda * width);
        var spec = TestNetworks.Uniform(width, width, depth, 3.0);
        double ratio = ExactMoments.Compute(spec, 1, ExactMoments.Part.Weights).Dispersion;
        Assert.AreEqual(quoted, ratio, 0.002 * quoted);
    }

    [TestMethod]
    public void Weights_dispersion_does_not_depend_on_sigma()
    {
        // Zero-bias ReLU networks are positively homogeneous: σ_w² only rescales the weights part.
        var shape = new NetworkSpec(30, Enumerable.Repeat(40, 24).ToArray(), 1);
        double reference = ExactMoments.Compute(shape.WithVariances(2.0, 0), 1, ExactMoments.Part.Weights).Dispersion;
        foreach (double sigma in new[] { 0.5, 1.5, 3.5 })
            Assert.AreEqual(reference, ExactMoments.Compute(shape.WithVariances(sigma, 0), 1, ExactMoments.Part.Weights).Dispersion, 1e-12 * reference);
    }

    [TestMethod]
    public void Deep_chaotic_networks_stay_finite()
    {
        var spec = new NetworkSpec(100, Enumerable.Repeat(100, 999).ToArray(), 1, sigmaW2: 3.5);
        var moments = ExactMoments.Compute(spec);
        Assert.IsTrue(double.IsFinite(moments.LogMean) && double.IsFinite(moments.LogSecondMoment));
        // E[Θ] = χ^(L-1) (1 + (L-1) M/n0 + Σ_j χ^-j): about 10^247 here, beyond double range squared but not in logarithms.
        double chi = 1.75, tail = (1 - Math.Pow(chi, -1000)) / (1 - 1 / chi);
        Assert.AreEqual(999 * Math.Log(chi) + Math.Log(1 + 999 + tail), moments.LogMean, 1e-12 * moments.LogMean);
        Assert.IsTrue(moments.Dispersion > 1);
    }

    [TestMethod]
    public void Refuses_networks_outside_its_assumptions_with_a_reason()
    {
        var withBiases = new NetworkSpec(4, [8], 1, sigmaB2: 0.1);
        var error = Assert.ThrowsExactly<NotSupportedException>(() => ExactMoments.Compute(withBiases));
        StringAssert.Contains(error.Message, "σ_b² = 0");
        Assert.ThrowsExactly<NotSupportedException>(() => ExactMoments.Compute(new NetworkSpec(4, [8], 1, Activation.Tanh)));
        Assert.ThrowsExactly<NotSupportedException>(() => ExactMoments.Compute(new NetworkSpec(4, [8], 2)));
    }

    [TestMethod]
    public void Chaotic_limit_starts_at_one()
    {
        // F(λ) = 1 + 11λ/3 + O(λ²).
        Assert.AreEqual(1 + 11 * 1e-4 / 3, DispersionLimits.Chaotic(1e-4), 1e-7);
        // F(1/2) = e^2.5 (1 − (1 − e^-2)/2) = 6.9156076…
        Assert.AreEqual(6.9156076, DispersionLimits.Chaotic(0.5), 1e-6);
    }
}
