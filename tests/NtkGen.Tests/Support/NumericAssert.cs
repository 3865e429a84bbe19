using System.Numerics;

namespace NtkGen.Tests.Support;

/// <summary>Comparisons relative to the largest magnitude of the expected values (STYLE 14: widths and FMA change the last bits).</summary>
internal static class NumericAssert
{
    /// <summary>Asserts max |actual - expected| ≤ <paramref name="relativeTolerance"/> · max |expected|.</summary>
    public static void Close<T>(ReadOnlySpan<double> expected, ReadOnlySpan<T> actual, double relativeTolerance, string what)
        where T : INumberBase<T>
    {
        Assert.AreEqual(expected.Length, actual.Length, $"{what}: length");
        double scale = 0, worst = 0;
        int worstIndex = -1;
        for (int i = 0; i < expected.Length; i++) scale = Math.Max(scale, Math.Abs(expected[i]));
        for (int i = 0; i < expected.Length; i++)
        {
            double difference = Math.Abs(double.CreateTruncating(actual[i]) - expected[i]);
            if (!(difference <= worst))
            {
                worst = difference;
                worstIndex = i;
            }
        }
        double allowed = relativeTolerance * Math.Max(scale, double.Epsilon);
        Assert.IsTrue(worst <= allowed,
            $"{what}: max |difference| = {worst:G4} at [{worstIndex}] exceeds {relativeTolerance:G2} × max |expected| = {allowed:G4} "
            + $"(expected {(worstIndex >= 0 ? expected[worstIndex] : double.NaN):G17}, got {(worstIndex >= 0 ? double.CreateTruncating(actual[worstIndex]) : double.NaN):G17})");
    }

    public static void Close<T>(double expected, T actual, double relativeTolerance, string what)
        where T : INumberBase<T>
        => Close([expected], [actual], relativeTolerance, what);

    /// <summary>How many doubles lie from <paramref name="a"/> to <paramref name="b"/> (0 for equal values, ±0 included; <see cref="long.MaxValue"/> if one is NaN).</summary>
    public static long Ulps(double a, double b)
        => a == b ? 0 : double.IsNaN(a) || double.IsNaN(b) ? long.MaxValue : Math.Abs(Ordinal(a) - Ordinal(b));

    /// <summary>How many floats lie from <paramref name="a"/> to <paramref name="b"/>.</summary>
    public static long Ulps(float a, float b)
        => a == b ? 0 : float.IsNaN(a) || float.IsNaN(b) ? long.MaxValue : Math.Abs(Ordinal(a) - Ordinal(b));

    /// <summary>The bits as a number that counts up through the negatives to the positives, −0 and +0 both 0.</summary>
    private static long Ordinal(double value)
    {
        long bits = BitConverter.DoubleToInt64Bits(value);
        return bits < 0 ? -(bits & long.MaxValue) : bits;
    }

    private static long Ordinal(float value)
    {
        int bits = BitConverter.SingleToInt32Bits(value);
        return bits < 0 ? -(long)(bits & int.MaxValue) : bits;
    }
}
