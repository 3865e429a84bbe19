using System.Collections.Concurrent;

namespace NtkGen.Experiments.Dispersion;

/// <summary>Progress of a run: units and estimated work done so far.</summary>
/// <param name="UnitsDone">Finished units (including those found in the journal).</param>
/// <param name="UnitsTotal">Units of this shard.</param>
/// <param name="WorkDone">Estimated work finished, in arbitrary units proportional to run time.</param>
/// <param name="WorkTotal">Estimated work of the whole shard.</param>
/// <param name="Last">The unit that just finished.</param>
public readonly record struct DispersionProgress(int UnitsDone, int UnitsTotal, double WorkDone, double WorkTotal, UnitResult? Last);

/// <summary>
/// Runs the units of a shard on all cores, skipping those the journal already holds and appending each one as soon as it
/// finishes, so an interrupted run loses at most the units in flight.
/// </summary>
public static class DispersionRunner
{
    /// <summary>Every unit result of <paramref name="shard"/>, computed or read back from <paramref name="journal"/>, in unit order.</summary>
    public static IReadOnlyList<UnitResult> Run(DispersionConfig config, Shard shard, DispersionJournal journal, int threads,
        IProgress<DispersionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        config.Validate();
        var units = config.Units().Where(shard.Contains).ToList();
        var results = new ConcurrentDictionary<int, UnitResult>();
        foreach (var done in journal.Completed)
        {
            if (units.Any(u => u.Index == done.Unit)) results[done.Unit] = done;
        }
        var todo = units.Where(u => !results.ContainsKey(u.Index)).OrderByDescending(Work).ToList();
        double workTotal = units.Sum(Work), workDone = units.Where(u => results.ContainsKey(u.Index)).Sum(Work);
        progress?.Report(new DispersionProgress(results.Count, units.Count, workDone, workTotal, null));

        var gate = new object();
        var partitioner = System.Collections.Concurrent.Partitioner.Create(todo, EnumerablePartitionerOptions.NoBuffering);
        Parallel.ForEach(partitioner, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancellationToken }, unit =>
        {
            var result = DispersionUnitRunner.Run(config, unit);
            journal.Append(result);
            results[unit.Index] = result;
            lock (gate)
            {
                workDone += Work(unit);
                progress?.Report(new DispersionProgress(results.Count, units.Count, workDone, workTotal, result));
            }
        });
        return [.. results.Values.OrderBy(r => r.Unit)];
    }

    /// <summary>Relative cost of a unit, for progress and scheduling: weights drawn and multiplied per sample.</summary>
    public static double Work(DispersionUnit unit)
    {
        var config = unit.Point.Config;
        double depth = unit.Point.Depth;
        return config.Engine switch
        {
            DispersionEngine.Brute => unit.Count * (config.InputSize * config.Width + (depth - 1) * config.Width * (double)config.Width),
            DispersionEngine.Exact => unit.Count * depth * (4 + config.Width / 64.0),
            _ => depth,
        };
    }
}
