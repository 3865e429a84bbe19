namespace NtkGen.Experiments;

/// <summary>Progress of a run: units and estimated work done so far.</summary>
/// <param name="UnitsDone">Finished units (including those found in the journal).</param>
/// <param name="UnitsTotal">Units of this shard.</param>
/// <param name="WorkDone">Estimated work finished, in arbitrary units proportional to run time.</param>
/// <param name="WorkTotal">Estimated work of the whole shard.</param>
/// <param name="Last">What the unit that just finished was, for display (null at the start).</param>
public readonly record struct ExperimentProgress(int UnitsDone, int UnitsTotal, double WorkDone, double WorkTotal, string? Last);

/// <summary>A result that a journal can hold: it knows the unit it belongs to.</summary>
public interface IUnitResult
{
    /// <summary>Index of the unit in its experiment's grid.</summary>
    int Unit { get; }
}
