using System.CommandLine;
using System.Text.Json;
using NtkGen.Cli.Output;
using NtkGen.Experiments;
using NtkGen.Experiments.Dispersion;
using NtkGen.Experiments.GdStep;
using NtkGen.Training;

namespace NtkGen.Cli.Commands;

/// <summary>
/// <c>ntkgen merge</c>: combines the journals of shards (<c>dispersion</c>, <c>gd-step</c> or <c>train --shard i/n</c>) into
/// the results of the whole run — the same numbers, bit for bit, as an unsharded run, because statistics are kept as sums
/// per unit (and a training run's σ_w² are independent runs).
/// </summary>
internal static class MergeCommand
{
    public static Command Create(TextWriter output)
    {
        var folders = new Argument<DirectoryInfo[]>("shards") { Description = "Output folders of the shard runs.", Arity = ArgumentArity.OneOrMore };
        var outFolder = new Option<DirectoryInfo>("--out") { Description = "Folder for the merged journal, CSV, JSON and PNG files.", Required = true };
        var format = new Option<string>("--format") { Description = "Result files: csv, json, or csv,json.", DefaultValueFactory = _ => "csv,json" };
        var noPlots = new Option<bool>("--no-plots") { Description = "Do not draw the PNG figures." };
        var command = new Command("merge", "Combine the shard outputs of a dispersion, gd-step or train run into the results of the whole run.") { folders, outFolder, format, noPlots };
        command.SetAction(parsed =>
        {
            var (csv, json) = DispersionCommand.ParseFormat(parsed.GetValue(format)!);
            return Run(parsed.GetValue(folders)!, parsed.GetValue(outFolder)!.FullName, csv, json, !parsed.GetValue(noPlots), output);
        });
        return command;
    }

    private static int Run(DirectoryInfo[] shardFolders, string folder, bool csv, bool json, bool plots, TextWriter output)
    {
        var console = new ExperimentConsole(output);
        string first = shardFolders[0].FullName;
        if (File.Exists(Path.Combine(first, DispersionJournal.FileName)))
        {
            var (config, results) = Merge(shardFolders, DispersionJournal.FileName, DispersionJournal.Read, c => c.Units().Select(u => u.Index));
            using (var journal = DispersionJournal.Open(folder, config, Shard.Whole)) AppendMissing(journal, results);
            console.Line($"merged {shardFolders.Length} shard folder(s), {results.Count} units, configuration {config.Fingerprint()}");
            DispersionCommand.WriteResults(console, folder, config, results, csv, json, plots);
        }
        else if (File.Exists(Path.Combine(first, GdStepReport.JournalFileName)))
        {
            var (config, results) = Merge(shardFolders, GdStepReport.JournalFileName, GdStepReport.ReadJournal, c => c.Units().Select(u => u.Index));
            using (var journal = GdStepReport.OpenJournal(folder, config, Shard.Whole)) AppendMissing(journal, results);
            console.Line($"merged {shardFolders.Length} shard folder(s), {results.Count} units, configuration {config.Fingerprint()}");
            GdStepCommand.WriteResults(console, folder, config, results, csv, json, plots);
        }
        else if (File.Exists(Path.Combine(first, Trainer.JournalFileName)))
        {
            var (config, results) = Merge(shardFolders, Trainer.JournalFileName, ReadTrainingJournal, Trainer.Units);
            using (var journal = ExperimentJournal<TrainingRecord>.Open(Path.Combine(folder, Trainer.JournalFileName), Trainer.Header(config, Shard.Whole), ExperimentJson.Options))
                AppendMissing(journal, results);
            console.Line($"merged {shardFolders.Length} shard folder(s), {results.Count} records, configuration {config.Fingerprint()}");
            TrainCommand.WriteResults(console, folder, config, Trainer.WithStatistics(config, results), csv, json, plots);
        }
        else
        {
            throw new CommandLineError($"{first} holds no {DispersionJournal.FileName}, {GdStepReport.JournalFileName} or {Trainer.JournalFileName}");
        }
        return NtkGenCli.Success;
    }

    /// <summary>Reads every shard's journal, checks they are of one configuration and together complete, and returns the units in order.</summary>
    private static (TConfig Config, List<TResult> Results) Merge<TConfig, TResult>(DirectoryInfo[] folders, string fileName,
        Func<string, (TConfig Config, string Fingerprint, Shard Shard, List<TResult> Units)> read, Func<TConfig, IEnumerable<int>> unitIndices)
        where TResult : IUnitResult
    {
        TConfig? config = default;
        string? fingerprint = null;
        var results = new Dictionary<int, TResult>();
        var shards = new HashSet<Shard>();
        foreach (var shardFolder in folders)
        {
            string path = Path.Combine(shardFolder.FullName, fileName);
            var (journalConfig, journalFingerprint, shard, units) = read(path);
            if (fingerprint is not null && journalFingerprint != fingerprint)
                throw new CommandLineError($"{path} is from another configuration ({journalFingerprint}, expected {fingerprint})");
            fingerprint = journalFingerprint;
            config ??= journalConfig;
            shards.Add(shard);
            foreach (var unit in units) results[unit.Unit] = unit;
        }
        var all = unitIndices(config!).ToList();
        int missing = all.Count(i => !results.ContainsKey(i));
        if (missing > 0)
        {
            var counts = shards.Select(s => s.Count).Distinct().ToList();
            throw new CommandLineError($"{missing} of {all.Count} units are missing (shards given: {string.Join(", ", shards.OrderBy(s => s.Index))}"
                + (counts.Count == 1 ? $" of {counts[0]}" : "") + "); run the missing shards or resume the interrupted ones first");
        }
        return (config!, results.Values.OrderBy(r => r.Unit).ToList());
    }

    private static (TrainingConfig Config, string Fingerprint, Shard Shard, List<TrainingRecord> Units) ReadTrainingJournal(string path)
    {
        var (header, units) = ExperimentJournal<TrainingRecord>.Read(path, ExperimentJson.Options);
        var config = header.Kind == Trainer.Kind ? header.Config.Deserialize<TrainingConfig>(TrainingConfig.JsonOptions) : null;
        if (config is null) throw new CommandLineError($"{path} is not a training journal");
        return (config, header.Fingerprint, header.Shard, units);
    }

    /// <summary>The merged folder holds a whole-run journal, so the experiment run again there with the same options finds everything done.</summary>
    private static void AppendMissing<TResult>(ExperimentJournal<TResult> journal, List<TResult> results)
        where TResult : IUnitResult
    {
        var present = journal.Completed.Select(u => u.Unit).ToHashSet();
        foreach (var unit in results.Where(u => !present.Contains(u.Unit))) journal.Append(unit);
    }
}
