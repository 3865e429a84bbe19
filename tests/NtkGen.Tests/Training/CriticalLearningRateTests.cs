using MathNet.Numerics.LinearAlgebra;
using NtkGen.Data;
using NtkGen.Training;
using NtkGen.Tests.Oracles;
using NtkGen.Tests.Support;

namespace NtkGen.Tests.Training;

/// <summary>
/// The critical learning rate 2/λ_max(Θ/N): its eigenvalue against closed forms and a full eigendecomposition, and the
/// rate itself against the dynamics it predicts — on a network linear in its parameters, gradient descent converges just
/// below it and diverges just above it.
/// </summary>
[TestClass]
public sealed class CriticalLearningRateTests
{
    [TestMethod]
    public void Largest_eigenvalue_of_a_constant_plus_identity_is_n_a_plus_b()
    {
        const int n = 50;
        var matrix = new float[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) matrix[i * n + j] = 0.75f + (i == j ? 2 : 0);
        Assert.AreEqual(n * 0.75 + 2, CriticalLearningRate.LargestEigenvalue(matrix, n), 1e-10 * n);
    }

    [TestMethod]
    public void Largest_eigenvalue_of_a_close_spectrum_matches_the_closed_form()
    {
        // tridiag(−1, 2, −1): eigenvalues 2 − 2 cos(kπ/(n+1)); the top two lie within 1% of each other at n = 40.
        const int n = 40;
        var matrix = new float[n * n];
        for (int i = 0; i < n; i++)
        {
            matrix[i * n + i] = 2;
            if (i > 0) matrix[i * n + i - 1] = -1;
            if (i < n - 1) matrix[i * n + i + 1] = -1;
        }
        Assert.AreEqual(2 + 2 * Math.Cos(Math.PI / (n + 1)), CriticalLearningRate.LargestEigenvalue(matrix, n), 1e-9);
    }

    [TestMethod]
    [DataRow(7, 1)]
    [DataRow(60, 2)]
    public void Largest_eigenvalue_of_random_kernels_matches_a_full_eigendecomposition(int n, int seed)
    {
        // Θ = G Gᵀ with a common offset in G, like an NTK: positive entries, one dominant eigenvalue and a spread below it.
        var random = new System.Random(seed);
        var g = Matrix<double>.Build.Dense(n, 2 * n, (_, _) => 0.3 + random.NextDouble());
        var theta = g * g.Transpose();
        var matrix = theta.ToRowMajorArray().Select(v => (float)v).ToArray();
        var exact = Matrix<double>.Build.Dense(n, n, (i, j) => matrix[i * n + j]).Evd(Symmetricity.Symmetric).EigenValues.Max(e => e.Real);
        Assert.AreEqual(exact, CriticalLearningRate.LargestEigenvalue(matrix, n), 1e-10 * exact);
    }

    [TestMethod]
    public void Critical_rate_divides_by_the_samples_and_counts_the_cross_output_blocks()
    {
        // Θ_km(x_i, x_j) = C_km K_ij with C = [[1, 0.5], [0.5, 1]] and K = I + 11ᵀ on 4 samples: λ_max = 1.5 · 5 = 7.5, and
        // 7.5/4 per sample. The trace over the two outputs, 2K, divided by 2 would give λ = 5: a rate 1.5 times too large.
        const int n = 4, o = 2;
        double[] c = [1, 0.5, 0.5, 1];
        var blocks = new float[n * n * o * o];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                for (int km = 0; km < o * o; km++) blocks[(i * n + j) * o * o + km] = (float)(c[km] * ((i == j ? 1 : 0) + 1));
        Assert.AreEqual(7.5, CriticalLearningRate.LargestEigenvalue<float>(blocks, n, o), 1e-10);
        Assert.AreEqual(2 / (7.5 / 4), CriticalLearningRate.FromBlocks<float>(blocks, n, o), 1e-12);
        Assert.ThrowsExactly<InvalidConfigurationException>(() => CriticalLearningRate.FromBlocks<float>(new float[n * n * o * o], n, o));
        Assert.ThrowsExactly<ArgumentException>(() => CriticalLearningRate.FromBlocks<float>(blocks, n, 3));
    }

    /// <summary>
    /// The rate of a deep narrow network with two outputs, whose cross-output blocks are large, against the explicit
    /// Jacobian of all outputs on all inputs: <c>2N/λ_max(J Jᵀ)</c> from a full eigendecomposition.
    /// </summary>
    [TestMethod]
    public void Critical_rate_equals_the_explicit_jacobian_of_every_output()
    {
        var spec = TinyNet.Spec;
        const int n = 6;
        double[] p = TestInputs.Parameters(spec, seed: 8).Values;
        double[] x = TestInputs.Gaussian(n, spec.InputSize, seed: 9);
        var rows = Enumerable.Range(0, n).SelectMany(i => AutogradNetwork.Jacobian(spec, p, x.AsSpan(i * spec.InputSize, spec.InputSize))).ToArray();
        var jacobian = Matrix<double>.Build.DenseOfRowArrays(rows);
        double largest = (jacobian * jacobian.Transpose()).Evd(Symmetricity.Symmetric).EigenValues.Max(e => e.Real);

        double rate = CriticalLearningRate.Of(TinyNet.Kernel<double>(), p, x);
        Assert.AreEqual(2 * n / largest, rate, 1e-10 * rate);
        // The trace over outputs divided by their number would miss the cross-output blocks: here by more than 10%.
        double fromTrace = 2 / (CriticalLearningRate.LargestEigenvalue<double>(AutogradNetwork.NtkMatrix(spec, p, x, x), n) / (n * spec.OutputSize));
        Assert.IsGreaterThan(1.1 * rate, fromTrace, $"rate {rate:G6} from every output pair, {fromTrace:G6} from the trace");
    }

    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "mnist");

    /// <summary>
    /// With no hidden layer, <c>f = W x + b</c> is linear in its parameters: its NTK is constant, gradient descent on the
    /// square loss moves the residual along each kernel eigenvector by <c>1 − ηλ</c> exactly, and the NTK subset taken as
    /// the whole training set makes the estimate exact. Just below the critical rate every step lowers the loss; just
    /// above it the top eigenvector's residual grows by a factor above 1 each step.
    /// </summary>
    [TestMethod]
    [DataRow(0.9, false)]
    [DataRow(1.1, true)]
    public void Gradient_descent_on_a_linear_network_converges_below_the_critical_rate_and_diverges_above(double fraction, bool diverges)
    {
        var config = new TrainingConfig
        {
            Width = 8, HiddenLayers = 0, SigmaW2 = [1.0], Optimizer = OptimizerKind.Gd, LearningRate = null, CriticalLrFraction = fraction, Steps = 60, RecordSteps = [0, 60],
            TrainPerClass = 4, TestPerClass = 2, NtkPerClass = 4,
        };
        using var folder = new TempDirectory();
        var records = new Trainer(config, DigitDataset.LoadNpmDigits(Fixture)).Run(folder.Path);
        var losses = records.SelectMany(r => r.StepLosses).ToArray();
        Assert.HasCount(61, losses);
        if (diverges)
        {
            Assert.IsGreaterThan(100 * losses[0], losses[^1], $"loss {losses[0]:G4} → {losses[^1]:G4} at 1.1 × the critical rate");
            // Once the top eigenvector dominates, each step multiplies its residual by 1 − 1.1 · 2 = −1.2: the loss by 1.44.
            Assert.AreEqual(1.44, losses[^1] / losses[^2], 0.01, "per-step growth of the loss");
        }
        else
        {
            for (int t = 1; t < losses.Length; t++)
                Assert.IsLessThanOrEqualTo(losses[t - 1] * (1 + 1e-5), losses[t], $"step {t}: loss {losses[t - 1]:G6} → {losses[t]:G6} at 0.9 × the critical rate");
            Assert.IsLessThan(0.5 * losses[0], losses[^1]);
        }
        // The rate reported is the one computed from the run's own kernel at initialization. A linear network's outputs share
        // no parameter, so there the trace over the 10 outputs divided by 10 is the per-output kernel.
        double rate = TrainingReport.RunsOf(config, records)[1.0].LearningRate;
        Assert.AreEqual(fraction * 2 / (CriticalLearningRate.LargestEigenvalue<float>(records[0].Theta, 40) / (40 * 10)), rate, 1e-9 * rate);
    }

    [TestMethod]
    public void A_run_at_a_fraction_of_the_critical_rate_resumes_to_the_same_records_at_the_same_rates()
    {
        var config = new TrainingConfig
        {
            Width = 12, HiddenLayers = 2, SigmaW2 = [1.0, 2.2], Optimizer = OptimizerKind.Gd, LearningRate = null, CriticalLrFraction = 0.5, Steps = 8, RecordSteps = [0, 4, 8],
            TrainPerClass = 4, TestPerClass = 2, NtkPerClass = 2,
        };
        using var whole = new TempDirectory();
        var expected = new Trainer(config, DigitDataset.LoadNpmDigits(Fixture)).Run(whole.Path);
        var rates = TrainingReport.RunsOf(config, expected);
        Assert.IsGreaterThan(2 * rates[2.2].LearningRate, rates[1.0].LearningRate, "the ordered network's kernel is smaller (4-fold at this depth), its step larger");

        using var interrupted = new TempDirectory();
        Assert.ThrowsExactly<OperationCanceledException>(() => new Trainer(config, DigitDataset.LoadNpmDigits(Fixture)).Run(interrupted.Path, new StopAfter(6)));
        var resumed = new Trainer(config, DigitDataset.LoadNpmDigits(Fixture)).Run(interrupted.Path);
        Assert.AreEqual(TrainingReport.Csv(config, expected), TrainingReport.Csv(config, resumed));

        // A configuration at a critical fraction names no other learning rate.
        string written = System.Text.Json.JsonSerializer.Serialize(config, NtkGen.Experiments.ExperimentJson.TextOptions);
        StringAssert.Contains(written, "\"critical_lr_fraction\":0.5");
        StringAssert.Contains(written, "\"learning_rate\":null");
        Assert.AreEqual(config.Fingerprint(), System.Text.Json.JsonSerializer.Deserialize<TrainingConfig>(written, NtkGen.Experiments.ExperimentJson.TextOptions)!.Fingerprint());
        Assert.AreNotEqual(config.Fingerprint(), (config with { CriticalLrFraction = 0.25 }).Fingerprint());
    }

    private sealed class StopAfter(int steps) : IProgress<NtkGen.Experiments.ExperimentProgress>
    {
        public void Report(NtkGen.Experiments.ExperimentProgress value)
        {
            if (value.UnitsDone >= steps) throw new OperationCanceledException("simulated crash");
        }
    }
}
