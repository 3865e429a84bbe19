using System.Text.Json;
using NtkGen.IO;

namespace NtkGen.Experiments.Dispersion;

/// <summary>The journal of a dispersion run (<see cref="ExperimentJournal{TResult}"/> with the dispersion's configuration).</summary>
public static class DispersionJournal
{
    /// <summary>The journal's file name inside the output folder.</summary>
    public const string FileName = "dispersion.journal.jsonl";

    /// <summary>The experiment kind written in the header.</summary>
    public const string Kind = "dispersion";

    /// <summary>Opens or creates the journal of <paramref name="config"/> in <paramref name="folder"/> for shard <paramref name="shard"/>.</summary>
    /// <exception cref="InputFileException">The folder holds a journal of a different run.</exception>
    public static ExperimentJournal<UnitResult> Open(string folder, DispersionConfig config, Shard shard)
        => ExperimentJournal<UnitResult>.Open(Path.Combine(folder, FileName),
            new JournalHeader(Kind, config.Fingerprint(), shard, JsonSerializer.SerializeToNode(config, DispersionConfig.JsonOptions)!), ExperimentJson.Options);

    /// <summary>Reads a dispersion journal: its configuration, shard and units.</summary>
    /// <exception cref="InputFileException">The file is missing, malformed, or not a dispersion journal.</exception>
    public static (DispersionConfig Config, string Fingerprint, Shard Shard, List<UnitResult> Units) Read(string path)
    {
        var (header, units) = ExperimentJournal<UnitResult>.Read(path, ExperimentJson.Options);
        if (header.Kind != Kind) throw new InputFileException(path, $"is a {header.Kind} journal, not a dispersion journal");
        var config = header.Config.Deserialize<DispersionConfig>(DispersionConfig.JsonOptions)
            ?? throw new InputFileException(path, "the header has no configuration");
        return (config, header.Fingerprint, header.Shard, units);
    }
}
