namespace NtkGen.Experiments.Dispersion;

/// <summary>
/// Runs the units of a shard on all cores, skipping those the journal already holds and appending each one as soon as it
/// finishes, so an interrupted run loses at most the units in flight.
/// </summary>
public static class DispersionRunner
{
    /// <summary>Every unit result of <paramref name="shard"/>, computed or read back from <paramref name="journal"/>, in unit order.</summary>
    public static IReadOnlyList<UnitResult> Run(DispersionConfig config, Shard shard, ExperimentJournal<UnitResult> journal, int threads,
        IProgress<ExperimentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        config.Validate();
        var units = config.Units().Where(u => shard.Contains(u.Index)).ToList();
        return ExperimentRunner.Run(units, u => u.Index, Work, u => DispersionUnitRunner.Run(config, u),
            r => $"L = {r.Depth}, σ_w² = {r.SigmaW2:0.###}", journal, threads, progress, cancellationToken);
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
