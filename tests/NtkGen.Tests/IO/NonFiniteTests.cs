using NtkGen.IO;

namespace NtkGen.Tests.IO;

/// <summary>The first NaN or ±∞ of a span, in the vector part and in the tail.</summary>
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
    public void Finds_every_position_in_the_vector_part_and_the_tail()
    {
        // Lengths around several vector widths, a non-finite value at each place, a later one that must not be found.
        for (int length = 1; length <= 40; length++)
        {
            for (int at = 0; at < length; at++)
            {
                var values = Enumerable.Range(0, length).Select(i => (float)(i * 1e36)).ToArray();
                values[at] = at % 2 == 0 ? float.NaN : float.PositiveInfinity;
                if (at + 1 < length) values[^1] = float.NegativeInfinity;
                Assert.AreEqual(at, NonFinite.IndexOf<float>(values), $"length {length}, at {at}");
            }
            Assert.AreEqual(-1, NonFinite.IndexOf<float>(Enumerable.Repeat(float.MaxValue, length).ToArray()), $"length {length}");
        }
    }

    [TestMethod]
    public void Finite_values_whose_sum_overflows_are_finite()
    {
        // Their sum is +∞; each value is finite.
        float[] values = [3e38f, 3e38f, -1f, 3e38f];
        Assert.AreEqual(-1, NonFinite.IndexOf<float>(values));
    }
}
