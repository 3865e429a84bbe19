using MathNet.Numerics;
using NtkGen.Activations;

namespace NtkGen.Tests.Activations;

/// <summary><see cref="ErrorFunction"/> against MathNet.Numerics' erf and erfc, an implementation independent of ours.</summary>
[TestClass]
public sealed class ErrorFunctionTests
{
    [TestMethod]
    public void Erf_agrees_with_MathNet_to_a_few_ulps_from_minus_7_to_7()
    {
        for (double x = -7; x <= 7; x += 0.0137)
        {
            double expected = SpecialFunctions.Erf(x);
            Assert.AreEqual(expected, ErrorFunction.Erf(x), 4e-16 + 4e-15 * Math.Abs(expected), $"erf({x})");
        }
        Assert.AreEqual(0.0, ErrorFunction.Erf(0));
        Assert.AreEqual(1.0, ErrorFunction.Erf(30));
        Assert.AreEqual(-1.0, ErrorFunction.Erf(double.NegativeInfinity));
        Assert.IsTrue(double.IsNaN(ErrorFunction.Erf(double.NaN)));
    }

    [TestMethod]
    public void Erfc_keeps_its_relative_accuracy_in_the_tail()
    {
        // Past 2 the continued fraction; below, 1 − erf loses at most erfc(2) ≈ 5e-3 worth of digits.
        for (double x = -6; x <= 26; x += 0.0173)
        {
            double expected = SpecialFunctions.Erfc(x);
            Assert.AreEqual(expected, ErrorFunction.Erfc(x), 1e-13 * expected, $"erfc({x})");
        }
        Assert.AreEqual(0.0, ErrorFunction.Erfc(40));
        Assert.AreEqual(2.0, ErrorFunction.Erfc(-40));
    }

    [TestMethod]
    public void Normal_distribution_function_matches_MathNet()
    {
        for (double x = -30; x <= 8; x += 0.071)
        {
            double expected = 0.5 * SpecialFunctions.Erfc(-x / Math.Sqrt(2));
            Assert.AreEqual(expected, ErrorFunction.NormalCdf(x), 1e-13 * expected + 1e-300, $"Φ({x})");
        }
    }
}
