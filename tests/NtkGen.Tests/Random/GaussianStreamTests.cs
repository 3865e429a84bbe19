using NtkGen.Random;

namespace NtkGen.Tests.Random;

/// <summary>The addressable Gaussian generator: correct moments, consistent addressing, independent streams.</summary>
[TestClass]
public sealed class GaussianStreamTests
{
    [TestMethod]
    public void Moments_are_those_of_a_standard_normal()
    {
        const int n = 400_000;
        var values = new double[n];
        new GaussianStream(seed: 7, stream: 3).Fill<double>(values);
        double mean = values.Average();
        double variance = values.Sum(v => (v - mean) * (v - mean)) / (n - 1);
        double fourth = values.Sum(v => Math.Pow(v, 4)) / n;
        double tail = values.Count(v => v > 2.0) / (double)n;
        // Standard errors of a normal sample: mean 1/√n, variance √(2/n), E[x⁴] √(96/n), P(x > 2) √(p(1-p)/n).
        Assert.AreEqual(0.0, mean, 4 / Math.Sqrt(n));
        Assert.AreEqual(1.0, variance, 4 * Math.Sqrt(2.0 / n));
        Assert.AreEqual(3.0, fourth, 4 * Math.Sqrt(96.0 / n));
        const double p = 0.022750131948179195;
        Assert.AreEqual(p, tail, 4 * Math.Sqrt(p * (1 - p) / n));
    }

    [TestMethod]
    public void Fill_from_any_offset_equals_the_indexer()
    {
        var stream = new GaussianStream(seed: 11, stream: 5);
        foreach (ulong first in new ulong[] { 0, 1, 2, 7, 1_000_001 })
        {
            foreach (int length in new[] { 1, 2, 3, 8 })
            {
                var values = new double[length];
                stream.Fill<double>(values, first);
                for (int i = 0; i < length; i++) Assert.AreEqual(stream[first + (ulong)i], values[i], $"first {first}, i {i}");
            }
        }
    }

    [TestMethod]
    public void Streams_and_seeds_differ()
    {
        var a = new double[16];
        var b = new double[16];
        var c = new double[16];
        new GaussianStream(1, 0).Fill<double>(a);
        new GaussianStream(1, 1).Fill<double>(b);
        new GaussianStream(2, 0).Fill<double>(c);
        CollectionAssert.AreNotEqual(a, b);
        CollectionAssert.AreNotEqual(a, c);
    }

    [TestMethod]
    public void Float_fill_is_the_rounded_double_fill()
    {
        var stream = new GaussianStream(seed: 3, stream: 9);
        var doubles = new double[33];
        var floats = new float[33];
        stream.Fill<double>(doubles, 5, scale: 0.25);
        stream.Fill<float>(floats, 5, scale: 0.25);
        for (int i = 0; i < 33; i++) Assert.AreEqual((float)doubles[i], floats[i]);
    }
}
