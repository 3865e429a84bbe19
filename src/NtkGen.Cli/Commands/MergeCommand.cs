using System.CommandLine;
using NtkGen.Cli.Output;
using NtkGen.Experiments;
using NtkGen.Experiments.Dispersion;

namespace NtkGen.Cli.Commands;

/// <summary>
/// <c>ntkgen merge</c>: combines the journals of shards (<c>dispersion --shard i/n</c>) into the results of the whole
/// run — the same numbers, bit for bit, as an unsharded run, because statistics are kept as sums per unit.
/// </summary>
internal static class MergeCommand
{
    public static Command Create(TextWriter output)
    {
        var folders = new Argument<DirectoryInfo[]>("shards") { Description = "Output folders of the shard runs.", Arity = ArgumentArity.OneOrMore };
        var outFolder = new Option<DirectoryInfo>("--out") { Description = "Folder for the merged journal, CSV, JSON and PNG files.", Required = true };
        var format = new Option<string>("--format") { Description = "Result files: csv, json, or csv,json.", DefaultValueFactory = _ => "csv,json" };
        var noPlots = new Option<bool>("--no-plots") { Description = "Do not draw the PNG figures." };
        var command = new Command("merge", "Combine the shard outputs of a dispersion run into the results of the whole run.") { folders, outFolder, format, noPlots };
        command.SetAction(parsed =>
        {
            var (csv, json) = DispersionCommand.ParseFormat(parsed.GetValue(format)!);
            return Run(parsed.GetValue(folders)!, parsed.GetValue(outFolder)!.FullName, csv, json, !parsed.GetValue(noPlots), output);
        });
        return command;
    }

    private static int Run(DirectoryInfo[] shardFolders, string folder, bool csv, bool json, bool plots, TextWriter output)
    {
        DispersionConfig? config = null;
        string? fingerprint = null;
        var results = new Dictionary<int, UnitResult>();
        var shards = new HashSet<Shard>();
        foreach (var shardFolder in shardFolders)
        {
            string path = Path.Combine(shardFolder.FullName, DispersionJournal.FileName);
            var (journalConfig, journalFingerprint, shard, units) = DispersionJournal.Read(path);
            if (fingerprint is not null && journalFingerprint != fingerprint)
                throw new CommandLineError($"{path} is from another configuration ({journalFingerprint}, expected {fingerprint})");
            fingerprint = journalFingerprint;
            config ??= journalConfig;
            shards.Add(shard);
            foreach (var unit in units) results[unit.Unit] = unit;
        }
        var missing = config!.Units().Where(u => !results.ContainsKey(u.Index)).ToList();
        if (missing.Count > 0)
        {
            var counts = shards.Select(s => s.Count).Distinct().ToList();
            throw new CommandLineError($"{missing.Count} of {config.Units().Count()} units are missing (shards given: {string.Join(", ", shards.OrderBy(s => s.Index))}"
                + (counts.Count == 1 ? $" of {counts[0]}" : "") + "); run the missing shards or resume the interrupted ones first");
        }

        // The merged folder holds a whole-run journal, so 'dispersion' with the same options there finds everything done.
        var ordered = results.Values.OrderBy(r => r.Unit).ToList();
        using (var journal = DispersionJournal.Open(folder, config, Shard.Whole))
        {
            var present = journal.Completed.Select(u => u.Unit).ToHashSet();
            foreach (var unit in ordered.Where(u => !present.Contains(u.Unit))) journal.Append(unit);
        }
        var console = new ExperimentConsole(output);
        console.Line($"merged {shardFolders.Length} shard folder(s), {ordered.Count} units, configuration {fingerprint}");
        DispersionCommand.WriteResults(console, folder, config, ordered, csv, json, plots);
        return NtkGenCli.Success;
    }
}
