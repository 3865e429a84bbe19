using System.Diagnostics;
using NtkGen.Cli.Output;
using NtkGen.Experiments;

namespace NtkGen.Cli.Commands;

/// <summary>What every grid experiment command does with its run: open the journal, say what it resumes, run under progress.</summary>
internal static class JournaledRun
{
    /// <summary>
    /// Runs <paramref name="config"/> with its journal in <paramref name="folder"/> and reports a whole run with
    /// <paramref name="report"/>; a shard only says where its journal is, for <c>ntkgen merge</c> to combine with the others'.
    /// </summary>
    /// <param name="summary">An optional note on the finished run from its results and duration (e.g. a throughput).</param>
    public static int Execute<TConfig, TResult>(ExperimentConsole console, GridExperiment<TConfig, TResult> experiment, TConfig config,
        Shard shard, int threads, string folder, ResultFiles files, Action<ExperimentConsole, string, TConfig, IReadOnlyList<TResult>, ResultFiles> report,
        Func<IReadOnlyList<TResult>, TimeSpan, string>? summary = null)
        where TConfig : GridConfig<TConfig>
        where TResult : GridUnitResult
    {
        GridExperiment<TConfig, TResult>.CheckMemory(config, threads);
        using var journal = experiment.OpenJournal(folder, config, shard);
        foreach (string notice in journal.Notices) console.Line(notice);
        var clock = Stopwatch.StartNew();
        var results = console.WithProgress(experiment.Kind, progress => experiment.Run(config, shard, journal, threads, progress));
        console.Line($"computed in {clock.Elapsed.TotalSeconds:F1} s" + (summary is null ? "" : $" ({summary(results, clock.Elapsed)})"));
        if (shard.Count == 1) report(console, folder, config, results, files);
        else console.Line($"shard {shard}: {results.Count} units written to {journal.Path}; combine all shards with 'ntkgen merge --out DIR <shard folders>'.");
        return NtkGenCli.Success;
    }
}
