using NtkGen.Experiments;

namespace NtkGen.Training;

/// <summary>
/// Training on the pipeline: a σ_w² is an independent run whose recorded steps are its units (the group a merge reports
/// whole); shard <c>i/n</c> trains the σ_w² whose index is <c>i</c> modulo <c>n</c>.
/// </summary>
public sealed class TrainingExperiment : Experiment<TrainingConfig, TrainingRecord>
{
    /// <summary>The one instance.</summary>
    public static TrainingExperiment Instance { get; } = new();

    private TrainingExperiment()
        : base("train", "train.journal.jsonl", "σ_w²")
    {
    }

    /// <inheritdoc/>
    public override IEnumerable<(int Group, int Unit)> Units(TrainingConfig config)
        => Enumerable.Range(0, config.SigmaW2.Count).SelectMany(s => config.Records.Select(step => (s, UnitOf(s, step))));

    /// <summary>The unit of the record of <paramref name="step"/> of the σ_w² with index <paramref name="sigmaIndex"/>.</summary>
    public static int UnitOf(int sigmaIndex, int step) => checked(sigmaIndex * UnitsPerSigma + step);

    /// <summary>More units than a run has steps; <see cref="TrainingConfig.Validate"/> keeps Steps below it.</summary>
    internal const int UnitsPerSigma = 1_000_000;
}
