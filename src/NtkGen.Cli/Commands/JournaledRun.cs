using System.Diagnostics;
using NtkGen.Cli.Output;
using NtkGen.Experiments;

namespace NtkGen.Cli.Commands;

/// <summary>The part every journaled experiment command shares: open the journal, say what it resumes, run under progress.</summary>
internal static class JournaledRun
{
    /// <summary>
    /// Runs the experiment with its journal; returns the results of the whole run, or null for one shard of it (whose
    /// journal <c>ntkgen merge</c> combines with the others').
    /// </summary>
    /// <param name="summary">An optional note on the finished run from its results and duration (e.g. a throughput).</param>
    public static IReadOnlyList<TResult>? Execute<TResult>(ExperimentConsole console, string name, Shard shard, Func<ExperimentJournal<TResult>> open,
        Func<ExperimentJournal<TResult>, IProgress<ExperimentProgress>, IReadOnlyList<TResult>> run, Func<IReadOnlyList<TResult>, TimeSpan, string>? summary = null)
        where TResult : IUnitResult
    {
        using var journal = open();
        if (journal.Completed.Count > 0) console.Line($"resuming: {journal.Completed.Count} finished units found in {Path.GetFileName(journal.Path)}");
        var clock = Stopwatch.StartNew();
        var results = console.WithProgress(name, progress => run(journal, progress));
        console.Line($"computed in {clock.Elapsed.TotalSeconds:F1} s" + (summary is null ? "" : $" ({summary(results, clock.Elapsed)})"));
        if (shard.Count == 1) return results;
        console.Line($"shard {shard}: {results.Count} units written to {journal.Path}; combine all shards with 'ntkgen merge --out DIR <shard folders>'.");
        return null;
    }
}
