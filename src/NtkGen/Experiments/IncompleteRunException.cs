namespace NtkGen.Experiments;

/// <summary>The shards given to a merge do not hold every unit of the run (or, for a partial merge, no complete group).</summary>
public sealed class IncompleteRunException(string message) : Exception(message);
