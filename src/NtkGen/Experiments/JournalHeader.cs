using System.Text.Json.Nodes;

namespace NtkGen.Experiments;

/// <summary>A journal's first line: which experiment, which configuration, which shard, and on which data.</summary>
/// <param name="Kind">The experiment, e.g. <c>dispersion</c>.</param>
/// <param name="Fingerprint">A hash of everything in the configuration that changes the results.</param>
/// <param name="Shard">The shard the journal belongs to.</param>
/// <param name="Config">The configuration as written.</param>
/// <param name="Data">
/// A digest of the input data, for experiments that read the user's files (<c>train --idx</c>): the configuration names
/// where data come from, not what the files hold. Null for experiments that read none.
/// </param>
public sealed record JournalHeader(string Kind, string Fingerprint, Shard Shard, JsonNode Config, string? Data = null);
