using System.CommandLine;
using NtkGen.Cli.Output;
using NtkGen.Engines;
using NtkGen.Experiments;
using NtkGen.Experiments.Dispersion;

namespace NtkGen.Cli.Commands;

/// <summary>
/// <c>ntkgen dispersion</c>: how random the NTK is at initialization, over depth and σ_w² (THEORY.md §3, §6). Writes
/// <c>dispersion.csv</c>, <c>dispersion.json</c> and PNG figures into <c>--out</c>, journaling every finished unit so an
/// interrupted run resumes where it stopped.
/// </summary>
internal static class DispersionCommand
{
    /// <summary>The experiment and its writer of results, for <c>merge</c>.</summary>
    public static IMergeableExperiment Mergeable { get; } = new MergeableExperiment<DispersionConfig, DispersionUnitResult>(DispersionExperiment.Instance, WriteResults);

    public static Command Create(TextWriter output, TextWriter error)
    {
        var grid = new GridCommandOptions<DispersionConfig>(new DispersionConfig(), "the authors' 16 values",
            (" The exact engines need 0.", "The exact engines and the papers' limits are for ReLU.", " Ignored by --engine moments."));
        var engine = EnumOption.Create("--engine",
            "brute (networks and NTK kernels; off-diagonal entries too), conditioned (the same networks without drawing their weight matrices: each product sampled exactly; any activation, σ_b, off-diagonal entries; f64), exact (O(L) sampler of Θ(x,x); ReLU, σ_b = 0), moments (exact E[Θ], E[Θ²], no sampling) or auto (brute or conditioned, whichever is expected to be faster for this width).",
            DispersionEngine.Brute);
        var outputUnits = new Option<int>("--outputs")
        {
            Description = "Output units O: Θ is the trace over them (brute and conditioned; the exact engines and the papers' limits are for one output).",
            DefaultValueFactory = _ => 1,
        };
        var outputs = new OutputOptions(Path.Combine("results", "dispersion"), "Run only shard i/n of the grid (0-based), e.g. as a cluster array job.");
        var command = new Command("dispersion", "How random is the NTK at initialization: E[Θ], the dispersion E[Θ²]/E[Θ]² and off-diagonal ratios over depth × σ_w², with theory.");
        foreach (var option in grid.All.Append(engine).Append(outputUnits).Concat(outputs.All)) command.Options.Add(option);
        command.SetAction(parsed =>
        {
            int units = parsed.GetValue(outputUnits);
            var asked = grid.Apply(parsed, new DispersionConfig { Engine = parsed.GetValue(engine), Outputs = units == 1 ? null : units });
            var config = asked with { Engine = DispersionEngineChoice.Resolve(asked) };
            return Run(config, asked.Engine == DispersionEngine.Auto, outputs.ShardOf(parsed), grid.Threads(parsed), outputs.Folder(parsed), outputs.Files(parsed), output);
        });
        return command;
    }

    private static int Run(DispersionConfig config, bool chosen, Shard shard, int threads, string folder, ResultFiles files, TextWriter output)
    {
        config.Validate();
        if (config.Engine is DispersionEngine.Exact or DispersionEngine.Moments)
        {
            foreach (var point in config.Points)
            {
                if (ExactDiagonalSampler.WhyNot(point.Spec) is string reason)
                    throw new CommandLineError($"--engine {config.Engine.ToString().ToLowerInvariant()} does not apply: {reason}");
            }
        }

        var console = new ExperimentConsole(output);
        console.Line("Dispersion of the NTK at initialization: " + GridCommandOptions<DispersionConfig>.Describe(config)
            + (config.OutputCount > 1 ? $", O = {config.OutputCount} outputs (Θ the trace over them)" : ""));
        string choice = chosen
            ? $" (auto: M = {config.Width} {(config.Engine == DispersionEngine.Conditioned ? "≥" : "<")} {DispersionEngineChoice.WidthPerProduct} × {DispersionEngineChoice.ProductsPerLayer(config)} products per layer)"
            : "";
        console.Line($"engine {config.Engine.ToString().ToLowerInvariant()}{choice}"
            + config.Engine switch
            {
                DispersionEngine.Moments => "",
                DispersionEngine.Conditioned => $", {config.Samples} samples per point, f64",
                _ => $", {config.Samples} samples per point, {config.Precision.ToString().ToLowerInvariant()}",
            }
            + $", seed {config.Seed}, {threads} thread{(threads == 1 ? "" : "s")}"
            + (shard.Count > 1 ? $", shard {shard}" : "") + $"; results in {folder}");

        return JournaledRun.Execute(console, DispersionExperiment.Instance, config, shard, threads, folder, files, WriteResults);
    }

    /// <summary>Aggregates, prints and writes the results of a complete run (also used by <c>merge</c>).</summary>
    private static void WriteResults(ExperimentConsole console, string folder, DispersionConfig config, IReadOnlyList<DispersionUnitResult> results, ResultFiles files)
    {
        var rows = DispersionAggregator.Rows(config, results);
        DispersionTable.Write(console, rows);
        // The figures' exact curves cost O(L) per point: say so where that is seconds, not milliseconds.
        if (files.Plots && config.Depths.Max() > 1000) console.Line($"drawing the figures (exact curves up to L = {config.Depths.Max()})…");
        console.Wrote([.. DispersionReport.Write(folder, config, rows, files.Csv, files.Json), .. files.Plots ? DispersionPlots.Write(folder, config, rows) : []]);
    }
}
