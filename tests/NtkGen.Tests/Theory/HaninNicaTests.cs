using NtkGen.Theory;

namespace NtkGen.Tests.Theory;

/// <summary>Hanin &amp; Nica's growth laws in their conventions (d = weight layers, β over the hidden layers), by hand.</summary>
[TestClass]
public sealed class HaninNicaTests
{
    [TestMethod]
    public void Beta_sums_the_reciprocal_hidden_widths_only()
    {
        // 9 → 14 × 11 × 13 → 1: three hidden layers, the input and output widths do not count.
        var spec = new NetworkSpec(9, [14, 11, 13], 1);
        double beta = 1.0 / 14 + 1.0 / 11 + 1.0 / 13;
        Assert.AreEqual(beta, HaninNica.Beta(spec.HiddenWidths), 1e-15);
        Assert.AreEqual(Math.Exp(5 * beta), HaninNica.Dispersion(spec), 1e-12);
    }

    [TestMethod]
    [DataRow(5, 100, 100, 5 * 0.04 / 100)]     // d = 5 weight layers, β = 4/100
    [DataRow(40, 100, 100, 40 * 0.39 / 100)]   // β = 39/100
    [DataRow(2, 50, 10, 2 * 0.02 / 10)]        // one hidden layer: β = 1/50
    public void First_step_change_is_d_beta_over_n0_times_exp_5_beta(int depth, int width, int inputSize, double prefactor)
    {
        double beta = (depth - 1) / (double)width;
        Assert.AreEqual(prefactor * Math.Exp(5 * beta), HaninNica.FirstStepChange(depth, width, inputSize), 1e-14);
    }
}
