using System.CommandLine;
using NtkGen.Experiments;

namespace NtkGen.Cli.Commands;

/// <summary>Which result files a finished run writes beside its journal.</summary>
internal readonly record struct ResultFiles(bool Csv, bool Json, bool Plots);

/// <summary>The options of every journaled experiment command: its folder, its result files, its shard.</summary>
internal sealed class OutputOptions
{
    public OutputOptions(string defaultFolder, string shardDescription)
    {
        Out = new Option<DirectoryInfo>("--out") { Description = "Folder for the journal, CSV, JSON and PNG files.", DefaultValueFactory = _ => new DirectoryInfo(defaultFolder) };
        Shard = new Option<string>("--shard") { Description = shardDescription + " Combine the shards with 'ntkgen merge'.", DefaultValueFactory = _ => "0/1" };
    }

    public Option<DirectoryInfo> Out { get; }

    public Option<string> Format { get; } = CreateFormat();

    public Option<string> Shard { get; }

    public Option<bool> NoPlots { get; } = CreateNoPlots();

    public IEnumerable<Option> All => [Out, Format, Shard, NoPlots];

    public string Folder(ParseResult parsed) => parsed.GetValue(Out)!.FullName;

    public ResultFiles Files(ParseResult parsed) => FilesOf(parsed.GetValue(Format)!, !parsed.GetValue(NoPlots));

    public Shard ShardOf(ParseResult parsed)
    {
        string text = parsed.GetValue(Shard)!;
        try
        {
            return NtkGen.Experiments.Shard.Parse(text);
        }
        catch (FormatException e)
        {
            throw new CommandLineError("--shard: " + e.Message);
        }
    }

    public static Option<string> CreateFormat() => new("--format") { Description = "Result files: csv, json, or csv,json.", DefaultValueFactory = _ => "csv,json" };

    public static Option<bool> CreateNoPlots() => new("--no-plots") { Description = "Do not draw the PNG figures." };

    public static ResultFiles FilesOf(string format, bool plots)
    {
        var parts = format.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0 || parts.Any(p => p is not ("csv" or "json")))
            throw new CommandLineError($"--format: '{format}' is not csv, json or csv,json");
        return new ResultFiles(parts.Contains("csv"), parts.Contains("json"), plots);
    }
}
