using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NtkGen.IO;

namespace NtkGen.Experiments;

/// <summary>
/// The append-only record of an experiment run: a header line with the journal format, the configuration and its
/// fingerprint, then one JSON line per finished unit, flushed to disk as soon as the unit ends. A run restarted with the
/// same configuration skips what the journal holds; a journal of another run, or of another journal format, is refused.
/// A last line cut short (the process died mid-write) is dropped before anything is appended, so the next unit starts on
/// a line of its own. While a run writes the journal it holds a lock file beside it: a second run on the same folder is
/// refused instead of interleaving its lines (readers, such as a merge of running shards, need no lock).
/// </summary>
public sealed class ExperimentJournal<TResult> : IDisposable
    where TResult : IUnitResult
{
    private readonly FileStream _stream;
    private readonly FileStream _lock;
    private readonly object _gate = new();

    private ExperimentJournal(string path, FileStream stream, FileStream lockFile, List<TResult> completed)
    {
        Path = path;
        _stream = stream;
        _lock = lockFile;
        Completed = completed;
    }

    /// <summary>The journal file.</summary>
    public string Path { get; }

    /// <summary>Units already finished when the journal was opened.</summary>
    public IReadOnlyList<TResult> Completed { get; }

    /// <summary>Opens or creates the journal at <paramref name="path"/> for the run described by <paramref name="header"/>.</summary>
    /// <exception cref="InputFileException">
    /// The file holds a journal of a different run or journal format, or another process is writing it.
    /// </exception>
    public static ExperimentJournal<TResult> Open(string path, JournalHeader header)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        var lockFile = Lock(path);
        try
        {
            var completed = new List<TResult>();
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
            try
            {
                long intact = IntactLength(stream);
                if (intact > 0)
                {
                    var bytes = new byte[intact];
                    stream.Seek(0, SeekOrigin.Begin);
                    stream.ReadExactly(bytes);
                    var (found, units) = Parse(path, Encoding.UTF8.GetString(bytes));
                    if (found.Kind != header.Kind || found.Fingerprint != header.Fingerprint || found.Shard != header.Shard)
                        throw new InputFileException(path, $"holds results of another run ({found.Kind} {found.Fingerprint}, shard {found.Shard}); "
                            + $"this run is {header.Kind} {header.Fingerprint}, shard {header.Shard}: write it to another folder or delete the journal");
                    if (found.Data != header.Data)
                        throw new InputFileException(path, $"holds results computed on other data (digest {found.Data ?? "none"}; the data given now have {header.Data ?? "none"}): "
                            + "write the run to another folder, or give the data it was started on");
                    completed.AddRange(units);
                }
                long dropped = stream.Length - intact;
                stream.SetLength(intact);
                stream.Seek(0, SeekOrigin.End);
                var journal = new ExperimentJournal<TResult>(path, stream, lockFile, completed) { DroppedTail = dropped };
                if (intact == 0) journal.WriteLine(HeaderLine(header));
                return journal;
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>The journal format this version writes and reads; a journal of another format is refused, never converted.</summary>
    public const int Format = 3;

    /// <summary>Reads a journal: its header and every complete unit line (a last line cut short is left out).</summary>
    /// <exception cref="InputFileException">The file is missing, of another journal format, or malformed.</exception>
    public static (JournalHeader Header, List<TResult> Units) Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputFileException(path, e is FileNotFoundException or DirectoryNotFoundException ? "file not found" : e.Message, e);
        }
        return Parse(path, text);
    }

    private static (JournalHeader Header, List<TResult> Units) Parse(string path, string text)
    {
        string[] lines = text.Split('\n');
        if (lines.Length == 0 || lines[0].Length == 0) throw new InputFileException(path, "empty journal");
        var header = ParseHeader(path, lines[0]);
        var units = new List<TResult>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            try
            {
                units.Add(JsonSerializer.Deserialize<TResult>(lines[i], ExperimentJson.Options)!);
            }
            catch (Exception) when (i == lines.Length - 1)
            {
                // The last line of an interrupted run may be cut short: that unit is simply run again.
            }
            catch (Exception e) when (e is JsonException or FormatException)
            {
                throw new InputFileException(path, $"line {i + 1} is not a unit result ({e.Message.Split('\n')[0]})", e);
            }
        }
        return (header, units);
    }

    /// <summary>Appends a finished unit and flushes it to disk.</summary>
    public void Append(TResult result) => WriteLine(JsonSerializer.SerializeToNode(result, ExperimentJson.Options)!);

    /// <summary>
    /// Bytes of a last line cut short that were dropped when the journal was opened (0 if none): the unit it began is
    /// run again.
    /// </summary>
    public long DroppedTail { get; private init; }

    /// <summary>What opening found, for the console: a dropped line cut short, finished units resumed (none for a new run).</summary>
    public IEnumerable<string> Notices
    {
        get
        {
            string name = System.IO.Path.GetFileName(Path);
            if (DroppedTail > 0) yield return $"dropped the last line of {name}, cut short ({DroppedTail} bytes) by the end of an earlier run: its unit runs again";
            if (Completed.Count > 0) yield return $"resuming: {Completed.Count} finished units found in {name}";
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _stream.Dispose();
        File.Delete(Path + ".owner");
        _lock.Dispose();
    }

    /// <summary>The version and, for a build from git, the commit (<c>0.1.0+582ca76</c>).</summary>
    private static string Version
    {
        get
        {
            string version = typeof(ExperimentJournal<>).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            int plus = version.IndexOf('+');
            return plus >= 0 && version.Length > plus + 8 ? version[..(plus + 8)] : version;
        }
    }

    private static JsonObject HeaderLine(JournalHeader header)
    {
        var line = new JsonObject
        {
            ["kind"] = header.Kind,
            ["format"] = Format,
            ["written_by"] = "NtkGen " + Version,
            ["fingerprint"] = header.Fingerprint,
            ["shard"] = header.Shard.ToString(),
            ["config"] = header.Config.DeepClone(),
        };
        if (header.Data is not null) line["data_digest"] = header.Data;
        return line;
    }

    private static JournalHeader ParseHeader(string path, string line)
    {
        JsonNode node;
        try
        {
            node = JsonNode.Parse(line) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new InputFileException(path, "the first line is not a journal header", e);
        }
        int? format = node["format"] is JsonValue value && value.TryGetValue(out int f) ? f : null;
        if (format != Format)
        {
            string writer = node["written_by"] is JsonValue by && by.TryGetValue(out string? name) ? name : "an NtkGen from before formats were numbered";
            throw new InputFileException(path, $"was written in journal format {format ?? 1} by {writer}; NtkGen {Version} reads journal format {Format} only: "
                + "run the experiment again in another folder");
        }
        try
        {
            return new JournalHeader(node["kind"]!.GetValue<string>(), node["fingerprint"]!.GetValue<string>(),
                Shard.Parse(node["shard"]!.GetValue<string>()), node["config"]!.DeepClone(), node["data_digest"]?.GetValue<string>());
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException)
        {
            throw new InputFileException(path, "the first line is not a journal header", e);
        }
    }

    /// <summary>
    /// The lock a writing run holds, with its process beside it in <c>.owner</c> (the lock itself cannot be read while
    /// held); the kernel releases the lock whatever ends the process, so a stale owner file means nothing.
    /// </summary>
    private static FileStream Lock(string path)
    {
        string lockPath = path + ".lock", ownerPath = path + ".owner";
        FileStream held;
        try
        {
            held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException e) when (e is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException))
        {
            string owner;
            try
            {
                owner = File.ReadAllText(ownerPath).Trim();
            }
            catch (Exception read) when (read is IOException or UnauthorizedAccessException)
            {
                owner = "another run";
            }
            throw new InputFileException(path, $"is being written by {owner} (it holds {System.IO.Path.GetFileName(lockPath)}); "
                + "wait for it to finish or write this run to another folder", e);
        }
        File.WriteAllText(ownerPath, $"process {Environment.ProcessId} on {Environment.MachineName}, since {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC");
        return held;
    }

    /// <summary>
    /// The length of the journal up to the end of its last complete line; 0 for a file without one (a header cut short is
    /// no journal yet).
    /// </summary>
    private static long IntactLength(FileStream stream)
    {
        long length = stream.Length;
        if (length == 0) return 0;
        var buffer = new byte[Math.Min(length, 1 << 16)];
        for (long end = length; end > 0;)
        {
            int count = (int)Math.Min(buffer.Length, end);
            stream.Seek(end - count, SeekOrigin.Begin);
            stream.ReadExactly(buffer, 0, count);
            int newline = Array.LastIndexOf(buffer, (byte)'\n', count - 1);
            if (newline >= 0) return end - count + newline + 1;
            end -= count;
        }
        return 0;
    }

    private void WriteLine(JsonNode node)
    {
        byte[] line = Encoding.UTF8.GetBytes(node.ToJsonString() + "\n");
        lock (_gate)
        {
            _stream.Write(line);
            _stream.Flush(flushToDisk: true);
        }
    }
}
