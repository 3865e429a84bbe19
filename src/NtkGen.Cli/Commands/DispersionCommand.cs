using System.CommandLine;
using System.Globalization;
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
    /// <summary>The authors' σ_w² grid (THEORY.md §6).</summary>
    public const string AuthorsSigmaW2 = "0.5,0.8,1.0,1.2,1.4,1.5,1.6,1.7,1.8,1.9,2.0,2.1,2.2,2.5,3.0,3.5";

    /// <summary>The default depths: the authors' 2 … 50, every fourth (a declared network each, so generated kernels run).</summary>
    public const string DefaultDepths = "2..50:4";

    public static Command Create(TextWriter output, TextWriter error)
    {
        var n0 = new Option<int>("--n0") { Description = "Input dimension n0.", DefaultValueFactory = _ => 100 };
        var width = new Option<int>("--width") { Description = "Hidden width M.", DefaultValueFactory = _ => 100 };
        var depths = new Option<string>("--depths") { Description = "Depths L (weight layers): a list 2,10,20, a range 2..50, or a range with a step 2..50:4.", DefaultValueFactory = _ => DefaultDepths };
        var sigmaW2 = new Option<string>("--sigma-w2") { Description = "Weight variances σ_w², comma-separated (default: the authors' 16 values).", DefaultValueFactory = _ => AuthorsSigmaW2 };
        var sigmaB2 = new Option<double>("--sigma-b2") { Description = "Bias variance σ_b² (the exact engines need 0).", DefaultValueFactory = _ => 0.0 };
        var activation = ActivationOption.Create("The exact engines and the papers' limits are for ReLU.");
        var samples = new Option<int>("--samples") { Description = "Monte Carlo samples per grid point (ignored by --engine moments).", DefaultValueFactory = _ => 500 };
        var engine = new Option<string>("--engine") { Description = "brute (networks and NTK kernels; off-diagonal entries too), exact (O(L) sampler of Θ(x,x); ReLU, σ_b = 0) or moments (exact E[Θ], E[Θ²], no sampling).", DefaultValueFactory = _ => "brute" };
        engine.AcceptOnlyFromAmong("brute", "exact", "moments");
        var precision = new Option<string>("--precision") { Description = "Arithmetic of the brute-force kernels.", DefaultValueFactory = _ => "f32" };
        precision.AcceptOnlyFromAmong("f32", "f64");
        var seed = new Option<ulong>("--seed") { Description = "Random seed: the same seed gives the same numbers on any number of threads.", DefaultValueFactory = _ => 1UL };
        var threads = new Option<int>("--threads") { Description = "Worker threads (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var outFolder = new Option<DirectoryInfo>("--out") { Description = "Folder for the journal, CSV, JSON and PNG files.", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("results", "dispersion")) };
        var format = new Option<string>("--format") { Description = "Result files: csv, json, or csv,json.", DefaultValueFactory = _ => "csv,json" };
        var shard = new Option<string>("--shard") { Description = "Run only shard i/n of the grid (0-based), e.g. as a cluster array job; combine with 'ntkgen merge'.", DefaultValueFactory = _ => "0/1" };
        var noPlots = new Option<bool>("--no-plots") { Description = "Do not draw the PNG figures." };

        var command = new Command("dispersion", "How random is the NTK at initialization: E[Θ], the dispersion E[Θ²]/E[Θ]² and off-diagonal ratios over depth × σ_w², with theory.")
        {
            n0, width, depths, activation, sigmaW2, sigmaB2, samples, engine, precision, seed, threads, outFolder, format, shard, noPlots,
        };
        command.SetAction(parsed =>
        {
            var config = new DispersionConfig
            {
                InputSize = parsed.GetValue(n0),
                Width = parsed.GetValue(width),
                Activation = ActivationOption.Parse(parsed.GetValue(activation)!),
                Depths = GridOptions.ParseIntegers(parsed.GetValue(depths)!, "--depths"),
                SigmaW2 = GridOptions.ParseNumbers(parsed.GetValue(sigmaW2)!, "--sigma-w2"),
                SigmaB2 = parsed.GetValue(sigmaB2),
                Samples = parsed.GetValue(samples),
                Engine = Enum.Parse<DispersionEngine>(parsed.GetValue(engine)!, ignoreCase: true),
                Seed = parsed.GetValue(seed),
                Precision = Enum.Parse<Precision>(parsed.GetValue(precision)!, ignoreCase: true),
            };
            var (csv, json) = ParseFormat(parsed.GetValue(format)!);
            int threadCount = parsed.GetValue(threads);
            if (threadCount < 1) throw new CommandLineError($"--threads must be at least 1 (got {threadCount})");
            var part = ParseShard(parsed.GetValue(shard)!);
            return Run(config, part, threadCount, parsed.GetValue(outFolder)!.FullName, csv, json, !parsed.GetValue(noPlots), output);
        });
        return command;
    }

    private static int Run(DispersionConfig config, Shard shard, int threads, string folder, bool csv, bool json, bool plots, TextWriter output)
    {
        config.Validate();
        if (config.Engine != DispersionEngine.Brute)
        {
            foreach (var point in config.Points)
            {
                if (ExactDiagonalSampler.WhyNot(point.Spec) is string reason)
                    throw new CommandLineError($"--engine {config.Engine.ToString().ToLowerInvariant()} does not apply: {reason}");
            }
        }

        var console = new ExperimentConsole(output);
        console.Line($"Dispersion of the NTK at initialization: n0 = {config.InputSize}, M = {config.Width}, L ∈ {{{string.Join(", ", config.Depths)}}}, "
            + $"σ_w² ∈ {{{string.Join(", ", config.SigmaW2.Select(s => s.ToString("0.###", CultureInfo.InvariantCulture)))}}}, σ_b² = {config.SigmaB2.ToString(CultureInfo.InvariantCulture)}");
        console.Line($"engine {config.Engine.ToString().ToLowerInvariant()}"
            + (config.Engine == DispersionEngine.Moments ? "" : $", {config.Samples} samples per point, {config.Precision.ToString().ToLowerInvariant()}")
            + $", seed {config.Seed}, {threads} thread{(threads == 1 ? "" : "s")}"
            + (shard.Count > 1 ? $", shard {shard}" : "") + $"; results in {folder}");

        var results = JournaledRun.Execute(console, "dispersion", shard, () => DispersionJournal.Open(folder, config, shard),
            (journal, progress) => DispersionRunner.Run(config, shard, journal, threads, progress));
        if (results is not null) WriteResults(console, folder, config, results, csv, json, plots);
        return NtkGenCli.Success;
    }

    /// <summary>Aggregates, prints and writes the results of a complete run (also used by <c>merge</c>).</summary>
    internal static void WriteResults(ExperimentConsole console, string folder, DispersionConfig config, IReadOnlyList<UnitResult> results, bool csv, bool json, bool plots)
    {
        var rows = DispersionAggregator.Rows(config, results);
        DispersionTable.Write(console, rows);
        var files = DispersionReport.Write(folder, config, rows, csv, json).ToList();
        if (plots) files.AddRange(DispersionPlots.Write(folder, config, rows));
        console.Line("wrote " + string.Join(", ", files.Select(Path.GetFileName)));
    }

    internal static Shard ParseShard(string text)
    {
        try
        {
            return Shard.Parse(text);
        }
        catch (FormatException e)
        {
            throw new CommandLineError("--shard: " + e.Message);
        }
    }

    internal static (bool Csv, bool Json) ParseFormat(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0 || parts.Any(p => p is not ("csv" or "json")))
            throw new CommandLineError($"--format: '{text}' is not csv, json or csv,json");
        return (parts.Contains("csv"), parts.Contains("json"));
    }
}
