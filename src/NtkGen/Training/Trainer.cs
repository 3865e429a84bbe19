using System.Numerics.Tensors;
using NtkGen.Data;
using NtkGen.Experiments;
using NtkGen.Kernels;

namespace NtkGen.Training;

/// <summary>
/// Trains one network per σ_w² of a <see cref="TrainingConfig"/> with full-batch steps and records the NTK on a fixed
/// class-balanced subset (THEORY.md §6). Each record goes to the journal as soon as it is computed and a checkpoint
/// follows, so an interrupted run resumes from its last record with the same numbers.
/// </summary>
public sealed class Trainer
{
    private readonly TrainingConfig _config;
    private readonly DigitDataset _train, _test, _subset;
    private readonly float[] _trainTargets, _testTargets;

    /// <summary>
    /// A trainer on <paramref name="digits"/>: per class, the first TrainPerClass images train, the next TestPerClass test;
    /// with <see cref="TrainingConfig.AllDigits"/>, all of <paramref name="digits"/> train and all of
    /// <paramref name="testDigits"/> test. The NTK subset is the first NtkPerClass training images of each class.
    /// </summary>
    public Trainer(TrainingConfig config, DigitDataset digits, DigitDataset? testDigits = null)
    {
        config.Validate();
        if (config.AllDigits != testDigits is not null)
            throw new ArgumentException(config.AllDigits ? "Training on all digits needs a separate test set." : "A separate test set is used only when training on all digits.");
        _config = config;
        _train = config.AllDigits ? digits : digits.Balanced(config.TrainPerClass);
        _test = testDigits ?? digits.Balanced(config.TestPerClass, skipPerClass: config.TrainPerClass);
        _subset = digits.Balanced(config.NtkPerClass);
        _trainTargets = _train.OneHotTargets();
        _testTargets = _test.OneHotTargets();
        // The configuration names the data's source; the digest holds a resumed or merged run to the same digits.
        DataDigest = DigitDataset.Digest(_train, _test, _subset);
    }

    /// <summary>A digest of the training, test and NTK digits, written into the journal's header.</summary>
    public string DataDigest { get; }

    /// <summary>Digits the networks train on.</summary>
    public int TrainCount => _train.Count;

    /// <summary>Digits the networks are tested on.</summary>
    public int TestCount => _test.Count;

    /// <summary>
    /// Runs (or resumes) in <paramref name="folder"/> every σ_w² of the run, or those of one <paramref name="shard"/> (the
    /// σ_w² whose index is <c>i</c> modulo <c>n</c>: the runs of different σ_w² are independent); returns the records in order.
    /// </summary>
    /// <param name="folder">The run's folder: journal and checkpoints.</param>
    /// <param name="progress">Receives progress after every step.</param>
    /// <param name="shard">The σ_w² to train (all by default).</param>
    /// <param name="notice">Receives what the journal said when opened: records resumed, a cut-short line dropped.</param>
    public IReadOnlyList<TrainingRecord> Run(string folder, IProgress<ExperimentProgress>? progress = null, Shard? shard = null, Action<string>? notice = null)
    {
        var part = shard ?? Shard.Whole;
        string fingerprint = _config.Fingerprint();
        using var journal = TrainingExperiment.Instance.OpenJournal(folder, _config, part, DataDigest);
        foreach (string line in journal.Notices) notice?.Invoke(line);
        var records = journal.Completed.ToDictionary(r => r.Unit);
        var sigmas = Enumerable.Range(0, _config.SigmaW2.Count).Where(part.Contains).ToList();
        int totalSteps = _config.Steps * sigmas.Count;
        for (int s = 0; s < sigmas.Count; s++)
        {
            foreach (var record in RunOne(sigmas[s], folder, fingerprint, records, journal, progress, s, totalSteps)) records[record.Unit] = record;
        }
        return [.. records.Values.OrderBy(r => r.Unit)];
    }

    private IEnumerable<TrainingRecord> RunOne(int index, string folder, string fingerprint, Dictionary<int, TrainingRecord> done,
        ExperimentJournal<TrainingRecord> journal, IProgress<ExperimentProgress>? progress, int position, int totalSteps)
    {
        double sigmaW2 = _config.SigmaW2[index];
        var spec = _config.Spec(sigmaW2);
        var kernel = KernelFor(spec);
        var recordSteps = _config.Records;
        int lastRecorded = recordSteps.Where(step => done.ContainsKey(TrainingExperiment.UnitOf(index, step))).DefaultIfEmpty(-1).Max();
        if (lastRecorded == _config.Steps) yield break;

        // Same stream for every σ_w²: the runs start from the same normals, scaled differently.
        var parameters = NetworkParameters<float>.Initialize(spec, _config.Seed, stream: 0).Values;
        var operands = new ProductOperands(spec, _config.Rounding, parameters);
        // Θ at initialization is the reference of every record; computed once.
        var initialRecord = done.GetValueOrDefault(TrainingExperiment.UnitOf(index, 0));
        var initial = initialRecord is null ? SubsetKernel(kernel, operands.Current()) : (initialRecord.Theta, initialRecord.BiasShare);
        float[] initialTheta = initial.Theta;
        double learningRate = LearningRate(kernel, operands.Current(), initialRecord);
        var optimizer = Optimizer.Create(_config.Optimizer, learningRate, parameters.Length, _config.AdamEpsilon);
        string checkpointPath = Path.Combine(folder, $"train_sigma{index}.checkpoint");
        int step = 0;
        if (lastRecorded >= 0 && TrainingCheckpoint.Load(checkpointPath, fingerprint) is { } checkpoint && checkpoint.Step <= lastRecorded)
        {
            checkpoint.Parameters.CopyTo(parameters, 0);
            optimizer.Restore(checkpoint.OptimizerState, checkpoint.Step);
            step = checkpoint.Step;
        }
        var batch = new FullBatch(this, kernel, parameters.Length);
        var gradient = new float[parameters.Length];
        var losses = new List<double>();
        for (; ; step++)
        {
            // The last step is only recorded, not taken: its loss without a gradient.
            var current = operands.Current();
            double loss = batch.LossAndGradient(current, step < _config.Steps ? gradient : null);
            losses.Add(loss);
            if (recordSteps.Contains(step) && step > lastRecorded)
            {
                var (theta, biasShare) = step == 0 ? initial : SubsetKernel(kernel, current);
                var (testLoss, accuracy) = Evaluate(kernel, current);
                var record = new TrainingRecord(sigmaW2, step, loss, testLoss, accuracy, KernelSnapshot.Of(theta, _subset.Labels, initialTheta),
                    [.. losses], theta) { Unit = TrainingExperiment.UnitOf(index, step), LearningRate = learningRate, BiasShare = biasShare };
                journal.Append(record);
                new TrainingCheckpoint(fingerprint, step, parameters, optimizer.State).Save(checkpointPath);
                losses.Clear();
                yield return record;
            }
            if (step == _config.Steps) break;
            optimizer.Step(parameters, gradient);
            progress?.Report(new ExperimentProgress(position * _config.Steps + step + 1, totalSteps, position * _config.Steps + step + 1, totalSteps,
                $"σ_w² = {sigmaW2:0.###}, step {step + 1}, loss {loss:G3}"));
        }
    }

    /// <summary>The kernel of a run: the one chosen for the shape, or the run-time-width one that rounds products' operands.</summary>
    private StructuredNtkKernel<float> KernelFor(NetworkSpec spec)
    {
        if (_config.Rounding is { } rounding) return KernelRegistry.Rounded(spec, rounding);
        return KernelRegistry.Resolve<float>(spec) as StructuredNtkKernel<float>
            ?? throw new InvalidConfigurationException(KernelRegistry.OverrideVariable, "Training needs a structured kernel (generated or generic), not the reference.");
    }

    /// <summary>
    /// The parameters as the products see them: the float32 parameters themselves, or a copy with the weights rounded to the
    /// run's <see cref="TrainingConfig.Rounding"/> (the biases are added, not multiplied), taken afresh after every step.
    /// </summary>
    private sealed class ProductOperands(NetworkSpec spec, OperandRounding? rounding, float[] parameters)
    {
        private readonly float[]? _rounded = rounding is null ? null : new float[parameters.Length];

        public float[] Current()
        {
            if (_rounded is null) return parameters;
            parameters.CopyTo(_rounded, 0);
            for (int l = 1; l <= spec.LayerCount; l++)
                OperandRoundings.Round(_rounded.AsSpan(spec.WeightOffset(l), spec.Width(l) * spec.Width(l - 1)), rounding!.Value);
            return _rounded;
        }
    }

    /// <summary>Θ on the subset, and the share of its trace that comes from the biases.</summary>
    private (float[] Theta, double BiasShare) SubsetKernel(StructuredNtkKernel<float> kernel, float[] parameters)
    {
        int n = _subset.Count;
        var theta = new float[n * n];
        var biases = new float[n * n];
        kernel.NtkMatrix(parameters, _subset.Images, _subset.Images, theta, biases);
        double biasTrace = 0, trace = 0;
        for (int i = 0; i < n; i++)
        {
            biasTrace += biases[i * n + i];
            trace += theta[i * n + i] + biases[i * n + i];
        }
        TensorPrimitives.Add(theta, biases, theta);
        return (theta, biasTrace / trace);
    }

    /// <summary>
    /// The run's learning rate: the configured one, or the fraction asked for of the network's critical rate at
    /// initialization (<paramref name="parameters"/> are still the initial ones). A resumed run goes on with the rate its
    /// records carry, which is the one its finished steps used.
    /// </summary>
    private double LearningRate(StructuredNtkKernel<float> kernel, float[] parameters, TrainingRecord? initialRecord)
    {
        if (initialRecord is not null) return initialRecord.LearningRate;
        return _config.LearningRate ?? _config.CriticalLrFraction!.Value * CriticalLearningRate.Of(kernel, parameters, _subset.Images);
    }

    /// <summary>
    /// Samples per forward pass of the full batch (at most; and at most what one array of traces holds). Up to this many
    /// training images are one pass; a larger set, such as all of MNIST, goes in chunks whose
    /// gradients are added in order.
    /// </summary>
    internal int GradientChunk { get; init; } = 16_384;

    private int ChunkFor(StructuredNtkKernel<float> kernel) => Math.Min(GradientChunk, kernel.MaxBatch);

    /// <summary>The loss and its gradient over the whole training set, one chunk of samples after the other.</summary>
    private sealed class FullBatch(Trainer trainer, StructuredNtkKernel<float> kernel, int parameterCount)
    {
        private readonly int _chunk = Math.Min(trainer._train.Count, trainer.ChunkFor(kernel));
        private float[]? _cotangents, _chunkGradient;

        /// <summary>(1/N) Σ ½‖f − y‖² and, into <paramref name="gradient"/> unless it is null, its gradient.</summary>
        public double LossAndGradient(float[] parameters, float[]? gradient)
        {
            int total = trainer._train.Count, n0 = DigitDataset.Pixels, outputs = DigitDataset.Classes;
            _cotangents ??= new float[_chunk * outputs];
            double loss = 0;
            for (int first = 0; first < total; first += _chunk)
            {
                int count = Math.Min(_chunk, total - first);
                using var forward = kernel.ForwardForGradient(parameters, trainer._train.Images.AsSpan(first * n0, count * n0));
                var cotangents = _cotangents.AsSpan(0, count * outputs);
                loss += LossAndCotangents(forward.Outputs, trainer._trainTargets.AsSpan(first * outputs, count * outputs), cotangents, total);
                if (gradient is null) continue;
                if (first == 0)
                {
                    kernel.LossGradient(parameters, forward, cotangents, gradient);
                    continue;
                }
                _chunkGradient ??= new float[parameterCount];
                kernel.LossGradient(parameters, forward, cotangents, _chunkGradient);
                TensorPrimitives.Add(gradient, _chunkGradient, gradient);
            }
            return loss;
        }

        /// <summary>Σ ½‖f − y‖²/N over a chunk of the N samples, and the derivative (f − y)/N per output.</summary>
        private static double LossAndCotangents(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, Span<float> cotangents, int total)
        {
            double loss = 0;
            for (int i = 0; i < outputs.Length; i++)
            {
                float difference = outputs[i] - targets[i];
                loss += 0.5 * difference * difference;
                cotangents[i] = difference / total;
            }
            return loss / total;
        }
    }

    private (double Loss, double Accuracy) Evaluate(StructuredNtkKernel<float> kernel, float[] parameters)
    {
        // Outputs only, in the training set's chunks (a test set may be large too).
        var outputs = new float[_test.Count * 10];
        int chunk = ChunkFor(kernel), n0 = DigitDataset.Pixels;
        for (int first = 0; first < _test.Count; first += chunk)
        {
            int count = Math.Min(chunk, _test.Count - first);
            kernel.ForwardBatch(parameters, _test.Images.AsSpan(first * n0, count * n0), outputs.AsSpan(first * 10, count * 10));
        }
        double loss = 0;
        int correct = 0;
        for (int n = 0; n < _test.Count; n++)
        {
            int best = 0;
            for (int k = 0; k < 10; k++)
            {
                float value = outputs[n * 10 + k];
                double difference = value - _testTargets[n * 10 + k];
                loss += 0.5 * difference * difference;
                if (value > outputs[n * 10 + best]) best = k;
            }
            if (best == _test.Labels[n]) correct++;
        }
        return (loss / _test.Count, (double)correct / _test.Count);
    }

}
