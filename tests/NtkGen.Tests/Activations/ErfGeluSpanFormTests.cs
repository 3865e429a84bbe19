using NtkGen.Activations;
using static NtkGen.Tests.Support.NumericAssert;

namespace NtkGen.Tests.Activations;

/// <summary>
/// The span forms of erf and GELU (lane by lane on <see cref="VectorErrorFunction"/>) against their scalar forms, which
/// share none of that code: values, first and second derivatives, in double and float, on a dense grid down GELU's
/// left tail, at span lengths that leave part of a vector over, in place, and at NaN and ±∞.
/// </summary>
[TestClass]
public sealed class ErfGeluSpanFormTests
{
    private static readonly double[] Grid = VectorErrorFunctionTests.Grid(-40, 30);

    public static IEnumerable<object[]> Both() => [[Activation.Erf], [Activation.Gelu]];

    [TestMethod]
    public void Erf_span_form_is_within_a_few_ulps_of_the_scalar_form()
    {
        var (a, d, s) = SpanForms<double>(Activation.Erf, Grid);
        var erf = ActivationFunction.For(Activation.Erf);
        for (int i = 0; i < Grid.Length; i++)
        {
            double x = Grid[i];
            // The scalar series is within 10 ulps of erf below 2 (VectorErrorFunctionTests); the vector exponential within 2 of Math.Exp.
            Assert.IsLessThanOrEqualTo(Math.Abs(x) < 2 ? 12L : 2L, Ulps(erf.Value(x), a[i]), $"erf({x:R})");
            Assert.IsLessThanOrEqualTo(4L, Ulps(erf.Derivative(x), d[i]), $"erf'({x:R})");
            // Where e^{−x²} is subnormal (|x| > 26.6), both round it to a multiple of double.Epsilon, which 2x enlarges.
            double second = erf.SecondDerivative(x);
            Assert.IsTrue(Ulps(second, s[i]) <= 4 || Math.Abs(second - s[i]) <= 4 * Math.Abs(x) * double.Epsilon, $"erf''({x:R}) = {s[i]:R}, scalar {second:R}");
        }
    }

    [TestMethod]
    public void Gelu_span_form_keeps_the_scalar_forms_relative_accuracy_down_the_left_tail()
    {
        var (a, d, s) = SpanForms<double>(Activation.Gelu, Grid);
        var gelu = ActivationFunction.For(Activation.Gelu);
        for (int i = 0; i < Grid.Length; i++)
        {
            double x = Grid[i], cdf = ErrorFunction.NormalCdf(x), density = ErrorFunction.NormalDensity(x);
            // Relative to Φ, except where the scalar Φ is (1 − erf)/2 and so good to 1e-16 absolute only (|x| < 2√2), and
            // to its last bits where it is subnormal.
            double cdfError = 4e-15 * cdf + (Math.Abs(x) < 2 * Math.Sqrt(2) ? 1e-15 : 0) + 4 * double.Epsilon;
            Assert.AreEqual(gelu.Value(x), a[i], Math.Abs(x) * cdfError, $"GELU({x:R})");
            // The sums are good only to the size of their terms: φ' vanishes near −0.75, φ'' at ±√2.
            Assert.AreEqual(gelu.Derivative(x), d[i], cdfError + 4e-15 * Math.Abs(x) * density, $"GELU'({x:R})");
            Assert.AreEqual(gelu.SecondDerivative(x), s[i], 4e-15 * density * (2 + x * x), $"GELU''({x:R})");
        }
    }

    [TestMethod]
    [DynamicData(nameof(Both))]
    public void Float_span_forms_are_the_double_ones_rounded(Activation kind)
    {
        float[] single = [.. Grid.Select(x => (float)x)];
        var (a, d, s) = SpanForms<float>(kind, single);
        var (a64, d64, s64) = SpanForms<double>(kind, [.. single.Select(x => (double)x)]);
        for (int i = 0; i < single.Length; i++)
        {
            Assert.AreEqual((float)a64[i], a[i], $"{kind} φ({single[i]:R})");
            Assert.AreEqual((float)d64[i], d[i], $"{kind} φ'({single[i]:R})");
            Assert.AreEqual((float)s64[i], s[i], $"{kind} φ''({single[i]:R})");
        }
    }

    [TestMethod]
    [DynamicData(nameof(Both))]
    public void Results_do_not_depend_on_the_span_length_or_on_overwriting_z(Activation kind)
    {
        var random = new System.Random(17);
        double[] z = [.. Enumerable.Range(0, 1000).Select(_ => 4 * (random.NextDouble() - 0.5) * Math.Exp(3 * random.NextDouble()))];
        var (a, d, s) = SpanForms<double>(kind, z);
        float[] zf = [.. z.Select(x => (float)x)];
        var (af, df, sf) = SpanForms<float>(kind, zf);
        var phi = ActivationFunction.For(kind);
        foreach (int length in new[] { 1, 3, 17, 1000 })
        {
            foreach (int start in new[] { 0, 5 })
            {
                if (start + length > z.Length) continue;
                // In place, as the kernels call them: φ over z, φ'' over its own input.
                double[] inPlace = z[start..(start + length)], derivative = new double[length], second = z[start..(start + length)];
                phi.Apply<double>(inPlace, inPlace, derivative);
                phi.SecondDerivatives<double>(second, second);
                float[] inPlaceF = zf[start..(start + length)], derivativeF = new float[length], secondF = zf[start..(start + length)];
                phi.Apply<float>(inPlaceF, inPlaceF, derivativeF);
                phi.SecondDerivatives<float>(secondF, secondF);
                string at = $"{kind}, {length} from {start}";
                CollectionAssert.AreEqual(a[start..(start + length)], inPlace, $"{at}: φ");
                CollectionAssert.AreEqual(d[start..(start + length)], derivative, $"{at}: φ'");
                CollectionAssert.AreEqual(s[start..(start + length)], second, $"{at}: φ''");
                CollectionAssert.AreEqual(af[start..(start + length)], inPlaceF, $"{at}: float φ");
                CollectionAssert.AreEqual(df[start..(start + length)], derivativeF, $"{at}: float φ'");
                CollectionAssert.AreEqual(sf[start..(start + length)], secondF, $"{at}: float φ''");
            }
        }
    }

    [TestMethod]
    public void NaN_stays_NaN_and_the_infinities_give_the_limits()
    {
        double[] z = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.5];
        var (a, d, s) = SpanForms<double>(Activation.Erf, z);
        // The last lane is finite, so the vector also takes the polynomial.
        CollectionAssert.AreEqual(new[] { double.NaN, 1, -1 }, a[..3], "erf");
        CollectionAssert.AreEqual(new[] { double.NaN, 0, 0 }, d[..3], "erf'");
        CollectionAssert.AreEqual(new[] { double.NaN, 0, 0 }, s[..3], "erf''");
        (a, d, s) = SpanForms<double>(Activation.Gelu, z);
        CollectionAssert.AreEqual(new[] { double.NaN, double.PositiveInfinity, 0 }, a[..3], "GELU");
        CollectionAssert.AreEqual(new[] { double.NaN, 1, 0 }, d[..3], "GELU'");
        CollectionAssert.AreEqual(new[] { double.NaN, 0, 0 }, s[..3], "GELU''");
        float[] zf = [float.NaN, float.PositiveInfinity, float.NegativeInfinity];
        var (af, df, sf) = SpanForms<float>(Activation.Gelu, zf);
        CollectionAssert.AreEqual(new[] { float.NaN, float.PositiveInfinity, 0, float.NaN, 1, 0, float.NaN, 0, 0 }, af.Concat(df).Concat(sf).ToArray(), "float GELU, GELU', GELU''");
    }

    private static (T[] Values, T[] Derivatives, T[] Second) SpanForms<T>(Activation kind, T[] z)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var phi = ActivationFunction.For(kind);
        T[] a = new T[z.Length], d = new T[z.Length], s = new T[z.Length];
        phi.Apply<T>(z, a, d);
        phi.SecondDerivatives<T>(z, s);
        return (a, d, s);
    }
}
