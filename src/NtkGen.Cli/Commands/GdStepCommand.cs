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
    public static Command Create(TextWriter output)
    {
        var n0 = new Option<int>("--n0") { Description = "Input dimension n0.", DefaultValueFactory = _ => 100 };
        var width = new Option<int>("--width") { Description = "Hidden width M.", DefaultValueFactory = _ => 100 };
        var depths = new Option<string>("--depths") { Description = "Depths L: a list 5,10,20, a range 5..40 or 5..40:5.", DefaultValueFactory = _ => "5..40:5" };
        var sigmaW2 = new Option<string>("--sigma-w2") { Description = "Weight variances σ_w², comma-separated.", DefaultValueFactory = _ => "1.5,2,2.5" };
        var sigmaB2 = new Option<double>("--sigma-b2") { Description = "Bias variance σ_b².", DefaultValueFactory = _ => 0.0 };
        var activation = ActivationOption.Create("Hanin & Nica's prediction is for ReLU.");
        var samples = new Option<int>("--samples") { Description = "Networks per grid point.", DefaultValueFactory = _ => 2000 };
        var eta = new Option<double>("--eta") { Description = "Relative step of the real-step check: η = eta/Θ(x,x). The first-order change is η-free; much above 1e-5 ReLU units cross their kinks and the real step stops measuring the derivative.", DefaultValueFactory = _ => 1e-5 };
        var target = new Option<string>("--target") { Description = "Regression target y of the step: a number, or 'normal' to draw y ~ N(0,1) per input.", DefaultValueFactory = _ => "0" };
        var batch = new Option<int>("--batch") { Description = "Inputs of the full-batch step whose relative change of Θ(X,X) is reported (0: none).", DefaultValueFactory = _ => 8 };
        var etaBatch = new Option<double>("--eta-batch") { Description = "Batch step: η = eta-batch / mean diagonal of Θ(X,X).", DefaultValueFactory = _ => 1.0 };
        var parametrization = new Option<string>("--parametrization") { Description = "standard (the papers' default) or ntk (Hanin & Nica's setting).", DefaultValueFactory = _ => "standard" };
        parametrization.AcceptOnlyFromAmong("standard", "ntk");
        var precision = new Option<string>("--precision") { Description = "Arithmetic.", DefaultValueFactory = _ => "f64" };
        precision.AcceptOnlyFromAmong("f32", "f64");
        var seed = new Option<ulong>("--seed") { Description = "Random seed (same numbers on any number of threads).", DefaultValueFactory = _ => 1UL };
        var threads = new Option<int>("--threads") { Description = "Worker threads (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var outFolder = new Option<DirectoryInfo>("--out") { Description = "Folder for the journal, CSV, JSON and PNG files.", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("results", "gd-step")) };
        var format = new Option<string>("--format") { Description = "Result files: csv, json, or csv,json.", DefaultValueFactory = _ => "csv,json" };
        var shard = new Option<string>("--shard") { Description = "Run only shard i/n of the grid; combine with 'ntkgen merge'.", DefaultValueFactory = _ => "0/1" };
        var noPlots = new Option<bool>("--no-plots") { Description = "Do not draw the PNG figures." };
        var command = new Command("gd-step", "How much one gradient step changes the NTK at initialization: E[ΔΘ/η]/E[Θ]², median, sign and Hanin–Nica's ratio over depth × σ_w².")
        {
            n0, width, depths, activation, sigmaW2, sigmaB2, samples, eta, target, batch, etaBatch, parametrization, precision, seed, threads, outFolder, format, shard, noPlots,
        };
        command.SetAction(parsed =>
        {
            string targetText = parsed.GetValue(target)!;
            bool drawn = targetText.Equals("normal", StringComparison.OrdinalIgnoreCase);
            double fixedTarget = 0;
            if (!drawn && !double.TryParse(targetText, NumberStyles.Float, CultureInfo.InvariantCulture, out fixedTarget))
                throw new CommandLineError($"--target: '{targetText}' is not a number or 'normal'");
            var config = new GdStepConfig
            {
                InputSize = parsed.GetValue(n0),
                Width = parsed.GetValue(width),
                Activation = ActivationOption.Parse(parsed.GetValue(activation)!),
                Depths = GridOptions.ParseIntegers(parsed.GetValue(depths)!, "--depths"),
                SigmaW2 = GridOptions.ParseNumbers(parsed.GetValue(sigmaW2)!, "--sigma-w2"),
                SigmaB2 = parsed.GetValue(sigmaB2),
                Parametrization = parsed.GetValue(parametrization) == "ntk" ? Parametrization.Ntk : Parametrization.Standard,
                Samples = parsed.GetValue(samples),
                Target = fixedTarget,
                TargetDrawn = drawn,
                Eta = parsed.GetValue(eta),
                Batch = parsed.GetValue(batch),
                EtaBatch = parsed.GetValue(etaBatch),
                Seed = parsed.GetValue(seed),
                Precision = Enum.Parse<Precision>(parsed.GetValue(precision)!, ignoreCase: true),
            };
            var (csv, json) = DispersionCommand.ParseFormat(parsed.GetValue(format)!);
            int threadCount = parsed.GetValue(threads);
            if (threadCount < 1) throw new CommandLineError($"--threads must be at least 1 (got {threadCount})");
            return Run(config, DispersionCommand.ParseShard(parsed.GetValue(shard)!), threadCount, parsed.GetValue(outFolder)!.FullName, csv, json, !parsed.GetValue(noPlots), output);
        });
        return command;
    }

    private static int Run(GdStepConfig config, Shard shard, int threads, string folder, bool csv, bool json, bool plots, TextWriter output)
    {
        config.Validate();
        var console = new ExperimentConsole(output);
        console.Line($"First gradient step at initialization: n0 = {config.InputSize}, M = {config.Width}, L ∈ {{{string.Join(", ", config.Depths)}}}, "
            + $"σ_w² ∈ {{{string.Join(", ", config.SigmaW2.Select(s => s.ToString("0.###", CultureInfo.InvariantCulture)))}}}, σ_b² = {config.SigmaB2.ToString(CultureInfo.InvariantCulture)}, "
            + $"{config.Parametrization.ToString().ToLowerInvariant()} parametrization");
        console.Line($"{config.Samples} networks per point, target {config.StepTarget}, real-step check η = {config.Eta.ToString("G3", CultureInfo.InvariantCulture)}/Θ, "
            + (config.Batch > 0 ? $"batch of {config.Batch} with η = {config.EtaBatch.ToString("G3", CultureInfo.InvariantCulture)}/mean Θ(x,x), " : "")
            + $"{config.Precision.ToString().ToLowerInvariant()}, seed {config.Seed}, {threads} thread{(threads == 1 ? "" : "s")}" + (shard.Count > 1 ? $", shard {shard}" : "") + $"; results in {folder}");
        var results = JournaledRun.Execute(console, "gd-step", shard, () => GdStepReport.OpenJournal(folder, config, shard),
            (journal, progress) => GdStepRunner.Run(config, shard, journal, threads, progress),
            (done, elapsed) => $"{done.Sum(r => r.Change.Count) / Math.Max(elapsed.TotalSeconds, 1e-9):F0} networks/s including resumed units");
        if (results is not null) WriteResults(console, folder, config, results, csv, json, plots);
        return NtkGenCli.Success;
    }

    /// <summary>Aggregates, prints and writes the results of a complete run (also used by <c>merge</c>).</summary>
    internal static void WriteResults(ExperimentConsole console, string folder, GdStepConfig config, IReadOnlyList<GdStepUnitResult> results, bool csv, bool json, bool plots)
    {
        var rows = GdStepAggregator.Rows(config, results);
        GdStepTable.Write(console, rows);
        var files = GdStepReport.Write(folder, config, rows, csv, json).ToList();
        if (plots) files.AddRange(GdStepPlots.Write(folder, config, rows));
        console.Line("wrote " + string.Join(", ", files.Select(Path.GetFileName)));
    }
}
