using NtkGen.Data;
using NtkGen.Experiments;
using NtkGen.Experiments.Dispersion;
using NtkGen.Experiments.GdStep;
using NtkGen.Experiments.Linearize;
using NtkGen.Training;

namespace NtkGen.Tests.Experiments;

/// <summary>
/// One experiment, small, as the pipeline tests drive it: run (a shard of) it in a folder, merge folders, open its
/// journal, and report its results as CSV (the text a user compares).
/// </summary>
internal abstract class PipelineCase
{
    /// <summary>Runs the whole experiment, or <paramref name="shard"/>, in <paramref name="folder"/>; returns the results' CSV.</summary>
    public abstract string Run(string folder, Shard shard);

    /// <summary>Runs the same experiment with another seed in <paramref name="folder"/>.</summary>
    public abstract void RunAnother(string folder);

    /// <summary>The CSV of the merge of <paramref name="folders"/>; whether the run is complete.</summary>
    public abstract (string Csv, bool Complete) Merge(IReadOnlyList<string> folders, bool partial);

    /// <summary>Opens the journal for writing, as a run does.</summary>
    public abstract IDisposable OpenJournal(string folder);

    /// <summary>The journal's path in <paramref name="folder"/>.</summary>
    public abstract string JournalPath(string folder);

    /// <summary>Every unit of the whole run.</summary>
    public abstract int UnitCount { get; }

    public static PipelineCase Of(string kind) => kind switch
    {
        "dispersion" => new Grid<DispersionConfig, DispersionUnitResult>(DispersionExperiment.Instance,
            new DispersionConfig { InputSize = 6, Width = 10, Depths = [2, 4], SigmaW2 = [1.5, 2.5], Samples = 300, Seed = 42, Precision = Precision.F64, Correlations = [1.0, 0.5] },
            (config, results) => DispersionReport.Csv(DispersionAggregator.Rows(config, results))),
        "gd-step" => new Grid<GdStepConfig, GdStepUnitResult>(GdStepExperiment.Instance,
            new GdStepConfig { InputSize = 6, Width = 10, Depths = [3, 5], SigmaW2 = [1.5, 2.5], Samples = 200, Batch = 3, Seed = 8 },
            (config, results) => GdStepReport.Csv(GdStepAggregator.Rows(config, results))),
        "linearize" => new Grid<LinearizeConfig, LinearizeUnitResult>(LinearizeExperiment.Instance,
            LinearizeData.WithDigest(new LinearizeConfig
            {
                Width = 6, Depths = [1, 3], SigmaW2 = [1.5, 2.5], Samples = 10, Steps = [0, 2, 5], TrainPerClass = 3, TestPerClass = 2, Seed = 3,
                DataFolder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "mnist"),
            }),
            (config, results) => LinearizeReport.Csv(LinearizeAggregator.Rows(config, results))),
        "train" => new Train(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private sealed class Grid<TConfig, TResult>(GridExperiment<TConfig, TResult> experiment, TConfig config, Func<TConfig, IReadOnlyList<TResult>, string> csv)
        : PipelineCase
        where TConfig : GridConfig<TConfig>
        where TResult : GridUnitResult
    {
        public override int UnitCount => config.Units().Count();

        public override string Run(string folder, Shard shard)
        {
            using var journal = experiment.OpenJournal(folder, config, shard);
            return csv(config, experiment.Run(config, shard, journal, threads: 2));
        }

        public override void RunAnother(string folder)
        {
            var other = (TConfig)((GridConfig<TConfig>)config with { Seed = config.Seed + 1 });
            using var journal = experiment.OpenJournal(folder, other, Shard.Whole);
        }

        public override (string Csv, bool Complete) Merge(IReadOnlyList<string> folders, bool partial)
        {
            var run = experiment.Merge(folders, partial);
            return (csv(run.Config, run.Results), run.Complete);
        }

        public override IDisposable OpenJournal(string folder) => experiment.OpenJournal(folder, config, Shard.Whole);

        public override string JournalPath(string folder) => experiment.JournalPath(folder);
    }

    private sealed class Train : PipelineCase
    {
        private static readonly DigitDataset Digits = DigitDataset.LoadNpmDigits(Path.Combine(AppContext.BaseDirectory, "Fixtures", "mnist"));

        private static readonly TrainingConfig Config = new()
        {
            Width = 12, HiddenLayers = 2, SigmaW2 = [1.0, 2.0], Steps = 6, RecordSteps = [0, 2, 6], LearningRate = 3e-3,
            TrainPerClass = 4, TestPerClass = 2, NtkPerClass = 2,
        };

        public override int UnitCount => TrainingExperiment.Instance.Units(Config).Count();

        public override string Run(string folder, Shard shard) => TrainingReport.Csv(Config, new Trainer(Config, Digits).Run(folder, shard: shard));

        public override void RunAnother(string folder) => new Trainer(Config with { Seed = Config.Seed + 1 }, Digits).Run(folder);

        public override (string Csv, bool Complete) Merge(IReadOnlyList<string> folders, bool partial)
        {
            var run = TrainingExperiment.Instance.Merge(folders, partial);
            return (TrainingReport.Csv(run.Config, [.. run.Results]), run.Complete);
        }

        public override IDisposable OpenJournal(string folder)
            => TrainingExperiment.Instance.OpenJournal(folder, Config, Shard.Whole, new Trainer(Config, Digits).DataDigest);

        public override string JournalPath(string folder) => TrainingExperiment.Instance.JournalPath(folder);
    }
}
