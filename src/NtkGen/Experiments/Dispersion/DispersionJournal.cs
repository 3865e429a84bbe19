using System.Text.Json;
using System.Text.Json.Nodes;
using NtkGen.IO;

namespace NtkGen.Experiments.Dispersion;

/// <summary>
/// The append-only record of a run: a header line with the configuration and its fingerprint, then one JSON line per
/// finished unit, flushed to disk as soon as the unit ends. An interrupted run restarted with the same configuration
/// skips what the journal holds; a truncated last line (the process died mid-write) is ignored.
/// </summary>
public sealed class DispersionJournal : IDisposable
{
    /// <summary>The journal's file name inside the output folder.</summary>
    public const string FileName = "dispersion.journal.jsonl";

    private readonly FileStream _stream;
    private readonly object _gate = new();

    private DispersionJournal(string path, FileStream stream, List<UnitResult> completed)
    {
        Path = path;
        _stream = stream;
        Completed = completed;
    }

    /// <summary>The journal file.</summary>
    public string Path { get; }

    /// <summary>Units already finished when the journal was opened.</summary>
    public IReadOnlyList<UnitResult> Completed { get; }

    /// <summary>
    /// Opens or creates the journal of <paramref name="config"/> in <paramref name="folder"/> for shard
    /// <paramref name="shard"/>; refuses a journal written by another configuration or shard.
    /// </summary>
    /// <exception cref="InputFileException">The folder holds a journal of a different run.</exception>
    public static DispersionJournal Open(string folder, DispersionConfig config, Shard shard)
    {
        Directory.CreateDirectory(folder);
        string path = System.IO.Path.Combine(folder, FileName);
        var completed = new List<UnitResult>();
        bool exists = File.Exists(path) && new FileInfo(path).Length > 0;
        if (exists)
        {
            var (header, units) = Read(path);
            if (header.Fingerprint != config.Fingerprint() || header.Shard != shard)
                throw new InputFileException(path, $"holds results of another run (configuration {header.Fingerprint}, shard {header.Shard}); "
                    + $"this run is {config.Fingerprint()}, shard {shard}: use another --out folder or delete the journal");
            completed.AddRange(units);
        }
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        var journal = new DispersionJournal(path, stream, completed);
        if (!exists) journal.WriteLine(HeaderNode(config, shard));
        return journal;
    }

    /// <summary>Reads a journal: its header and every complete unit line.</summary>
    /// <exception cref="InputFileException">The file is missing or its header is malformed.</exception>
    public static (JournalHeader Header, List<UnitResult> Units) Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputFileException(path, e is FileNotFoundException or DirectoryNotFoundException ? "file not found" : e.Message, e);
        }
        if (lines.Length == 0) throw new InputFileException(path, "empty journal");
        JournalHeader header;
        try
        {
            var node = JsonNode.Parse(lines[0])!;
            header = new JournalHeader(
                node["fingerprint"]!.GetValue<string>(),
                Shard.Parse(node["shard"]!.GetValue<string>()),
                node["config"]!.Deserialize<DispersionConfig>(DispersionConfig.JsonOptions)!);
        }
        catch (Exception e) when (e is JsonException or NullReferenceException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InputFileException(path, "the first line is not a dispersion journal header", e);
        }
        var units = new List<UnitResult>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            try
            {
                units.Add(JsonSerializer.Deserialize<UnitResult>(lines[i], UnitJson.Options)!);
            }
            catch (JsonException) when (i == lines.Length - 1)
            {
                // The last line of an interrupted run may be cut short: that unit is simply run again.
            }
            catch (JsonException e)
            {
                throw new InputFileException(path, $"line {i + 1} is not a unit result ({e.Message.Split('\n')[0]})", e);
            }
        }
        return (header, units);
    }

    /// <summary>Appends a finished unit and flushes it to disk.</summary>
    public void Append(UnitResult result) => WriteLine(JsonSerializer.SerializeToNode(result, UnitJson.Options)!);

    /// <inheritdoc/>
    public void Dispose() => _stream.Dispose();

    private void WriteLine(JsonNode node)
    {
        byte[] line = System.Text.Encoding.UTF8.GetBytes(node.ToJsonString() + "\n");
        lock (_gate)
        {
            _stream.Write(line);
            _stream.Flush(flushToDisk: true);
        }
    }

    private static JsonObject HeaderNode(DispersionConfig config, Shard shard) => new()
    {
        ["kind"] = "ntkgen-dispersion-journal",
        ["fingerprint"] = config.Fingerprint(),
        ["shard"] = shard.ToString(),
        ["config"] = JsonSerializer.SerializeToNode(config, DispersionConfig.JsonOptions),
    };

    /// <summary>A journal's first line.</summary>
    public sealed record JournalHeader(string Fingerprint, Shard Shard, DispersionConfig Config);
}
