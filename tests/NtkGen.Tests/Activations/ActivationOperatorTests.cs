using NtkGen.Activations;
using NtkGen.Statistics;

namespace NtkGen.Tests.Activations;

/// <summary>
/// Every activation's operator against oracles that share none of its formulas: its derivatives against finite
/// differences of its value, its vector form against its scalar form, its Gaussian integrals (closed-form or numerical)
/// against the trapezoid rule on each half-line and against Monte Carlo over correlated Gaussian pairs.
/// </summary>
[TestClass]
public sealed class ActivationOperatorTests
{
    // Away from 0, where the piecewise-linear ones have their kink.
    private static readonly double[] Points = [-3.1, -1.7, -0.6, 0.35, 0.9, 2.4];

    public static IEnumerable<object[]> Every() => ActivationFunction.All.Select(a => new object[] { a });

    [TestMethod]
    [DynamicData(nameof(Every))]
    public void Derivatives_are_the_finite_differences_of_the_value(Activation kind)
    {
        var phi = ActivationFunction.For(kind, leakySlope: 0.2);
        const double h = 1e-5;
        var rowSecond = new double[Points.Length];
        phi.SecondDerivatives<double>(Points, rowSecond);
        for (int i = 0; i < Points.Length; i++)
        {
            double z = Points[i];
            double first = (phi.Value(z + h) - phi.Value(z - h)) / (2 * h);
            double second = (phi.Derivative(z + h) - phi.Derivative(z - h)) / (2 * h);
            // Central differences err by h²/6 f''' ≈ 1e-11 plus rounding ε/h ≈ 1e-11.
            Assert.AreEqual(first, phi.Derivative(z), 1e-8, $"{phi.Name} φ'({z})");
            Assert.AreEqual(second, phi.SecondDerivative(z), 1e-8, $"{phi.Name} φ''({z})");
            Assert.AreEqual(second, rowSecond[i], 1e-8, $"{phi.Name} row form φ''({z})");
        }
    }

    [TestMethod]
    [DynamicData(nameof(Every))]
    public void Vector_form_equals_the_scalar_form_in_both_precisions_and_in_place(Activation kind)
    {
        var phi = ActivationFunction.For(kind, leakySlope: 0.2);
        double[] z = [.. Enumerable.Range(0, 37).Select(i => -6 + i / 3.0)];
        var a = new double[z.Length];
        var d = new double[z.Length];
        phi.Apply<double>(z, a, d);
        float[] zf = [.. z.Select(v => (float)v)];
        var df = new float[z.Length];
        phi.Apply<float>(zf, zf, df);
        for (int i = 0; i < z.Length; i++)
        {
            // TensorPrimitives' tanh and sigmoid, and 1 − tanh² for 1/cosh², differ from Math's by rounding only.
            Assert.AreEqual(phi.Value(z[i]), a[i], 1e-15 + 1e-13 * Math.Abs(a[i]), $"{phi.Name} φ({z[i]})");
            Assert.AreEqual(phi.Derivative(z[i]), d[i], 1e-14 + 1e-12 * Math.Abs(d[i]), $"{phi.Name} φ'({z[i]})");
            Assert.AreEqual(phi.Value(z[i]), zf[i], 1e-6 + 1e-6 * Math.Abs(a[i]), $"{phi.Name} float φ({z[i]}) in place");
            Assert.AreEqual(phi.Derivative(z[i]), df[i], 1e-6 + 1e-6 * Math.Abs(d[i]), $"{phi.Name} float φ'({z[i]})");
        }
    }

    [TestMethod]
    [DynamicData(nameof(Every))]
    public void Mean_squares_in_closed_form_are_the_Gaussian_integrals(Activation kind)
    {
        var phi = ActivationFunction.For(kind, leakySlope: 0.2);
        foreach (double q in new[] { 0.3, 1.0, 4.5 })
        {
            double value = HalfLines(u => phi.Value(u) * phi.Value(u), q);
            double derivative = HalfLines(u => phi.Derivative(u) * phi.Derivative(u), q);
            Assert.AreEqual(value, phi.MeanSquareValue(q), 1e-12 * (1 + value), $"{phi.Name} E[φ²] at q = {q}");
            Assert.AreEqual(derivative, phi.MeanSquareDerivative(q), 1e-12 * (1 + derivative), $"{phi.Name} E[φ'²] at q = {q}");
        }
    }

    [TestMethod]
    [DynamicData(nameof(Every))]
    public void Dual_kernel_is_the_Monte_Carlo_mean_over_correlated_Gaussians(Activation kind)
    {
        var phi = ActivationFunction.For(kind, leakySlope: 0.2);
        var random = new System.Random(4242);
        foreach (var (q11, q22, q12) in new[] { (1.3, 0.7, 0.4), (2.0, 2.0, -1.5), (0.5, 0.5, 0.49) })
        {
            var (kernel, derivativeKernel) = phi.DualKernel(q11, q22, q12);
            double rho = q12 / Math.Sqrt(q11 * q22);
            PowerSums values = default, derivatives = default;
            for (int i = 0; i < 200_000; i++)
            {
                double x = Normal(random), y = Normal(random);
                double u = Math.Sqrt(q11) * x, v = Math.Sqrt(q22) * (rho * x + Math.Sqrt(1 - rho * rho) * y);
                values = values.Add(phi.Value(u) * phi.Value(v));
                derivatives = derivatives.Add(phi.Derivative(u) * phi.Derivative(v));
            }
            Assert.AreEqual(values.Mean, kernel, 5 * values.StandardErrorOfMean, $"{phi.Name} K at ({q11}, {q22}, {q12})");
            Assert.AreEqual(derivatives.Mean, derivativeKernel, 5 * derivatives.StandardErrorOfMean + 1e-12, $"{phi.Name} K̇ at ({q11}, {q22}, {q12})");
        }
    }

    [TestMethod]
    public void Numerical_rule_meets_the_closed_form_of_a_smooth_activation()
    {
        // erf's kernels are closed-form and smooth: the bivariate rule must find them to rounding.
        var erf = ActivationFunction.For(Activation.Erf);
        foreach (var (q11, q22, q12) in new[] { (1.3, 0.7, 0.4), (2.0, 2.0, -1.5), (0.5, 0.5, 0.49), (6.0, 3.0, 4.0) })
        {
            var (kernel, derivativeKernel) = erf.DualKernel(q11, q22, q12);
            Assert.AreEqual(GaussianIntegrals.Bivariate(erf.Value, erf.Value, q11, q22, q12), kernel, 1e-12, $"K at ({q11}, {q22}, {q12})");
            Assert.AreEqual(GaussianIntegrals.Bivariate(erf.Derivative, erf.Derivative, q11, q22, q12), derivativeKernel, 1e-12, $"K̇ at ({q11}, {q22}, {q12})");
        }
    }

    [TestMethod]
    public void Closed_form_kernels_are_the_known_ones()
    {
        // ReLU: K(q, q, q) = q/2, K̇ = 1/2 at ρ = 1, K = q/(2π), K̇ = 1/4 at ρ = 0 (Cho & Saul); erf at ρ = 1: (2/π) asin(2q/(1+2q)).
        var relu = ActivationFunction.For(Activation.ReLU);
        Assert.AreEqual(0.75, relu.DualKernel(1.5, 1.5, 1.5).Kernel, 1e-15);
        Assert.AreEqual(1.5 / (2 * Math.PI), relu.DualKernel(1.5, 1.5, 0).Kernel, 1e-15);
        Assert.AreEqual(0.25, relu.DualKernel(1.5, 1.5, 0).DerivativeKernel, 1e-15);
        var erf = ActivationFunction.For(Activation.Erf);
        Assert.AreEqual(2 / Math.PI * Math.Asin(2.0 / 3), erf.DualKernel(1, 1, 1).Kernel, 1e-15);
    }

    [TestMethod]
    public void Bivariate_rule_at_full_correlation_is_the_univariate_rule()
    {
        var gelu = ActivationFunction.For(Activation.Gelu);
        foreach (double q in new[] { 0.2, 1.0, 3.0 })
        {
            double univariate = GaussianIntegrals.Expectation(u => gelu.Value(u) * gelu.Value(u), q);
            Assert.AreEqual(univariate, GaussianIntegrals.Bivariate(gelu.Value, gelu.Value, q, q, q), 1e-12 * univariate, $"q = {q}");
        }
    }

    /// <summary>
    /// <c>E[f(u)]</c> as the mean of the integrals over either half-line, each of f continued from its side to 0, so the
    /// trapezoid rule sees no kink or jump at 0 (where the piecewise-linear activations have theirs).
    /// </summary>
    private static double HalfLines(Func<double, double> f, double q)
        => 0.5 * (GaussianIntegrals.Expectation(u => f(Math.Max(Math.Abs(u), double.Epsilon)), q)
            + GaussianIntegrals.Expectation(u => f(-Math.Max(Math.Abs(u), double.Epsilon)), q));

    private static double Normal(System.Random random)
        => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [TestMethod]
    public void Names_are_unique_and_parse_back()
    {
        Assert.AreEqual(ActivationFunction.All.Count, ActivationFunction.Names.Distinct().Count());
        foreach (var kind in ActivationFunction.All)
        {
            Assert.AreEqual(kind, ActivationFunction.Parse(ActivationFunction.NameOf(kind)));
            Assert.AreEqual(kind, ActivationFunction.For(kind).Kind);
        }
        Assert.AreEqual(Activation.LeakyReLU, ActivationFunction.Parse("LEAKY-RELU"));
        Assert.IsNull(ActivationFunction.Parse("swish"));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ActivationFunction.For((Activation)99));
    }
}
