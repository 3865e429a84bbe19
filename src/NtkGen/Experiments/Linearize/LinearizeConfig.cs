using System.Text.Json.Serialization;

namespace NtkGen.Experiments.Linearize;

/// <summary>
/// A linearization experiment (the MSML 2021 framework, docs/linearize.md): for each depth × σ_w² of networks
/// 784 → M × (L−1) → 1 on a two-class subset of the digits (targets ±1), an ensemble of networks trained by full-batch
/// gradient descent on the square loss, beside their linearizations at initialization and the infinite-width theory,
/// compared at the test inputs after each of <see cref="Steps"/> steps. Everything that changes the numbers is here,
/// the data by their digest; <see cref="GridConfig{TSelf}.Fingerprint"/> identifies the run for resumption and merging.
/// </summary>
public sealed record LinearizeConfig : GridConfig<LinearizeConfig>
{
    /// <summary>Networks per unit of work.</summary>
    public const int BlockSize = 10;

    /// <summary>The default grid: L = 2, 4, 8, 16 at M = 128, ReLU ordered, edge of chaos and chaotic, 100 networks (a few minutes on two cores).</summary>
    public LinearizeConfig()
    {
        InputSize = Data.DigitDataset.Pixels;
        Width = 128;
        Depths = [2, 4, 8, 16];
        SigmaW2 = [1.5, 2.0, 2.5];
        Samples = 100;
        Precision = Precision.F64;
    }

    /// <summary>The two digits told apart: the first has target −1, the second +1.</summary>
    public IReadOnlyList<int> Classes { get; init; } = [0, 1];

    /// <summary>Training images per class: the first of each class in the data.</summary>
    public int TrainPerClass { get; init; } = 50;

    /// <summary>Test images per class: the next ones.</summary>
    public int TestPerClass { get; init; } = 50;

    /// <summary>The steps at which the outputs are compared (the real networks train to the last); t → ∞ is added for the linear predictions.</summary>
    public IReadOnlyList<int> Steps { get; init; } = [0, 10, 100];

    /// <summary>
    /// The rate as a fraction of the infinite-width critical rate <c>2N/λ_max(Θ*(X, X))</c>, one rate for every network
    /// of a point (so that theory, linearization and training share it).
    /// </summary>
    public double RateFraction { get; init; } = 0.5;

    /// <summary>SHA-256 of the digits the run used (<see cref="Data.DigitDataset.Digest"/>), so that runs on other data do not mix.</summary>
    public string DataDigest { get; init; } = "";

    /// <summary>Where the digits are read from (not part of the configuration: the digest is).</summary>
    [JsonIgnore]
    public string DataFolder { get; init; } = "";

    /// <summary>Training inputs N.</summary>
    [JsonIgnore]
    public int TrainCount => 2 * TrainPerClass;

    /// <summary>Test inputs.</summary>
    [JsonIgnore]
    public int TestCount => 2 * TestPerClass;

    /// <inheritdoc/>
    protected override int SamplesPerUnit => BlockSize;

    /// <inheritdoc/>
    protected override ulong StreamBasis => 1469598103934665603UL ^ 0x11AEA7;

    /// <inheritdoc/>
    protected override double NetworkCopies => 4.0;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        if (InputSize != Data.DigitDataset.Pixels) throw new InvalidConfigurationException(nameof(InputSize), $"InputSize is that of the digits, {Data.DigitDataset.Pixels} (got {InputSize}).");
        if (Precision != Precision.F64) throw new InvalidConfigurationException(nameof(Precision), "the linearization is compared with training to rounding: it runs in f64.");
        if (Classes.Count != 2 || Classes[0] == Classes[1] || Classes.Any(c => c is < 0 or > 9))
            throw new InvalidConfigurationException(nameof(Classes), "Classes must be two different digits 0 … 9.");
        if (TrainPerClass < 1) throw new InvalidConfigurationException(nameof(TrainPerClass), $"TrainPerClass must be at least 1 (got {TrainPerClass}).");
        if (TestPerClass < 1) throw new InvalidConfigurationException(nameof(TestPerClass), $"TestPerClass must be at least 1 (got {TestPerClass}).");
        if (Steps.Count == 0 || Steps.Any(s => s < 0) || Steps.Zip(Steps.Skip(1)).Any(p => p.Second <= p.First))
            throw new InvalidConfigurationException(nameof(Steps), "Steps must list increasing step counts from 0 up.");
        if (!(RateFraction > 0 && RateFraction < 1)) throw new InvalidConfigurationException(nameof(RateFraction), $"RateFraction must lie in (0, 1): 1 is the critical rate (got {RateFraction}).");
    }
}
