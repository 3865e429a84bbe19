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
}
