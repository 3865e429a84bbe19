using System.Collections.Concurrent;

namespace NtkGen.Experiments;

/// <summary>
/// Runs the units of a shard on all cores, skipping those the journal already holds and appending each one as soon as it
/// finishes, so an interrupted run loses at most the units in flight. Results never depend on the thread count: each
/// unit is computed the same way on any thread.
/// </summary>
public static class ExperimentRunner
{
    /// <summary>Every unit result of the shard, computed or read back from <paramref name="journal"/>, in unit order.</summary>
    /// <param name="units">The units of the shard.</param>
    /// <param name="index">A unit's index in the grid (what results are keyed by).</param>
    /// <param name="work">A unit's relative cost, for progress and scheduling (largest first).</param>
    /// <param name="compute">Computes a unit.</param>
    /// <param name="describe">A short description of a finished unit for the progress display.</param>
    /// <param name="journal">The run's journal.</param>
    /// <param name="threads">Worker threads.</param>
    /// <param name="progress">Receives progress after every unit.</param>
    /// <param name="cancellationToken">Stops the run between units.</param>
    public static IReadOnlyList<TResult> Run<TUnit, TResult>(IReadOnlyList<TUnit> units, Func<TUnit, int> index, Func<TUnit, double> work,
        Func<TUnit, TResult> compute, Func<TResult, string> describe, ExperimentJournal<TResult> journal, int threads,
        IProgress<ExperimentProgress>? progress = null, CancellationToken cancellationToken = default)
        where TResult : IUnitResult
    {
        var wanted = units.Select(index).ToHashSet();
        var results = new ConcurrentDictionary<int, TResult>();
        foreach (var done in journal.Completed)
        {
            if (wanted.Contains(done.Unit)) results[done.Unit] = done;
        }
        var todo = units.Where(u => !results.ContainsKey(index(u))).OrderByDescending(work).ToList();
        double workTotal = units.Sum(work), workDone = units.Where(u => results.ContainsKey(index(u))).Sum(work);
        progress?.Report(new ExperimentProgress(results.Count, units.Count, workDone, workTotal, null));

        var gate = new object();
        var partitioner = Partitioner.Create(todo, EnumerablePartitionerOptions.NoBuffering);
        try
        {
            Parallel.ForEach(partitioner, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancellationToken }, unit =>
            {
                var result = compute(unit);
                journal.Append(result);
                results[index(unit)] = result;
                lock (gate)
                {
                    workDone += work(unit);
                    progress?.Report(new ExperimentProgress(results.Count, units.Count, workDone, workTotal, describe(result)));
                }
            });
        }
        catch (AggregateException aggregate) when (aggregate.InnerExceptions.Count > 0)
        {
            // Report what went wrong in the unit, not the thread pool's wrapper; finished units stay in the journal.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(aggregate.InnerExceptions[0]);
        }
        return [.. results.Values.OrderBy(r => r.Unit)];
    }
}
