using NtkGen.IO;

namespace NtkGen.Tests.IO;

/// <summary>The first NaN or ±∞ of a span, also past the vectorized sum's shortcut.</summary>
[TestClass]
public sealed class NonFiniteTests
{
    [TestMethod]
    public void Finds_the_first_value_that_is_not_finite()
    {
        var values = new double[100];
        Assert.AreEqual(-1, NonFinite.IndexOf<double>(values));
        values[70] = double.NegativeInfinity;
        values[40] = double.NaN;
        Assert.AreEqual(40, NonFinite.IndexOf<double>(values));
        Assert.AreEqual("NaN", NonFinite.Describe(values[40]));
        Assert.AreEqual("−∞", NonFinite.Describe(values[70]));
        Assert.AreEqual("+∞", NonFinite.Describe(float.PositiveInfinity));
    }

    [TestMethod]
    public void Finite_values_whose_sum_overflows_are_finite()
    {
        // The sum is +∞, so every value is looked at, and none is found.
        float[] values = [3e38f, 3e38f, -1f, 3e38f];
        Assert.AreEqual(-1, NonFinite.IndexOf<float>(values));
    }
}
