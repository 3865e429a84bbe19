using NtkGen.Cli.Output;
using NtkGen.Experiments;

namespace NtkGen.Cli.Commands;

/// <summary>What <c>ntkgen merge</c> needs of an experiment command: its experiment, and how it reports a whole run.</summary>
internal interface IMergeableExperiment
{
    /// <summary>The journal's file name, by which merge recognizes the experiment of a shard folder.</summary>
    string JournalFileName { get; }

    /// <summary>Merges the shard folders into <paramref name="folder"/> and writes the results there.</summary>
    void Merge(IReadOnlyList<string> shards, string folder, ResultFiles files, bool partial, ExperimentConsole console);
}

/// <summary>An experiment and the command's writer of its results.</summary>
internal sealed class MergeableExperiment<TConfig, TResult>(Experiment<TConfig, TResult> experiment,
    Action<ExperimentConsole, string, TConfig, IReadOnlyList<TResult>, ResultFiles> writeResults) : IMergeableExperiment
    where TConfig : class, IExperimentConfig
    where TResult : IUnitResult
{
    public string JournalFileName => experiment.JournalFileName;

    public void Merge(IReadOnlyList<string> shards, string folder, ResultFiles files, bool partial, ExperimentConsole console)
    {
        MergedRun<TConfig, TResult> run;
        try
        {
            run = experiment.Merge(shards, partial);
        }
        catch (IncompleteRunException e)
        {
            throw new CommandLineError(e.Message + (partial ? "" : ", or report what is finished with --partial"));
        }
        // Refused input leaves nothing behind: the folder is made once every check has passed.
        Directory.CreateDirectory(folder);
        if (run.Complete) experiment.WriteJournal(folder, run);
        else console.Line($"partial: {run.Missing}; reporting only the complete {experiment.GroupName}, no merged journal written");
        console.Line($"merged {run.Shards} shard folder(s), {run.Results.Count} units, configuration {run.Header.Fingerprint}");
        writeResults(console, folder, run.Config, run.Results, files);
    }
}
