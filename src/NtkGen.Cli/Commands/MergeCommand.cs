using System.CommandLine;
using NtkGen.Cli.Output;

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
    /// <summary>Every experiment with a journal, found by its journal's file name.</summary>
    private static readonly IMergeableExperiment[] Experiments = [DispersionCommand.Mergeable, GdStepCommand.Mergeable, LinearizeCommand.Mergeable, TrainCommand.Mergeable];

    public static Command Create(TextWriter output)
    {
        var folders = new Argument<DirectoryInfo[]>("shards") { Description = "Output folders of the shard runs.", Arity = ArgumentArity.OneOrMore };
        var outFolder = new Option<DirectoryInfo>("--out") { Description = "Folder for the merged journal, CSV, JSON and PNG files.", Required = true };
        var format = OutputOptions.CreateFormat();
        var noPlots = OutputOptions.CreateNoPlots();
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
            var files = OutputOptions.FilesOf(parsed.GetValue(format)!, !parsed.GetValue(noPlots));
            string[] shards = [.. parsed.GetValue(folders)!.Select(f => f.FullName)];
            var experiment = ExperimentOf(shards[0]);
            foreach (string shard in shards.Skip(1))
            {
                if (ExperimentOf(shard) != experiment)
                    throw new NtkGen.IO.InputFileException(shard, $"holds {ExperimentOf(shard).JournalFileName}, {shards[0]} {experiment.JournalFileName}: merge the shards of one run");
            }
            experiment.Merge(shards, parsed.GetValue(outFolder)!.FullName, files, parsed.GetValue(partial), new ExperimentConsole(output));
            return NtkGenCli.Success;
        });
        return command;
    }

    /// <summary>The experiment whose journal <paramref name="folder"/> holds.</summary>
    private static IMergeableExperiment ExperimentOf(string folder)
        => Experiments.FirstOrDefault(e => File.Exists(Path.Combine(folder, e.JournalFileName)))
            ?? throw new NtkGen.IO.InputFileException(folder, Directory.Exists(folder)
                ? $"holds no journal ({string.Join(", ", Experiments.Select(e => e.JournalFileName))})" : "folder not found");
}
