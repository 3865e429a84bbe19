namespace NtkGen.Experiments;

/// <summary>The units of a run gathered from the journals of its shards.</summary>
/// <param name="Config">The run's configuration.</param>
/// <param name="Header">The header of the first shard's journal (the run's kind, fingerprint and data).</param>
/// <param name="Shards">The shard folders merged.</param>
/// <param name="Results">The units, in unit order: every unit of the run, or those of its complete groups for a partial merge.</param>
/// <param name="Missing">What is missing in a partial merge (null when the run is complete).</param>
public sealed record MergedRun<TConfig, TResult>(TConfig Config, JournalHeader Header, int Shards, IReadOnlyList<TResult> Results, string? Missing)
{
    /// <summary>Whether every unit of the run is there.</summary>
    public bool Complete => Missing is null;
}
