using System.Collections.Concurrent;

namespace NtkGen.Experiments;

/// <summary>
/// An experiment over a <see cref="GridConfig{TSelf}"/>: its units are independent blocks of samples, run on all cores,
/// skipping those the journal already holds and appending each one as soon as it finishes, so an interrupted run loses at
/// most the units in flight. Results never depend on the thread count: each unit is computed the same way on any thread.
/// </summary>
/// <param name="kind">The experiment's name in journal headers.</param>
/// <param name="journalFileName">The journal's file name inside a run's folder.</param>
public abstract class GridExperiment<TConfig, TResult>(string kind, string journalFileName) : Experiment<TConfig, TResult>(kind, journalFileName, "grid points")
    where TConfig : GridConfig<TConfig>
    where TResult : GridUnitResult
{
    /// <inheritdoc/>
    public override IEnumerable<(int Group, int Unit)> Units(TConfig config) => config.Units().Select(u => (u.Point.Index, u.Index));

    /// <summary>A unit's relative cost, for progress and scheduling (largest first).</summary>
    public abstract double Work(GridUnit<TConfig> unit);

    /// <summary>Computes a unit; the result depends only on the configuration and the unit.</summary>
    public abstract TResult Compute(TConfig config, GridUnit<TConfig> unit);

    /// <summary>
    /// Validates <paramref name="config"/> and checks that its networks fit the memory this process may use on
    /// <paramref name="threads"/> threads; throws <see cref="InvalidConfigurationException"/> before any work.
    /// </summary>
    public static void CheckMemory(TConfig config, int threads)
    {
        config.Validate();
        double needed = config.WorkingBytes(threads);
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (needed > 0.8 * available)
            throw new InvalidConfigurationException(nameof(GridConfig<TConfig>.Width), $"the networks at L = {config.Depths.Max()}, M = {config.Width} need about "
                + $"{needed / (1 << 30):0.#} GiB on {threads} threads, more than this process may use ({available / (double)(1 << 30):0.#} GiB): lower Width, Depths or the threads.");
    }

    /// <summary>Every unit result of <paramref name="shard"/>, computed or read back from <paramref name="journal"/>, in unit order.</summary>
    /// <param name="config">The run.</param>
    /// <param name="shard">The part of it to compute.</param>
    /// <param name="journal">The run's journal (<see cref="Experiment{TConfig, TResult}.OpenJournal"/>).</param>
    /// <param name="threads">Worker threads.</param>
    /// <param name="progress">Receives progress after every unit.</param>
    /// <param name="cancellationToken">Stops the run between units.</param>
    public IReadOnlyList<TResult> Run(TConfig config, Shard shard, ExperimentJournal<TResult> journal, int threads,
        IProgress<ExperimentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        CheckMemory(config, threads);
        var units = config.Units().Where(u => shard.Contains(u.Index)).ToList();
        var wanted = units.Select(u => u.Index).ToHashSet();
        var results = new ConcurrentDictionary<int, TResult>();
        foreach (var done in journal.Completed)
        {
            if (wanted.Contains(done.Unit)) results[done.Unit] = done;
        }
        var todo = units.Where(u => !results.ContainsKey(u.Index)).OrderByDescending(Work).ToList();
        double workTotal = units.Sum(Work), workDone = units.Where(u => results.ContainsKey(u.Index)).Sum(Work);
        progress?.Report(new ExperimentProgress(results.Count, units.Count, workDone, workTotal, null));

        var gate = new object();
        var partitioner = Partitioner.Create(todo, EnumerablePartitionerOptions.NoBuffering);
        try
        {
            Parallel.ForEach(partitioner, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancellationToken }, unit =>
            {
                var result = Compute(config, unit);
                journal.Append(result);
                results[unit.Index] = result;
                lock (gate)
                {
                    workDone += Work(unit);
                    progress?.Report(new ExperimentProgress(results.Count, units.Count, workDone, workTotal,
                        $"L = {unit.Point.Depth}, σ_w² = {unit.Point.SigmaW2:0.###}"));
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
