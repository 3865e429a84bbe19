using System.Numerics;
using MathNet.Numerics;
using NtkGen.Activations;
using static NtkGen.Tests.Support.NumericAssert;

namespace NtkGen.Tests.Activations;

/// <summary>
/// <see cref="VectorErrorFunction"/> against erf and erfc rounded from 40-digit values, against MathNet.Numerics, and
/// against the scalar <see cref="ErrorFunction"/>, on a dense grid that crosses its switch (|x| = 1) and the scalar's
/// (|x| = 2) and reaches the tails, tiny x and the special values.
/// </summary>
[TestClass]
public sealed class VectorErrorFunctionTests
{
    /// <summary>
    /// Steps of about 1.7e-3 from <paramref name="from"/> to <paramref name="to"/>; each switch point of erf, erfc and
    /// Φ (|x| = 1, 2, 27 and those times √2) with its neighbouring doubles; tiny values down to the smallest subnormal; ±0.
    /// </summary>
    public static double[] Grid(double from, double to)
    {
        var grid = new List<double>();
        for (double x = from; x <= to; x += 0.00173) grid.Add(x);
        foreach (double edge in new[] { 1, 2, 27, Math.Sqrt(2), 2 * Math.Sqrt(2), 27 * Math.Sqrt(2) })
        {
            foreach (double x in new[] { edge, -edge })
            {
                grid.AddRange([Math.BitDecrement(Math.BitDecrement(x)), Math.BitDecrement(x), x, Math.BitIncrement(x), Math.BitIncrement(Math.BitIncrement(x))]);
            }
        }
        foreach (double tiny in new[] { double.Epsilon, 1e-310, 1e-300, 1e-160, 1e-20, 1e-8 }) grid.AddRange([tiny, -tiny]);
        grid.AddRange([0.0, -0.0]);
        return [.. grid];
    }

    [TestMethod]
    [DataRow(1e-300, 1.1283791670955126e-300)]
    [DataRow(1e-10, 1.1283791670955126e-10)]
    [DataRow(0.25, 0.27632639016823696)]
    [DataRow(0.5, 0.5204998778130465)]
    [DataRow(0.9999999999999999, 0.8427007929497148)]
    [DataRow(1.0, 0.8427007929497149)]
    [DataRow(1.0000000000000002, 0.842700792949715)]
    [DataRow(1.5, 0.9661051464753108)]
    [DataRow(2.0, 0.9953222650189527)]
    [DataRow(2.5, 0.999593047982555)]
    [DataRow(3.5, 0.9999992569016276)]
    [DataRow(5.0, 0.9999999999984626)]
    [DataRow(5.9, 0.9999999999999999)]
    public void Erf_is_within_an_ulp_of_the_rounded_exact_value(double x, double expected)
    {
        var values = Lanes([x, -x], ErfOf);
        Assert.IsLessThanOrEqualTo(1L, Ulps(expected, values[0]), $"erf({x:R}) = {values[0]:R}, exact {expected:R}");
        Assert.IsLessThanOrEqualTo(1L, Ulps(-expected, values[1]), $"erf({-x:R}) = {values[1]:R}, exact {-expected:R}");
    }

    // Past 1 the tail. These x have exact squares, so e^{−x²} sees no rounding of x² and erfc is good to a few ulps.
    [TestMethod]
    [DataRow(1.0, 0.15729920705028513)]
    [DataRow(1.5, 0.033894853524689274)]
    [DataRow(2.0, 0.004677734981047266)]
    [DataRow(4.0, 1.541725790028002e-08)]
    [DataRow(10.0, 2.088487583762545e-45)]
    [DataRow(20.0, 5.395865611607901e-176)]
    [DataRow(26.0, 5.663192408856143e-296)]
    [DataRow(-1.5, 1.9661051464753108)]
    [DataRow(-4.0, 1.999999984582742)]
    public void Erfc_is_within_a_few_ulps_of_the_rounded_exact_value(double x, double expected)
    {
        double value = Lanes([x], VectorErrorFunction.Erfc)[0];
        Assert.IsLessThanOrEqualTo(4L, Ulps(expected, value), $"erfc({x:R}) = {value:R}, exact {expected:R}");
    }

    [TestMethod]
    public void Erf_agrees_with_MathNet_and_with_the_scalar_erf_on_a_dense_grid()
    {
        // Against 40-digit values this erf is within 1.3 ulps, MathNet's within 1.7, and ErrorFunction's within 0.5 where
        // its continued fraction serves (|x| ≥ 2) but 10 where its series does (each term carries the rounding of all before).
        double[] grid = Grid(-30, 30);
        var values = Lanes(grid, ErfOf);
        for (int i = 0; i < grid.Length; i++)
        {
            double x = grid[i];
            Assert.IsLessThanOrEqualTo(3L, Ulps(SpecialFunctions.Erf(x), values[i]), $"erf({x:R}) = {values[i]:R} against MathNet");
            long allowed = Math.Abs(x) < 2 ? 12 : 2;
            Assert.IsLessThanOrEqualTo(allowed, Ulps(ErrorFunction.Erf(x), values[i]), $"erf({x:R}) = {values[i]:R} against ErrorFunction");
        }
    }

    [TestMethod]
    public void Erfc_keeps_its_relative_accuracy_down_the_tail()
    {
        // Relative to itself where it is tiny, to the last bits where it is subnormal (past 26.5); and where ErrorFunction
        // takes 1 − erf (|x| < 2), to that one's absolute error.
        double[] grid = Grid(-6, 30);
        var values = Lanes(grid, VectorErrorFunction.Erfc);
        for (int i = 0; i < grid.Length; i++)
        {
            double x = grid[i], scalar = ErrorFunction.Erfc(x);
            // Past 27 MathNet's erfc is subnormal, ErrorFunction's and this one 0.
            if (x <= 27) Assert.AreEqual(SpecialFunctions.Erfc(x), values[i], 2e-15 * values[i] + 8 * double.Epsilon, $"erfc({x:R}) against MathNet");
            double allowed = Math.Abs(x) < 2 ? 2e-15 : 2e-15 * scalar + 8 * double.Epsilon;
            Assert.AreEqual(scalar, values[i], allowed, $"erfc({x:R}) against ErrorFunction");
        }
    }

    [TestMethod]
    public void Special_values_are_the_limits()
    {
        var erf = Lanes([double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 6, 30], ErfOf);
        Assert.IsTrue(double.IsNaN(erf[0]));
        CollectionAssert.AreEqual(new[] { 1.0, -1.0, 0.0, 1.0, 1.0 }, erf[1..]);
        Assert.IsTrue(double.IsNegative(erf[3]), "erf(−0) = −0");
        var erfc = Lanes([double.NaN, double.PositiveInfinity, double.NegativeInfinity, 27.5, -27.5, -6], VectorErrorFunction.Erfc);
        Assert.IsTrue(double.IsNaN(erfc[0]));
        // Zero past 27, as ErrorFunction.Erfc, though erfc is a subnormal a little beyond.
        CollectionAssert.AreEqual(new[] { 0.0, 2.0, 0.0, 2.0, 2.0 }, erfc[1..]);
    }

    /// <summary>erf as the erf activation calls it, with <c>e^{−x²}</c>.</summary>
    private static Vector<double> ErfOf(Vector<double> x) => VectorErrorFunction.Erf(x, VectorErrorFunction.Exp(-(x * x)));

    /// <summary><paramref name="f"/> of every element, a vector at a time (the last one padded with zeros).</summary>
    private static double[] Lanes(ReadOnlySpan<double> xs, Func<Vector<double>, Vector<double>> f)
    {
        int count = Vector<double>.Count;
        var padded = new double[(xs.Length + count - 1) / count * count];
        xs.CopyTo(padded);
        for (int i = 0; i < padded.Length; i += count) f(new Vector<double>(padded, i)).CopyTo(padded, i);
        return padded[..xs.Length];
    }
}
