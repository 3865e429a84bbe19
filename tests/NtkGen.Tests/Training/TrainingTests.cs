using NtkGen.Data;
using NtkGen.Kernels;
using NtkGen.Training;
using NtkGen.Tests.Support;

namespace NtkGen.Tests.Training;

/// <summary>Training on the committed MNIST fixture: loss falls, records are right, and an interrupted run resumes to the same numbers.</summary>
[TestClass]
public sealed class TrainingTests
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "mnist");

    private static readonly TrainingConfig Small = new()
    {
        Width = 16, HiddenLayers = 2, SigmaW2 = [1.0, 2.0], Steps = 12, RecordSteps = [0, 3, 12], LearningRate = 3e-3,
        TrainPerClass = 4, TestPerClass = 2, NtkPerClass = 2,
    };

    [TestMethod]
    public void Fixture_loads_as_real_digits()
    {
        var digits = DigitDataset.LoadNpmDigits(Fixture);
        Assert.AreEqual(60, digits.Count);
        Assert.IsTrue(digits.Images.All(p => p is >= 0 and <= 1));
        Assert.IsTrue(digits.Images.Average() is > 0.05f and < 0.3f, "ink covers a minority of the pixels");
        CollectionAssert.AreEqual(Enumerable.Range(0, 10).SelectMany(d => Enumerable.Repeat(d, 2)).ToArray(), digits.Balanced(2).Labels);
    }

    [TestMethod]
    public void Training_lowers_the_loss_and_records_consistent_kernels()
    {
        using var folder = new TempDirectory();
        var records = new Trainer(Small, DigitDataset.LoadNpmDigits(Fixture)).Run(folder.Path);
        Assert.HasCount(6, records);
        foreach (var run in records.GroupBy(r => r.SigmaW2))
        {
            var ordered = run.OrderBy(r => r.Step).ToList();
            Assert.AreEqual(0, ordered[0].Kernel.RelativeChange, "the kernel at step 0 is the reference");
            Assert.IsTrue(ordered[^1].TrainLoss < ordered[0].TrainLoss, $"σ_w² = {run.Key}: loss {ordered[0].TrainLoss:G4} → {ordered[^1].TrainLoss:G4}");
            Assert.IsTrue(ordered[^1].Kernel.RelativeChange > 0, "training moves the kernel");
            Assert.AreEqual(20 * 20, ordered[0].Theta.Length);
            Assert.HasCount(13, ordered.SelectMany(r => r.StepLosses), "one loss per step 0 … 12");
        }
    }

    [TestMethod]
    public void Bias_share_at_initialization_matches_the_reference_kernel_and_falls_with_the_forward_signal()
    {
        using var folder = new TempDirectory();
        var digits = DigitDataset.LoadNpmDigits(Fixture);
        var records = new Trainer(Small, digits).Run(folder.Path);
        double[] images = [.. digits.Balanced(Small.NtkPerClass).Images.Select(v => (double)v)];
        int n = images.Length / DigitDataset.Pixels;
        var shares = new Dictionary<double, double>();
        foreach (double sigmaW2 in Small.SigmaW2)
        {
            // The scalar double reference, split into the weights' and the biases' parts, at the run's initial parameters.
            var spec = Small.Spec(sigmaW2);
            double[] p = NetworkParameters<double>.Initialize(spec, Small.Seed, stream: 0).Values;
            var weights = new double[n * n];
            var biases = new double[n * n];
            new NtkGen.Reference.ReferenceKernel(spec).NtkMatrix(p, images, images, weights, biases);
            double biasTrace = Enumerable.Range(0, n).Sum(i => biases[i * n + i]);
            double expected = biasTrace / (biasTrace + Enumerable.Range(0, n).Sum(i => weights[i * n + i]));
            var initial = records.Single(r => r.SigmaW2 == sigmaW2 && r.Step == 0);
            Assert.AreEqual(expected, initial.BiasShare, 1e-5, $"σ_w² = {sigmaW2}");
            Assert.IsTrue(records.Where(r => r.SigmaW2 == sigmaW2).All(r => r.BiasShare is > 0 and < 1));
            shares[sigmaW2] = expected;
        }
        // With σ_b² = 0 the forward signal shrinks by χ₁ = σ_w²/2 per layer: in the ordered network the biases weigh more.
        Assert.IsGreaterThan(shares[2.0], shares[1.0]);
        StringAssert.Contains(TrainingReport.Csv(Small, records).Split('\n')[0], ",bias_share");
    }

    [TestMethod]
    public void A_training_set_in_chunks_trains_as_in_one_pass()
    {
        // 40 training digits in chunks of 7 (the last one 5): the same loss and gradient up to float rounding in the sums,
        // so the same run; whole sets larger than one array of traces (all of MNIST) take this path.
        var digits = DigitDataset.LoadNpmDigits(Fixture);
        using var whole = new TempDirectory();
        using var chunked = new TempDirectory();
        var expected = new Trainer(Small, digits).Run(whole.Path);
        var actual = new Trainer(Small, digits) { GradientChunk = 7 }.Run(chunked.Path);
        Assert.HasCount(expected.Count, actual);
        for (int r = 0; r < expected.Count; r++)
        {
            var (e, a) = (expected[r].StepLosses, actual[r].StepLosses);
            for (int t = 0; t < e.Length; t++) Assert.AreEqual(e[t], a[t], 1e-5 * e[t], $"σ_w² = {expected[r].SigmaW2}, loss before step {expected[r].Step}");
            // The 20 test digits go in chunks of 7 too.
            Assert.AreEqual(expected[r].TestLoss, actual[r].TestLoss, 1e-5 * expected[r].TestLoss, "test loss");
            Assert.AreEqual(expected[r].TestAccuracy, actual[r].TestAccuracy, "test accuracy");
            NumericAssert.Close(expected[r].Theta.Select(v => (double)v).ToArray(), actual[r].Theta.Select(v => (double)v).ToArray(), 1e-4, "Θ on the subset");
        }
        Assert.AreNotEqual(TrainingReport.Csv(Small, expected), TrainingReport.Csv(Small, actual), "the chunks really summed in another order");
    }

    [TestMethod]
    public void Training_on_all_digits_uses_the_whole_training_set_and_the_separate_test_set()
    {
        // The fixture (6 digits per class, sorted by class) as users' IDX files: two of every three digits train, the rest test.
        var fixture = DigitDataset.LoadNpmDigits(Fixture);
        using var idx = new TempDirectory();
        IdxFiles.Write(idx.Path, "train", fixture.Select([.. Enumerable.Range(0, fixture.Count).Where(i => i % 3 != 2)]));
        IdxFiles.Write(idx.Path, "t10k", fixture.Select([.. Enumerable.Range(0, fixture.Count).Where(i => i % 3 == 2)]), compressed: true);
        var train = DigitDataset.LoadIdx(idx.File("train-images-idx3-ubyte"), idx.File("train-labels-idx1-ubyte"));
        var test = DigitDataset.LoadIdx(idx.File("t10k-images-idx3-ubyte.gz"), idx.File("t10k-labels-idx1-ubyte.gz"));
        Assert.AreEqual(40, train.Count);
        Assert.AreEqual(20, test.Count);
        Assert.IsTrue(fixture.Select([.. Enumerable.Range(0, fixture.Count).Where(i => i % 3 == 2)]).Images.Zip(test.Images).All(p => Math.Abs(p.First - p.Second) <= 0.5f / 255 + 1e-6f),
            "IDX pixels are bytes / 255");

        // TrainPerClass and TestPerClass below the sets' 4 and 2 per class: a class-balanced pick would take fewer digits.
        var config = Small with { AllDigits = true, TrainPerClass = 2, TestPerClass = 1, SigmaW2 = [1.0], Steps = 2, RecordSteps = [0, 2] };
        var trainer = new Trainer(config, train, test);
        Assert.AreEqual(40, trainer.TrainCount, "every training digit, not --train-per-class of each class");
        Assert.AreEqual(20, trainer.TestCount);
        using var folder = new TempDirectory();
        var initial = trainer.Run(folder.Path).Single(r => r.Step == 0);

        // The losses at initialization from the scalar double reference network on the whole sets.
        var spec = config.Spec(1.0);
        var reference = new NtkGen.Reference.ReferenceKernel(spec);
        double[] p = NetworkParameters<double>.Initialize(spec, config.Seed, stream: 0).Values;
        double Loss(DigitDataset set)
        {
            double sum = 0;
            var f = new double[DigitDataset.Classes];
            for (int n = 0; n < set.Count; n++)
            {
                reference.Forward(p, [.. set.Images.AsSpan(n * DigitDataset.Pixels, DigitDataset.Pixels).ToArray().Select(v => (double)v)], f);
                for (int k = 0; k < DigitDataset.Classes; k++) sum += 0.5 * Math.Pow(f[k] - (set.Labels[n] == k ? 1 : 0), 2);
            }
            return sum / set.Count;
        }
        Assert.AreEqual(Loss(train), initial.TrainLoss, 1e-5 * initial.TrainLoss, "train loss over all 40 digits");
        Assert.AreEqual(Loss(test), initial.TestLoss, 1e-5 * initial.TestLoss, "test loss over the 20 test digits");
        Assert.AreNotEqual(Loss(train), Loss(test), 1e-3, "the two sets differ");

        Assert.ThrowsExactly<ArgumentException>(() => new Trainer(config, train));
        Assert.ThrowsExactly<ArgumentException>(() => new Trainer(Small, train, test));
        StringAssert.Contains(System.Text.Json.JsonSerializer.Serialize(config, NtkGen.Experiments.ExperimentJson.TextOptions), "\"all_digits\":true");
        Assert.AreNotEqual((config with { AllDigits = false }).Fingerprint(), config.Fingerprint());
    }

    [TestMethod]
    public void Kernel_snapshot_statistics_match_a_hand_computation()
    {
        // Two classes of two: Θ = [[4,2,1,0],[2,6,0,1],[1,0,8,3],[0,1,3,2]].
        float[] theta = [4, 2, 1, 0, 2, 6, 0, 1, 1, 0, 8, 3, 0, 1, 3, 2];
        var snapshot = KernelSnapshot.Of(theta, [0, 0, 1, 1], theta);
        Assert.AreEqual(5, snapshot.Diagonal, 1e-12);
        Assert.AreEqual(2.5, snapshot.SameClass, 1e-12);
        Assert.AreEqual(0.5, snapshot.OtherClass, 1e-12);
        // The authors' Θ̄_c averages the whole 2 × 2 blocks, diagonal included: (4 + 2 + 2 + 6 + 8 + 3 + 3 + 2)/8.
        Assert.AreEqual(30.0 / 8, snapshot.SameClassBlock, 1e-12);
        Assert.AreEqual(30.0 / 8 / 5, snapshot.SameClassBlockRatio, 1e-12);
        Assert.AreEqual(0, snapshot.RelativeChange, 1e-12);
        // Doubling the kernel is a change of scale, not of shape.
        var doubled = KernelSnapshot.Of(theta.Select(v => 2 * v).ToArray(), [0, 0, 1, 1], theta);
        Assert.AreEqual(1, doubled.RelativeChange, 1e-12);
        Assert.AreEqual(0, doubled.ShapeChange, 1e-6);
        double norm = Math.Sqrt(theta.Sum(v => (double)v * v));
        Assert.AreEqual((4 + 2 + 2 + 6 + 8 + 3 + 3 + 2) / (norm * Math.Sqrt(8)), snapshot.Alignment, 1e-12);
    }

    [TestMethod]
    public void Diagonal_statistics_match_a_hand_computation_and_an_explicit_off_diagonal_kernel()
    {
        float[] theta = [4, 2, 1, 0, 2, 6, 0, 1, 1, 0, 8, 3, 0, 1, 3, 2];
        var snapshot = KernelSnapshot.Of(theta, [0, 0, 1, 1], theta);
        // ‖diag‖² = 16 + 36 + 64 + 4 = 120 of ‖Θ‖² = 150; the largest diagonal entry 8 over the mean 5.
        Assert.AreEqual(120.0 / 150, snapshot.DiagonalShare, 1e-12);
        Assert.AreEqual(8.0 / 5, snapshot.PeakDiagonalRatio, 1e-12);
        Assert.AreEqual(0, snapshot.OffDiagonalShapeChange, 1e-6);

        // A change of the diagonal alone changes the shape but not the shape off the diagonal.
        float[] diagonalGrown = [.. theta.Select((v, k) => k % 5 == 0 ? 3 * v : v)];
        var grown = KernelSnapshot.Of(diagonalGrown, [0, 0, 1, 1], theta);
        Assert.IsGreaterThan(0.1, grown.ShapeChange);
        Assert.AreEqual(0, grown.OffDiagonalShapeChange, 1e-6);

        // Random kernels against the distance of the two explicitly built zero-diagonal matrices, each scaled to unit norm.
        var random = new System.Random(7);
        const int n = 6;
        float[] initial = [.. Enumerable.Range(0, n * n).Select(_ => (float)random.NextDouble())];
        float[] later = [.. Enumerable.Range(0, n * n).Select(_ => (float)(random.NextDouble() * 2 - 0.5))];
        double[] OffDiagonalUnit(float[] m)
        {
            double[] off = [.. m.Select((v, k) => k / n == k % n ? 0.0 : v)];
            double norm = Math.Sqrt(off.Sum(v => v * v));
            return [.. off.Select(v => v / norm)];
        }
        double[] a = OffDiagonalUnit(later), b = OffDiagonalUnit(initial);
        double expected = Math.Sqrt(a.Zip(b, (x, y) => (x - y) * (x - y)).Sum());
        var labels = Enumerable.Range(0, n).Select(i => i % 3).ToList();
        var randomSnapshot = KernelSnapshot.Of(later, labels, initial);
        Assert.AreEqual(expected, randomSnapshot.OffDiagonalShapeChange, 1e-9);
        Assert.AreEqual(Enumerable.Range(0, n).Sum(i => (double)later[i * n + i] * later[i * n + i]) / later.Sum(v => (double)v * v),
            randomSnapshot.DiagonalShare, 1e-12);
        Assert.AreEqual(Enumerable.Range(0, n).Max(i => later[i * n + i]) / Enumerable.Range(0, n).Average(i => (double)later[i * n + i]),
            randomSnapshot.PeakDiagonalRatio, 1e-12);
    }

    [TestMethod]
    public void A_configuration_reads_back_from_its_json_with_its_fingerprint()
    {
        string written = System.Text.Json.JsonSerializer.Serialize(new TrainingConfig(), NtkGen.Experiments.ExperimentJson.TextOptions);
        Assert.AreEqual(new TrainingConfig().Fingerprint(), System.Text.Json.JsonSerializer.Deserialize<TrainingConfig>(written, NtkGen.Experiments.ExperimentJson.TextOptions)!.Fingerprint());
        var gd = new TrainingConfig { Optimizer = OptimizerKind.Gd, LearningRate = 1e-3, Steps = 250 };
        Assert.AreEqual(1e-3, System.Text.Json.JsonSerializer.Deserialize<TrainingConfig>(
            System.Text.Json.JsonSerializer.Serialize(gd, NtkGen.Experiments.ExperimentJson.TextOptions), NtkGen.Experiments.ExperimentJson.TextOptions)!.LearningRate);
    }

    [TestMethod]
    public void Rounded_products_train_apart_from_float32_ones_and_are_their_own_run()
    {
        using var exact = new TempDirectory();
        using var rounded = new TempDirectory();
        var tf32 = Small with { Rounding = OperandRounding.Tf32 };
        var plain = new Trainer(Small, DigitDataset.LoadNpmDigits(Fixture)).Run(exact.Path);
        var withRounding = new Trainer(tf32, DigitDataset.LoadNpmDigits(Fixture)).Run(rounded.Path);
        Assert.HasCount(plain.Count, withRounding);
        foreach (var (a, b) in plain.Zip(withRounding).Where(pair => pair.First.Step == 0))
        {
            // At initialization TF32's 11 significant bits move Θ and the loss by about 2^-11 of their size, not more.
            double change = Math.Abs(a.Kernel.Diagonal - b.Kernel.Diagonal) / a.Kernel.Diagonal;
            Assert.IsTrue(change is > 1e-6 and < 1e-2, $"σ_w² = {a.SigmaW2}: Θ_d {a.Kernel.Diagonal:G6} against {b.Kernel.Diagonal:G6}");
            Assert.AreEqual(a.TrainLoss, b.TrainLoss, 1e-2 * a.TrainLoss);
        }
        foreach (var run in withRounding.GroupBy(r => r.SigmaW2))
            Assert.IsLessThan(run.First(r => r.Step == 0).TrainLoss, run.First(r => r.Step == Small.Steps).TrainLoss, $"σ_w² = {run.Key}: training with rounded products lowers the loss");
        string written = System.Text.Json.JsonSerializer.Serialize(tf32, NtkGen.Experiments.ExperimentJson.TextOptions);
        StringAssert.Contains(written, "\"rounding\":\"Tf32\"");
        Assert.AreEqual(tf32.Fingerprint(), System.Text.Json.JsonSerializer.Deserialize<TrainingConfig>(written, NtkGen.Experiments.ExperimentJson.TextOptions)!.Fingerprint());
        Assert.AreNotEqual(Small.Fingerprint(), tf32.Fingerprint());
        Assert.DoesNotContain("rounding", System.Text.Json.JsonSerializer.Serialize(Small, NtkGen.Experiments.ExperimentJson.TextOptions),
            "without rounding the configuration is written as before, and keeps its fingerprint");
    }

    [TestMethod]
    public void Bias_variance_reaches_the_network_and_the_fingerprint()
    {
        var withBiases = Small with { SigmaB2 = 0.05 };
        Assert.AreNotEqual(Small.Fingerprint(), withBiases.Fingerprint());
        Assert.AreEqual(0.05, withBiases.Spec(1.0).SigmaB2);
        Assert.AreEqual(0.05, System.Text.Json.JsonSerializer.Deserialize<TrainingConfig>(
            System.Text.Json.JsonSerializer.Serialize(withBiases, NtkGen.Experiments.ExperimentJson.TextOptions), NtkGen.Experiments.ExperimentJson.TextOptions)!.SigmaB2);
        Assert.AreEqual(0.5, withBiases.Chi1(1.0), "ReLU's χ₁ = σ_w²/2 whatever σ_b²");
    }

    [TestMethod]
    public void Interrupted_training_resumes_to_the_same_records()
    {
        using var whole = new TempDirectory();
        var expected = new Trainer(Small, DigitDataset.LoadNpmDigits(Fixture)).Run(whole.Path);

        // Kill the run in the middle of its first σ_w², after the record at step 3 and its checkpoint.
        using var interrupted = new TempDirectory();
        var killer = new Killer(afterUnitsDone: 6);
        Assert.ThrowsExactly<OperationCanceledException>(() => new Trainer(Small, DigitDataset.LoadNpmDigits(Fixture)).Run(interrupted.Path, killer));
        Assert.HasCount(1 + 2, File.ReadAllLines(TrainingExperiment.Instance.JournalPath(interrupted.Path)), "header and the records of steps 0 and 3");

        var resumed = new Trainer(Small, DigitDataset.LoadNpmDigits(Fixture)).Run(interrupted.Path);
        Assert.AreEqual(TrainingReport.Csv(Small, expected), TrainingReport.Csv(Small, resumed));
    }

    [TestMethod]
    public void A_run_resumed_on_other_data_is_refused()
    {
        using var folder = new TempDirectory();
        var digits = DigitDataset.LoadNpmDigits(Fixture);
        var expected = new Trainer(Small, digits).Run(folder.Path);
        string journal = TrainingExperiment.Instance.JournalPath(folder.Path);
        string header = File.ReadLines(journal).First();
        StringAssert.Contains(header, $"\"data_digest\":\"{new Trainer(Small, digits).DataDigest}\"");

        // One pixel of the first digit (a training digit: the first of its class) changed: same configuration, other data.
        float[] images = [.. digits.Images];
        images[400] = 1 - images[400];
        var altered = new Trainer(Small, new DigitDataset(images, digits.Labels));
        Assert.AreNotEqual(new Trainer(Small, digits).DataDigest, altered.DataDigest);
        string before = File.ReadAllText(journal);
        var refused = Assert.ThrowsExactly<NtkGen.IO.InputFileException>(() => altered.Run(folder.Path));
        StringAssert.Contains(refused.Message, "other data");
        Assert.AreEqual(before, File.ReadAllText(journal), "a refused run changes nothing");
        Assert.AreEqual(TrainingReport.Csv(Small, expected), TrainingReport.Csv(Small, new Trainer(Small, digits).Run(folder.Path)), "the data it was started on resume it");
    }

    private sealed class Killer(int afterUnitsDone) : IProgress<NtkGen.Experiments.ExperimentProgress>
    {
        public void Report(NtkGen.Experiments.ExperimentProgress value)
        {
            if (value.UnitsDone >= afterUnitsDone) throw new OperationCanceledException("simulated crash");
        }
    }
}
