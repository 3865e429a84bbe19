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
/// per unit (and a training run's σ_w² are independent runs). With <c>--partial</c> it reports what the shards given have
/// finished — the grid points, or σ_w², whose units are all there — so that a long run can be looked at while its last
/// shards still run; an incomplete set then writes no merged journal, which would stand for a whole run.
/// </summary>
internal static class MergeCommand
{
    public static Command Create(TextWriter output)
    {
        var folders = new Argument<DirectoryInfo[]>("shards") { Description = "Output folders of the shard runs.", Arity = ArgumentArity.OneOrMore };
        var outFolder = new Option<DirectoryInfo>("--out") { Description = "Folder for the merged journal, CSV, JSON and PNG files.", Required = true };
        var format = new Option<string>("--format") { Description = "Result files: csv, json, or csv,json.", DefaultValueFactory = _ => "csv,json" };
        var noPlots = new Option<bool>("--no-plots") { Description = "Do not draw the PNG figures." };
        var partial = new Option<bool>("--partial")
        {
            Description = "Report what the shards have finished (complete grid points, or σ_w² with all their records) instead of "
                + "refusing an incomplete set; an incomplete set writes no merged journal.",
        };
        var command = new Command("merge", "Combine the shard outputs of a dispersion, gd-step or train run into the results of the whole run.")
        {
            folders, outFolder, format, noPlots, partial,
        };
        command.SetAction(parsed =>
        {
            var (csv, json) = DispersionCommand.ParseFormat(parsed.GetValue(format)!);
            return Run(parsed.GetValue(folders)!, parsed.GetValue(outFolder)!.FullName, csv, json, !parsed.GetValue(noPlots), parsed.GetValue(partial), output);
        });
        return command;
    }

    private static int Run(DirectoryInfo[] shardFolders, string folder, bool csv, bool json, bool plots, bool partial, TextWriter output)
    {
        var console = new ExperimentConsole(output);
        string first = shardFolders[0].FullName;
        if (File.Exists(Path.Combine(first, DispersionJournal.FileName)))
        {
            var (config, results, complete) = Merge(shardFolders, DispersionJournal.FileName, DispersionJournal.Read,
                c => c.Units().Select(u => (u.Point.Index, u.Index)), partial, "grid points", folder, console);
            if (complete) using (var journal = DispersionJournal.Open(folder, config, Shard.Whole)) AppendMissing(journal, results);
            console.Line($"merged {shardFolders.Length} shard folder(s), {results.Count} units, configuration {config.Fingerprint()}");
            DispersionCommand.WriteResults(console, folder, config, results, csv, json, plots);
        }
        else if (File.Exists(Path.Combine(first, GdStepReport.JournalFileName)))
        {
            var (config, results, complete) = Merge(shardFolders, GdStepReport.JournalFileName, GdStepReport.ReadJournal,
                c => c.Units().Select(u => (u.Point.Index, u.Index)), partial, "grid points", folder, console);
            if (complete) using (var journal = GdStepReport.OpenJournal(folder, config, Shard.Whole)) AppendMissing(journal, results);
            console.Line($"merged {shardFolders.Length} shard folder(s), {results.Count} units, configuration {config.Fingerprint()}");
            GdStepCommand.WriteResults(console, folder, config, results, csv, json, plots);
        }
        else if (File.Exists(Path.Combine(first, Trainer.JournalFileName)))
        {
            var digests = new HashSet<string>();
            // A σ_w² still training has only its first records: the figures of a run need them all, so its σ_w² is the group.
            var (config, results, complete) = Merge(shardFolders, Trainer.JournalFileName, path => ReadTrainingJournal(path, digests),
                Trainer.Units, partial, "σ_w²", folder, console);
            // Journals written before they carried a digest of their data have none, and are taken on trust.
            if (digests.Count > 1) throw new CommandLineError($"the shards were trained on different data (digests {string.Join(", ", digests.Order())}); merge only shards run on the same files");
            if (complete)
            {
                using var journal = ExperimentJournal<TrainingRecord>.Open(Path.Combine(folder, Trainer.JournalFileName), Trainer.Header(config, Shard.Whole, digests.SingleOrDefault()), ExperimentJson.Options);
                AppendMissing(journal, results);
            }
            console.Line($"merged {shardFolders.Length} shard folder(s), {results.Count} records, configuration {config.Fingerprint()}");
            TrainCommand.WriteResults(console, folder, config, Trainer.WithStatistics(config, results), csv, json, plots);
        }
        else
        {
            throw new CommandLineError($"{first} holds no {DispersionJournal.FileName}, {GdStepReport.JournalFileName} or {Trainer.JournalFileName}");
        }
        return NtkGenCli.Success;
    }

    /// <summary>
    /// Reads every shard's journal and checks they are of one configuration and together complete; returns the units in
    /// order. <paramref name="units"/> gives every unit of the whole run with its group (a grid point, a σ_w²): with
    /// <paramref name="partial"/> an incomplete set is not refused but cut to its complete groups (refused if there are
    /// none). Makes the results' folder once every check has passed, so that refused input leaves nothing behind.
    /// </summary>
    private static (TConfig Config, List<TResult> Results, bool Complete) Merge<TConfig, TResult>(DirectoryInfo[] folders, string fileName,
        Func<string, (TConfig Config, string Fingerprint, Shard Shard, List<TResult> Units)> read, Func<TConfig, IEnumerable<(int Group, int Unit)>> units,
        bool partial, string groupName, string outFolder, ExperimentConsole console)
        where TResult : IUnitResult
    {
        TConfig? config = default;
        string? fingerprint = null;
        var results = new Dictionary<int, TResult>();
        var shards = new HashSet<Shard>();
        foreach (var shardFolder in folders)
        {
            string path = Path.Combine(shardFolder.FullName, fileName);
            var (journalConfig, journalFingerprint, shard, journalUnits) = read(path);
            if (fingerprint is not null && journalFingerprint != fingerprint)
                throw new CommandLineError($"{path} is from another configuration ({journalFingerprint}, expected {fingerprint})");
            fingerprint = journalFingerprint;
            config ??= journalConfig;
            shards.Add(shard);
            foreach (var unit in journalUnits) results[unit.Unit] = unit;
        }
        var groups = units(config!).GroupBy(u => u.Group, u => u.Unit).ToList();
        int missing = groups.Sum(g => g.Count(unit => !results.ContainsKey(unit)));
        if (missing > 0)
        {
            var counts = shards.Select(s => s.Count).Distinct().ToList();
            string which = $"{missing} of {groups.Sum(g => g.Count())} units are missing (shards given: {string.Join(", ", shards.OrderBy(s => s.Index))}"
                + (counts.Count == 1 ? $" of {counts[0]}" : "") + ")";
            if (!partial) throw new CommandLineError(which + "; run the missing shards or resume the interrupted ones first, or report what is done with --partial");
            var completeUnits = groups.Where(g => g.All(results.ContainsKey)).SelectMany(g => g).ToHashSet();
            if (completeUnits.Count == 0) throw new CommandLineError($"none of the {groups.Count} {groupName} is complete in the shards given; nothing to report yet");
            foreach (int unit in results.Keys.Where(unit => !completeUnits.Contains(unit)).ToList()) results.Remove(unit);
            console.Line($"partial: {which}; reporting only the complete {groupName}, no merged journal written");
        }
        Directory.CreateDirectory(outFolder);
        return (config!, results.Values.OrderBy(r => r.Unit).ToList(), missing == 0);
    }

    /// <summary>Reads a training journal and adds the digest of its data, if it has one, to <paramref name="digests"/>.</summary>
    private static (TrainingConfig Config, string Fingerprint, Shard Shard, List<TrainingRecord> Units) ReadTrainingJournal(string path, ISet<string> digests)
    {
        var (header, units) = ExperimentJournal<TrainingRecord>.Read(path, ExperimentJson.Options);
        var config = header.Kind == Trainer.Kind ? header.Config.Deserialize<TrainingConfig>(TrainingConfig.JsonOptions) : null;
        if (config is null) throw new CommandLineError($"{path} is not a training journal");
        if (header.Data is { } digest) digests.Add(digest);
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
