using System.Text.Json;
using NtkGen.IO;

namespace NtkGen.Experiments;

/// <summary>
/// An experiment as the pipeline sees it: a configuration, units of work grouped into the rows they make, and results
/// that a journal holds. Journals, resumption, shards and merges are written here once for every experiment; an
/// experiment adds its name, its journal's file name and its units.
/// </summary>
/// <typeparam name="TConfig">The configuration (validated and fingerprinted).</typeparam>
/// <typeparam name="TResult">What a finished unit leaves in the journal.</typeparam>
/// <param name="kind">The experiment's name in journal headers, e.g. <c>dispersion</c>.</param>
/// <param name="journalFileName">The journal's file name inside a run's folder.</param>
/// <param name="groupName">What the groups of units that make one row of results are called, for messages (e.g. "grid points").</param>
public abstract class Experiment<TConfig, TResult>(string kind, string journalFileName, string groupName)
    where TConfig : class, IExperimentConfig
    where TResult : IUnitResult
{
    /// <summary>The experiment's name in journal headers, e.g. <c>dispersion</c>.</summary>
    public string Kind { get; } = kind;

    /// <summary>The journal's file name inside a run's folder.</summary>
    public string JournalFileName { get; } = journalFileName;

    /// <summary>What the groups of units that make one row of results are called, for messages (e.g. "grid points").</summary>
    public string GroupName { get; } = groupName;

    /// <summary>Every unit of a whole run, each with the group (row) it belongs to.</summary>
    public abstract IEnumerable<(int Group, int Unit)> Units(TConfig config);

    /// <summary>The journal in <paramref name="folder"/>.</summary>
    public string JournalPath(string folder) => Path.Combine(folder, JournalFileName);

    /// <summary>The header of a journal of <paramref name="config"/>, shard <paramref name="shard"/>, on data of digest <paramref name="data"/>.</summary>
    public JournalHeader Header(TConfig config, Shard shard, string? data = null)
        => new(Kind, config.Fingerprint(), shard, JsonSerializer.SerializeToNode(config, ExperimentJson.TextOptions)!, data);

    /// <summary>Opens or creates the journal of <paramref name="config"/> in <paramref name="folder"/> for <paramref name="shard"/>.</summary>
    /// <exception cref="InvalidConfigurationException">The configuration is invalid (checked before anything is written).</exception>
    /// <exception cref="InputFileException">The folder holds a journal of another run or format, or another run writes it.</exception>
    public ExperimentJournal<TResult> OpenJournal(string folder, TConfig config, Shard shard, string? data = null)
    {
        config.Validate();
        return ExperimentJournal<TResult>.Open(JournalPath(folder), Header(config, shard, data));
    }

    /// <summary>Reads a journal of this experiment: its header, its configuration and its units.</summary>
    /// <exception cref="InputFileException">The file is missing, malformed, of another format or of another experiment.</exception>
    public (JournalHeader Header, TConfig Config, List<TResult> Units) ReadJournal(string path)
    {
        var (header, units) = ExperimentJournal<TResult>.Read(path);
        if (header.Kind != Kind) throw new InputFileException(path, $"is a {header.Kind} journal, not a {Kind} journal");
        TConfig? config;
        try
        {
            config = header.Config.Deserialize<TConfig>(ExperimentJson.TextOptions);
        }
        catch (JsonException e)
        {
            throw new InputFileException(path, $"the header's configuration is not a {Kind} configuration ({e.Message.Split('\n')[0]})", e);
        }
        return (header, config ?? throw new InputFileException(path, "the header has no configuration"), units);
    }

    /// <summary>
    /// Gathers the units of a run from the journals of its shards in <paramref name="folders"/>, checking that they belong
    /// to one configuration and one data set. An incomplete set is refused, or with <paramref name="partial"/> cut to its
    /// complete groups (refused if there are none).
    /// </summary>
    /// <exception cref="InputFileException">A journal is missing or malformed, or of another configuration or data.</exception>
    /// <exception cref="IncompleteRunException">Units are missing (and <paramref name="partial"/> is false, or no group is complete).</exception>
    public MergedRun<TConfig, TResult> Merge(IReadOnlyList<string> folders, bool partial = false)
    {
        (JournalHeader Header, TConfig Config)? first = null;
        var results = new Dictionary<int, TResult>();
        var shards = new HashSet<Shard>();
        foreach (string folder in folders)
        {
            string path = JournalPath(folder);
            var (header, config, units) = ReadJournal(path);
            if (first is { } f)
            {
                if (header.Fingerprint != f.Header.Fingerprint)
                    throw new InputFileException(path, $"is from another configuration ({header.Fingerprint}, the first shard's is {f.Header.Fingerprint})");
                if (header.Data != f.Header.Data)
                    throw new InputFileException(path, $"holds results computed on other data (digest {header.Data ?? "none"}, the first shard's {f.Header.Data ?? "none"})");
            }
            first ??= (header, config);
            shards.Add(header.Shard);
            foreach (var unit in units) results[unit.Unit] = unit;
        }
        if (first is not { } run) throw new ArgumentException("No shard folders to merge.", nameof(folders));

        var groups = Units(run.Config).GroupBy(u => u.Group, u => u.Unit).ToList();
        int missing = groups.Sum(g => g.Count(unit => !results.ContainsKey(unit)));
        string? which = null;
        if (missing > 0)
        {
            var counts = shards.Select(s => s.Count).Distinct().ToList();
            which = $"{missing} of {groups.Sum(g => g.Count())} units are missing (shards given: {string.Join(", ", shards.OrderBy(s => s.Index))}"
                + (counts.Count == 1 ? $" of {counts[0]}" : "") + ")";
            if (!partial) throw new IncompleteRunException(which + "; run the missing shards or resume the interrupted ones first");
            var completeUnits = groups.Where(g => g.All(results.ContainsKey)).SelectMany(g => g).ToHashSet();
            if (completeUnits.Count == 0) throw new IncompleteRunException($"none of the {groups.Count} {GroupName} is complete in the shards given; nothing to report yet");
            foreach (int unit in results.Keys.Where(unit => !completeUnits.Contains(unit)).ToList()) results.Remove(unit);
        }
        var known = groups.SelectMany(g => g).ToHashSet();
        return new MergedRun<TConfig, TResult>(run.Config, run.Header, folders.Count,
            [.. results.Values.Where(r => known.Contains(r.Unit)).OrderBy(r => r.Unit)], which);
    }

    /// <summary>
    /// Writes the whole-run journal of a complete merge into <paramref name="folder"/>, so that the experiment run there
    /// again with the same configuration finds everything done.
    /// </summary>
    public void WriteJournal(string folder, MergedRun<TConfig, TResult> run)
    {
        if (!run.Complete) throw new InvalidOperationException("A partial merge has no whole-run journal: it would stand for a complete run.");
        using var journal = ExperimentJournal<TResult>.Open(JournalPath(folder), run.Header with { Shard = Shard.Whole });
        var present = journal.Completed.Select(u => u.Unit).ToHashSet();
        foreach (var unit in run.Results.Where(u => !present.Contains(u.Unit))) journal.Append(unit);
    }
}
