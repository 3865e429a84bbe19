using NtkGen.Activations;
using NtkGen.Random;
using NtkGen.Theory;

namespace NtkGen.Tests.Theory;

/// <summary>
/// The mean-field phase (<see cref="MeanField"/>) against independent oracles: closed forms for the homogeneous
/// activations and tanh without biases, known Gaussian integrals for the quadrature, Monte Carlo over Gaussian draws for
/// the sigmoid fixed point and χ₁, and real wide random networks, whose backpropagated signal must grow by χ₁ per layer.
/// </summary>
[TestClass]
public sealed class MeanFieldTests
{
    [TestMethod]
    [DataRow(1e-4)]
    [DataRow(1.0)]
    [DataRow(250.0)]
    public void Gaussian_expectation_is_exact_on_known_integrals(double variance)
    {
        double deviation = Math.Sqrt(variance);
        Assert.AreEqual(Math.Exp(0.5), GaussianIntegrals.Expectation(u => Math.Exp(u / deviation), variance), 1e-12);
        Assert.AreEqual(variance, GaussianIntegrals.Expectation(u => u * u, variance), 1e-12 * variance);
        Assert.AreEqual(3 * variance * variance, GaussianIntegrals.Expectation(u => u * u * u * u, variance), 1e-12 * variance * variance);
        Assert.AreEqual(Math.Exp(-variance / 2), GaussianIntegrals.Expectation(Math.Cos, variance), 1e-12);
    }

    [TestMethod]
    public void Homogeneous_activations_follow_their_closed_forms()
    {
        foreach (double sigmaW2 in new[] { 0.5, 1.0, 2.0, 2.2, 7.0 })
        {
            Assert.AreEqual(sigmaW2 / 2, MeanField.Chi1(Activation.ReLU, sigmaW2, sigmaB2: 0.3));
            Assert.AreEqual(sigmaW2 < 2 ? "ordered" : sigmaW2 > 2 ? "chaotic" : "eoc", MeanField.Phase(Activation.ReLU, sigmaW2));
            Assert.AreEqual(sigmaW2 * 1.04 / 2, MeanField.Chi1(Activation.LeakyReLU, sigmaW2, leakySlope: 0.2), 1e-15 * sigmaW2);
            Assert.AreEqual(sigmaW2, MeanField.Chi1(Activation.Linear, sigmaW2));
        }
        Assert.AreEqual(2.2, MeanField.SigmaW2ForChi1(Activation.ReLU, 1.1));
        Assert.AreEqual(2 / 1.04, MeanField.SigmaW2ForChi1(Activation.LeakyReLU, 1.0, leakySlope: 0.2), 1e-15);
    }

    [TestMethod]
    public void Tanh_without_biases_has_its_edge_of_chaos_at_one()
    {
        // Up to σ_w² = 1 the signal dies out (q* = 0) and χ₁ = σ_w² tanh'(0)² = σ_w²; above it a finite q* makes χ₁ > 1.
        Assert.AreEqual(0, MeanField.FixedPointVariance(ActivationFunction.For(Activation.Tanh), 0.8, 0));
        Assert.AreEqual(0.8, MeanField.Chi1(Activation.Tanh, 0.8));
        Assert.AreEqual(1.0, MeanField.SigmaW2ForChi1(Activation.Tanh, 1.0));
        Assert.AreEqual("eoc", MeanField.Phase(Activation.Tanh, 1.0));
        Assert.AreEqual("chaotic", MeanField.Phase(Activation.Tanh, 1.5));
        Assert.IsTrue(MeanField.FixedPointVariance(ActivationFunction.For(Activation.Tanh), 1.5, 0) > 0.1);
        // With biases the edge moves to larger σ_w², and solving for it lands on χ₁ = 1.
        double edge = MeanField.SigmaW2ForChi1(Activation.Tanh, 1.0, sigmaB2: 0.05);
        Assert.IsTrue(edge > 1.2, $"tanh edge with σ_b² = 0.05 at {edge}");
        Assert.AreEqual(1.0, MeanField.Chi1(Activation.Tanh, edge, 0.05), 1e-10);
    }

    [TestMethod]
    [DataRow(4.0)]
    [DataRow(103.0)]
    [DataRow(400.0)]
    public void Sigmoid_fixed_point_and_chi1_match_Monte_Carlo_over_Gaussian_draws(double sigmaW2)
    {
        const int draws = 200_000;
        double q = MeanField.FixedPointVariance(ActivationFunction.For(Activation.Sigmoid), sigmaW2, 0);
        double chi1 = MeanField.Chi1(Activation.Sigmoid, sigmaW2);
        var random = new Xoshiro256(21, (ulong)sigmaW2);
        var variance = new double[draws];
        var slope = new double[draws];
        for (int i = 0; i < draws; i++)
        {
            double s = 1 / (1 + Math.Exp(-Math.Sqrt(q) * random.NextNormal()));
            variance[i] = sigmaW2 * s * s;
            slope[i] = sigmaW2 * s * (1 - s) * s * (1 - s);
        }
        AssertWithinStandardErrors(q, variance, "q* = σ_w² E[φ²]");
        AssertWithinStandardErrors(chi1, slope, "χ₁ = σ_w² E[φ'²]");
        // Power check: the same draws reject a fixed point 2% off.
        Assert.IsTrue(Math.Abs(variance.Average() - 1.02 * q) > 4 * StandardError(variance), "a 2% wrong q* was not rejected");
    }

    [TestMethod]
    public void Erf_without_biases_has_its_edge_of_chaos_at_a_quarter_pi()
    {
        // erf'(0)² = 4/π: below the edge the signal dies out and χ₁ = 4σ_w²/π exactly.
        Assert.AreEqual(Math.PI / 4, MeanField.SigmaW2ForChi1(Activation.Erf, 1.0), 1e-15);
        Assert.AreEqual(0.5 * 4 / Math.PI, MeanField.Chi1(Activation.Erf, 0.5), 1e-15);
        Assert.AreEqual("chaotic", MeanField.Phase(Activation.Erf, 1.5));
    }

    [TestMethod]
    [DataRow(Activation.Erf, 1.5, 0.1)]
    [DataRow(Activation.Gelu, 1.5, 0.2)]
    [DataRow(Activation.Gelu, 1.9, 0.05)]
    public void Fixed_point_and_chi1_match_Monte_Carlo_with_an_independent_erf(Activation kind, double sigmaW2, double sigmaB2)
    {
        // MathNet's erf, not ours, in the draws.
        Func<double, double> phi = kind == Activation.Erf ? MathNet.Numerics.SpecialFunctions.Erf : z => z * 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(-z / Math.Sqrt(2));
        Func<double, double> slopeOf = kind == Activation.Erf
            ? z => 2 / Math.Sqrt(Math.PI) * Math.Exp(-z * z)
            : z => 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(-z / Math.Sqrt(2)) + z * Math.Exp(-z * z / 2) / Math.Sqrt(2 * Math.PI);
        const int draws = 200_000;
        double q = MeanField.FixedPointVariance(ActivationFunction.For(kind), sigmaW2, sigmaB2);
        double chi1 = MeanField.Chi1(kind, sigmaW2, sigmaB2);
        Assert.IsTrue(q > 0 && double.IsFinite(q), $"q* = {q}");
        var random = new Xoshiro256(33, (ulong)(10 * sigmaW2));
        var variance = new double[draws];
        var slope = new double[draws];
        for (int i = 0; i < draws; i++)
        {
            double z = Math.Sqrt(q) * random.NextNormal();
            variance[i] = sigmaW2 * phi(z) * phi(z) + sigmaB2;
            slope[i] = sigmaW2 * slopeOf(z) * slopeOf(z);
        }
        AssertWithinStandardErrors(q, variance, $"{kind} q* = σ_w² E[φ²] + σ_b²");
        AssertWithinStandardErrors(chi1, slope, $"{kind} χ₁ = σ_w² E[φ'²]");
        Assert.IsTrue(Math.Abs(variance.Average() - 1.02 * q) > 4 * StandardError(variance), "a 2% wrong q* was not rejected");
    }

    [TestMethod]
    public void Gelu_without_biases_dies_out_or_runs_away_like_a_relu()
    {
        // GELU(0) = 0 but it is not odd: below the edge q → 0, where φ'(0)² = 1/4; above, q → ∞, where φ' → 1{z > 0}.
        Assert.AreEqual(0, MeanField.FixedPointVariance(ActivationFunction.For(Activation.Gelu), 1.0, 0));
        Assert.AreEqual(0.25, MeanField.Chi1(Activation.Gelu, 1.0), 1e-15);
        Assert.IsTrue(double.IsPositiveInfinity(MeanField.FixedPointVariance(ActivationFunction.For(Activation.Gelu), 3.0, 0)));
        Assert.AreEqual(1.5, MeanField.Chi1(Activation.Gelu, 3.0), 1e-15);
        // So no σ_w² puts it at the edge of chaos: the solver says so instead of returning the jump.
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => MeanField.SigmaW2ForChi1(Activation.Gelu, 1.0));
        StringAssert.Contains(error.Message, "jumps");
        // An ordered σ_w² it has, on the branch that dies out.
        double ordered = MeanField.SigmaW2ForChi1(Activation.Gelu, 0.5);
        Assert.AreEqual(2.0, ordered, 1e-9);
    }

    [TestMethod]
    public void Sigmoid_edge_of_chaos_lies_fifty_times_higher_than_ReLUs()
    {
        double edge = MeanField.SigmaW2ForChi1(Activation.Sigmoid, 1.0);
        Assert.AreEqual(1.0, MeanField.Chi1(Activation.Sigmoid, edge), 1e-10);
        Assert.IsTrue(edge is > 90 and < 120, $"sigmoid edge at σ_w² = {edge}, ReLU's at 2");
        Assert.AreEqual("ordered", MeanField.Phase(Activation.Sigmoid, 2.2), "the ReLU chaotic σ_w² is deep in the sigmoid ordered phase");
        Assert.IsTrue(MeanField.Chi1(Activation.Sigmoid, 2.2) < 0.15);
    }

    /// <summary>
    /// Backpropagation through wide random sigmoid networks: the mean squared signal grows by χ₁ per layer, so the
    /// per-layer log growth measured over 16 layers matches log χ₁ at χ₁ = 0.5, 1 and 2 (tolerance: 4 standard errors
    /// over networks plus the O(1/M) finite-width bias).
    /// </summary>
    [TestMethod]
    [DataRow(0.5)]
    [DataRow(1.0)]
    [DataRow(2.0)]
    public void Backpropagated_signal_grows_by_chi1_per_layer_in_wide_sigmoid_networks(double chi1)
    {
        const int width = 300, layers = 24, burnIn = 6, networks = 8;
        double sigmaW2 = MeanField.SigmaW2ForChi1(Activation.Sigmoid, chi1);
        var growth = new double[networks];
        for (int n = 0; n < networks; n++)
            growth[n] = LogGrowthPerLayer(sigmaW2, width, layers, burnIn, seed: (ulong)(1000 * chi1) + (ulong)n);
        double mean = growth.Average();
        double tolerance = 4 * StandardError(growth) + 2.0 / width;
        Assert.AreEqual(Math.Log(chi1), mean, tolerance, $"per-layer log growth {mean:F4} vs log χ₁ {Math.Log(chi1):F4} (σ_w² = {sigmaW2:F3})");
    }

    // Forward through `layers` hidden layers of a random net (W ~ N(0, σ_w²/M), no biases), backward from a random
    // cotangent at the top, and the mean log growth of ‖δ‖² per layer below the first `burnIn` layers.
    private static double LogGrowthPerLayer(double sigmaW2, int width, int layers, int burnIn, ulong seed)
    {
        var random = new Xoshiro256(seed, 5);
        double scale = Math.Sqrt(sigmaW2 / width);
        var weights = new double[layers][];
        var slopes = new double[layers][];
        var activation = new double[width];
        for (int i = 0; i < width; i++) activation[i] = random.NextNormal();
        for (int l = 0; l < layers; l++)
        {
            weights[l] = new double[width * width];
            for (int i = 0; i < weights[l].Length; i++) weights[l][i] = scale * random.NextNormal();
            slopes[l] = new double[width];
            var next = new double[width];
            for (int j = 0; j < width; j++)
            {
                double z = 0;
                for (int i = 0; i < width; i++) z += weights[l][j * width + i] * activation[i];
                double s = 1 / (1 + Math.Exp(-z));
                next[j] = s;
                slopes[l][j] = s * (1 - s);
            }
            activation = next;
        }
        // δ_l = φ'(z_l) ⊙ W_{l+1}ᵀ δ_{l+1}, starting at the top layer.
        var delta = new double[width];
        for (int j = 0; j < width; j++) delta[j] = slopes[layers - 1][j] * random.NextNormal();
        double top = SquaredNorm(delta);
        double bottom = top;
        for (int l = layers - 2; l >= burnIn; l--)
        {
            var below = new double[width];
            for (int j = 0; j < width; j++)
            {
                double sum = 0;
                for (int i = 0; i < width; i++) sum += weights[l + 1][i * width + j] * delta[i];
                below[j] = slopes[l][j] * sum;
            }
            delta = below;
            bottom = SquaredNorm(delta);
        }
        return Math.Log(bottom / top) / (layers - 1 - burnIn);
    }

    private static double SquaredNorm(double[] v) => v.Sum(x => x * x);

    private static void AssertWithinStandardErrors(double expected, double[] samples, string what)
    {
        double mean = samples.Average(), error = StandardError(samples);
        Assert.IsTrue(Math.Abs(mean - expected) <= 4 * error, $"{what}: Monte Carlo {mean:G6} ± {error:G3} vs {expected:G6}");
    }

    private static double StandardError(double[] samples)
    {
        double mean = samples.Average();
        return Math.Sqrt(samples.Sum(x => (x - mean) * (x - mean)) / (samples.Length - 1) / samples.Length);
    }
}
