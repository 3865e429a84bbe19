using System.Text.Json;
using System.Text.Json.Nodes;
using NtkGen.IO;

namespace NtkGen.Experiments;

/// <summary>A journal's first line: which experiment, which configuration, which shard.</summary>
/// <param name="Kind">The experiment, e.g. <c>dispersion</c>.</param>
/// <param name="Fingerprint">A hash of everything in the configuration that changes the results.</param>
/// <param name="Shard">The shard the journal belongs to.</param>
/// <param name="Config">The configuration as written.</param>
/// <param name="Data">
/// A digest of the input data, for experiments that read the user's files (<c>train --idx</c>): the configuration names
/// where data come from, not what the files hold. Null where there are none, and in journals written before it existed,
/// which are then taken on trust.
/// </param>
public sealed record JournalHeader(string Kind, string Fingerprint, Shard Shard, JsonNode Config, string? Data = null);

/// <summary>
/// The append-only record of an experiment run: a header line with the configuration and its fingerprint, then one JSON
/// line per finished unit, flushed to disk as soon as the unit ends. A run restarted with the same configuration skips
/// what the journal holds; a truncated last line (the process died mid-write) is ignored; a journal of another run is
/// refused.
/// </summary>
public sealed class ExperimentJournal<TResult> : IDisposable
    where TResult : IUnitResult
{
    private readonly FileStream _stream;
    private readonly JsonSerializerOptions _options;
    private readonly object _gate = new();

    private ExperimentJournal(string path, FileStream stream, List<TResult> completed, JsonSerializerOptions options)
    {
        Path = path;
        _stream = stream;
        Completed = completed;
        _options = options;
    }

    /// <summary>The journal file.</summary>
    public string Path { get; }

    /// <summary>Units already finished when the journal was opened.</summary>
    public IReadOnlyList<TResult> Completed { get; }

    /// <summary>Opens or creates the journal at <paramref name="path"/> for the run described by <paramref name="header"/>.</summary>
    /// <exception cref="InputFileException">The file holds a journal of a different run.</exception>
    public static ExperimentJournal<TResult> Open(string path, JournalHeader header, JsonSerializerOptions options)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        var completed = new List<TResult>();
        bool exists = File.Exists(path) && new FileInfo(path).Length > 0;
        if (exists)
        {
            var (found, units) = Read(path, options);
            if (found.Kind != header.Kind || found.Fingerprint != header.Fingerprint || found.Shard != header.Shard)
                throw new InputFileException(path, $"holds results of another run ({found.Kind} {found.Fingerprint}, shard {found.Shard}); "
                    + $"this run is {header.Kind} {header.Fingerprint}, shard {header.Shard}: use another --out folder or delete the journal");
            if (found.Data is { } was && header.Data is { } now && was != now)
                throw new InputFileException(path, $"holds results computed on other data (digest {was}; the data given now have {now}): "
                    + "use another --out folder, or the data the run was started on");
            completed.AddRange(units);
        }
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        var journal = new ExperimentJournal<TResult>(path, stream, completed, options);
        if (!exists)
        {
            var line = new JsonObject
            {
                ["kind"] = header.Kind,
                ["fingerprint"] = header.Fingerprint,
                ["shard"] = header.Shard.ToString(),
                ["config"] = header.Config.DeepClone(),
            };
            if (header.Data is not null) line["data_digest"] = header.Data;
            journal.WriteLine(line);
        }
        return journal;
    }

    /// <summary>Reads a journal: its header and every complete unit line.</summary>
    /// <exception cref="InputFileException">The file is missing or its header is malformed.</exception>
    public static (JournalHeader Header, List<TResult> Units) Read(string path, JsonSerializerOptions options)
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
            header = new JournalHeader(node["kind"]!.GetValue<string>(), node["fingerprint"]!.GetValue<string>(),
                Shard.Parse(node["shard"]!.GetValue<string>()), node["config"]!.DeepClone(), node["data_digest"]?.GetValue<string>());
        }
        catch (Exception e) when (e is JsonException or NullReferenceException or InvalidOperationException or FormatException)
        {
            throw new InputFileException(path, "the first line is not a journal header", e);
        }
        var units = new List<TResult>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            try
            {
                units.Add(JsonSerializer.Deserialize<TResult>(lines[i], options)!);
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
    public void Append(TResult result) => WriteLine(JsonSerializer.SerializeToNode(result, _options)!);

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
}
