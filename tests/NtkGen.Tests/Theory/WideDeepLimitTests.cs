using NtkGen.Engines;
using NtkGen.Theory;

namespace NtkGen.Tests.Theory;

/// <summary>
/// The dispersion limits L, M → ∞ (L/M = λ) from the generator, <c>wᵀ exp(λG) u</c>: under gradient independence they are
/// the closed forms (F(λ), R_b, C); for the exact chain they are where the finite-width moments go (extrapolated in 1/M);
/// and the finite-width gradient-independence chain approaches F(λ) in 1/M.
/// </summary>
[TestClass]
public sealed class WideDeepLimitTests
{
    [TestMethod]
    [DataRow(0.1)]
    [DataRow(0.25)]
    [DataRow(0.5)]
    [DataRow(1.0)]
    [DataRow(2.0)]
    public void Gradient_independence_limits_are_the_closed_forms(double lambda)
    {
        var limit = WideDeepLimit.At(lambda, ChainModel.GradientIndependence);
        Assert.AreEqual(DispersionLimits.Chaotic(lambda), limit.Weights, 1e-10 * limit.Weights, "R_w = F(λ)");
        Assert.AreEqual(DispersionLimits.IndependentGradientBiases(lambda), limit.Biases, 1e-10 * limit.Biases, "R_b");
        Assert.AreEqual(DispersionLimits.IndependentGradientCross(lambda), limit.Cross, 1e-10 * limit.Cross, "C");
    }

    [TestMethod]
    [DataRow(0.25)]
    [DataRow(0.5)]
    [DataRow(1.0)]
    public void Exact_limit_is_where_the_finite_width_moments_go(double lambda)
    {
        // Richardson's rule on M = 4000 and 16000, (4 R(4M) − R(M))/3, removes the 1/M term; what remains is O(1/M²).
        var limit = WideDeepLimit.At(lambda);
        foreach (var (part, expected) in new[] { (ExactMoments.Part.Weights, limit.Weights), (ExactMoments.Part.Biases, limit.Biases), (ExactMoments.Part.Total, limit.Total(1)) })
        {
            double Finite(int width) => ExactMoments.Compute(new NetworkSpec(width, Enumerable.Repeat(width, (int)Math.Round(lambda * width) - 1).ToArray(), 1), 1, part).Dispersion;
            double extrapolated = (4 * Finite(16000) - Finite(4000)) / 3;
            Assert.AreEqual(expected, extrapolated, 1e-5 * expected, $"{part} at λ = {lambda}");
        }
    }

    [TestMethod]
    public void Finite_width_gradient_independence_chain_approaches_F_in_one_over_M()
    {
        double Finite(int width) => ExactMoments.Compute(new NetworkSpec(width, Enumerable.Repeat(width, width - 1).ToArray(), 1), 1, ExactMoments.Part.Weights, ChainModel.GradientIndependence).Dispersion;
        double f = DispersionLimits.Chaotic(1);
        // THEORY.md §3: 48.24 at M = 100, 55.14 at M = 1000 (λ = 1).
        Assert.AreEqual(48.24, Finite(100), 0.005);
        Assert.AreEqual(55.14, Finite(1000), 0.005);
        double gap250 = f - Finite(250), gap1000 = f - Finite(1000);
        Assert.AreEqual(4, gap250 / gap1000, 0.2, "a four-fold width takes a quarter of the gap");
    }

    [TestMethod]
    public void Exact_limit_exceeds_F_and_grows_like_e_to_the_5_lambda()
    {
        // THEORY.md §3 quotes 76.968 at λ = 1; exact·e^{−5λ} tends to a constant (1/3) where F·e^{−5λ} ~ 1/(2λ).
        Assert.AreEqual(76.968, WideDeepLimit.At(1).Weights, 1e-3);
        double at8 = WideDeepLimit.At(8).Weights * Math.Exp(-40), at16 = WideDeepLimit.At(16).Weights * Math.Exp(-80);
        Assert.AreEqual(1.0 / 3, at16, 0.02);
        Assert.IsTrue(Math.Abs(at16 - 1.0 / 3) < Math.Abs(at8 - 1.0 / 3), "approaches 1/3");
        Assert.AreEqual(1, 2 * 16 * DispersionLimits.Chaotic(16) * Math.Exp(-80), 0.02);
    }
}
