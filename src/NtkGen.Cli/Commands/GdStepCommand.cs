using System.CommandLine;
using System.Globalization;
using NtkGen.Cli.Output;
using NtkGen.Experiments;
using NtkGen.Experiments.GdStep;

namespace NtkGen.Cli.Commands;

/// <summary>
/// <c>ntkgen gd-step</c>: how much one gradient step changes the NTK at initialization, over depth and σ_w²
/// (THEORY.md §5). Writes <c>gd_step.csv</c>, <c>gd_step.json</c> and PNG figures into <c>--out</c>; resumable and shardable
/// like <c>dispersion</c>.
/// </summary>
internal static class GdStepCommand
{
    /// <summary>The experiment and its writer of results, for <c>merge</c>.</summary>
    public static IMergeableExperiment Mergeable { get; } = new MergeableExperiment<GdStepConfig, GdStepUnitResult>(GdStepExperiment.Instance, WriteResults);

    public static Command Create(TextWriter output)
    {
        var grid = new GridCommandOptions<GdStepConfig>(new GdStepConfig(), "1.5,2,2.5: ordered, edge of chaos and chaotic for ReLU",
            ("", "Hanin & Nica's prediction is for ReLU.", ""));
        var eta = new Option<double>("--eta") { Description = "Relative step of the real-step check: η = eta/Θ(x,x). The first-order change is η-free; much above 1e-5 ReLU units cross their kinks and the real step stops measuring the derivative.", DefaultValueFactory = _ => 1e-5 };
        var target = new Option<string>("--target") { Description = "Regression target y of the step: a number, or 'normal' to draw y ~ N(0,1) per input.", DefaultValueFactory = _ => "0" };
        var batch = new Option<int>("--batch") { Description = "Inputs of the full-batch step whose relative change of Θ(X,X) is reported (0: none).", DefaultValueFactory = _ => 8 };
        var etaBatch = new Option<double>("--eta-batch") { Description = "Batch step: η = eta-batch / mean diagonal of Θ(X,X).", DefaultValueFactory = _ => 1.0 };
        var parametrization = EnumOption.Create("--parametrization", "standard (the papers' default) or ntk (Hanin & Nica's setting).", Parametrization.Standard);
        var engine = EnumOption.Create("--engine",
            "brute (real networks through the NTK kernels), conditioned (weight matrices never drawn, every product sampled from its exact law: the same statistics' law in f64, far less work on wide networks) or auto (the cheaper of the two for the width).",
            GdStepEngine.Brute);
        var outputs = new OutputOptions(Path.Combine("results", "gd-step"), "Run only shard i/n of the grid.");
        var command = new Command("gd-step", "How much one gradient step changes the NTK at initialization: E[ΔΘ/η]/E[Θ]², median, sign and Hanin–Nica's ratio over depth × σ_w².");
        foreach (var option in grid.All.Concat([eta, target, batch, etaBatch, parametrization, engine]).Concat(outputs.All)) command.Options.Add(option);
        command.SetAction(parsed =>
        {
            string targetText = parsed.GetValue(target)!;
            bool drawn = targetText.Equals("normal", StringComparison.OrdinalIgnoreCase);
            double fixedTarget = 0;
            if (!drawn && !double.TryParse(targetText, NumberStyles.Float, CultureInfo.InvariantCulture, out fixedTarget))
                throw new CommandLineError($"--target: '{targetText}' is not a number or 'normal'");
            var asked = grid.Apply(parsed, new GdStepConfig
            {
                Parametrization = parsed.GetValue(parametrization),
                Target = fixedTarget,
                TargetDrawn = drawn,
                Eta = parsed.GetValue(eta),
                Batch = parsed.GetValue(batch),
                EtaBatch = parsed.GetValue(etaBatch),
                Engine = parsed.GetValue(engine),
            });
            var config = asked with { Engine = GdStepEngineChoice.Resolve(asked) };
            return Run(config, asked.Engine == GdStepEngine.Auto, outputs.ShardOf(parsed), grid.Threads(parsed), outputs.Folder(parsed), outputs.Files(parsed), output);
        });
        return command;
    }

    private static int Run(GdStepConfig config, bool chosen, Shard shard, int threads, string folder, ResultFiles files, TextWriter output)
    {
        config.Validate();
        var console = new ExperimentConsole(output);
        console.Line("First gradient step at initialization: " + GridCommandOptions<GdStepConfig>.Describe(config)
            + $", {config.Parametrization.ToString().ToLowerInvariant()} parametrization");
        console.Line($"{config.Samples} networks per point, target {config.StepTarget}, real-step check η = {config.Eta.ToString("G3", CultureInfo.InvariantCulture)}/Θ, "
            + (config.Batch > 0 ? $"batch of {config.Batch} with η = {config.EtaBatch.ToString("G3", CultureInfo.InvariantCulture)}/mean Θ(x,x), " : "")
            + $"engine {config.Engine.ToString().ToLowerInvariant()}"
            + (chosen ? $" (auto: {GdStepEngineChoice.Why(config)})" : "")
            + $", {config.Precision.ToString().ToLowerInvariant()}, seed {config.Seed}, {threads} thread{(threads == 1 ? "" : "s")}" + (shard.Count > 1 ? $", shard {shard}" : "") + $"; results in {folder}");
        return JournaledRun.Execute(console, GdStepExperiment.Instance, config, shard, threads, folder, files, WriteResults,
            (done, elapsed) => $"{ResultTable.Rate(done.Sum(r => r.Change.Count) / Math.Max(elapsed.TotalSeconds, 1e-9))} networks/s including resumed units");
    }

    /// <summary>Aggregates, prints and writes the results of a complete run (also used by <c>merge</c>).</summary>
    private static void WriteResults(ExperimentConsole console, string folder, GdStepConfig config, IReadOnlyList<GdStepUnitResult> results, ResultFiles files)
    {
        var rows = GdStepAggregator.Rows(config, results);
        GdStepTable.Write(console, rows);
        console.Wrote([.. GdStepReport.Write(folder, config, rows, files.Csv, files.Json), .. files.Plots ? GdStepPlots.Write(folder, config, rows) : []]);
    }
}
