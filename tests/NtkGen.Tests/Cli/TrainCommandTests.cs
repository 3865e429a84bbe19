using System.Globalization;
using System.Text.Json.Nodes;
using NtkGen.Training;
using NtkGen.Tests.Support;

namespace NtkGen.Tests.Cli;

/// <summary><c>ntkgen train</c> as a user runs it, on the committed MNIST fixture (6 digits per class).</summary>
[TestClass]
public sealed class TrainCommandTests
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "mnist");

    private static readonly string[] SmallRun =
    [
        "train", "--data", Fixture, "--width", "12", "--hidden-layers", "2", "--sigma-w2", "1,2.2", "--sigma-b2", "0", "--steps", "6", "--optimizer", "adam", "--lr", "3e-3",
        "--train-per-class", "4", "--test-per-class", "2", "--ntk-per-class", "2",
    ];

    [TestMethod]
    public void Writes_table_csv_json_and_the_three_figures()
    {
        using var folder = new TempDirectory();
        var (exitCode, output, error) = CliRunner.Run([.. SmallRun, "--out", folder.Path]);
        Assert.AreEqual(0, exitCode, error);
        StringAssert.Contains(output, "Θ_c/Θ_d");
        StringAssert.Contains(output, "bias share");
        foreach (var file in new[] { "train.csv", "train.json", "train_block_ratios.png", "train_heatmaps.png", "train_loss.png", "train.journal.jsonl" })
            Assert.IsTrue(File.Exists(folder.File(file)), file);
        var lines = File.ReadAllLines(folder.File("train.csv"));
        var header = lines[0].Split(',');
        foreach (var column in new[] { "sigma_w2", "step", "train_loss", "test_accuracy", "ratio_c", "ratio_n", "relative_change", "shape_change", "ratio_c_block", "chi1", "phase", "bias_share",
            "offdiag_shape_change", "diagonal_share", "peak_diagonal_ratio" })
            CollectionAssert.Contains(header, column);
        StringAssert.Contains(output, "off-diag. shape");
        // Six panels of 560 × 480 pixels in two rows: the ratios, both changes, the diagonal's and the biases' shares
        // (PNG width and height: bytes 16–19 and 20–23 of the IHDR chunk).
        byte[] png = File.ReadAllBytes(folder.File("train_block_ratios.png"));
        Assert.AreEqual(3 * 560, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.AreEqual(2 * 480, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
        CollectionAssert.AreEqual(new[] { "ordered", "chaotic" }, lines.Skip(1).Select(line => line.Split(',')[Array.IndexOf(header, "phase")]).Distinct().ToArray());
        // Record steps spread over the 6 steps: 0, 1, 2, 4, 5, 6, for each of the two σ_w².
        Assert.HasCount(1 + 2 * 6, lines);
        var json = JsonNode.Parse(File.ReadAllText(folder.File("train.json")))!;
        Assert.HasCount(2 * 6, json["records"]!.AsArray());

        // No record at a step of the authors' Figure 4: nothing to compare with it.
        Assert.IsFalse(File.Exists(folder.File(TrainingReport.ComparisonFileName)));
        Assert.IsNull(json["authors_figure4"]);
        Assert.DoesNotContain("The authors' Figure 4", output);

        // Started again on the finished run: nothing is trained again, the same numbers are reported.
        string before = File.ReadAllText(folder.File("train.csv"));
        var (againExit, againOutput, againError) = CliRunner.Run([.. SmallRun, "--out", folder.Path]);
        Assert.AreEqual(0, againExit, againError);
        Assert.AreEqual(before, File.ReadAllText(folder.File("train.csv")));
        StringAssert.Contains(againOutput, "wrote train.csv");
    }

    [TestMethod]
    public void Puts_the_authors_Figure_4_beside_the_run_at_the_steps_the_figure_gives()
    {
        using var folder = new TempDirectory();
        var (exitCode, output, error) = CliRunner.Run([.. SmallRun[..^12], "--steps", "100", "--record-steps", "0,100", .. SmallRun[^10..], "--no-plots", "--out", folder.Path]);
        Assert.AreEqual(0, exitCode, error);
        StringAssert.Contains(output, "The authors' Figure 4 (784→300×20→10, 60 000 digits, Adam 1e-4; read off their PNG, ratios to ±0.03) beside this run, as run | figure:");
        var train = File.ReadAllLines(folder.File("train.csv"));
        var header = train[0].Split(',');
        var at100 = train.Skip(1).Select(line => line.Split(',')).Where(cells => cells[1] == "100").ToDictionary(cells => cells[0]);
        var comparison = File.ReadAllLines(folder.File(TrainingReport.ComparisonFileName));
        Assert.AreEqual("sigma_w2,step,quantity,ours,authors_figure,difference,quotient", comparison[0]);
        // Both ratios of both networks at step 100, taken from train.csv's own columns, beside the figure's values.
        CollectionAssert.AreEqual(new[]
        {
            $"1,100,ratio_c_block,{at100["1"][Array.IndexOf(header, "ratio_c_block")]},0.78",
            $"2.2,100,ratio_c_block,{at100["2.2"][Array.IndexOf(header, "ratio_c_block")]},0.36",
            $"1,100,ratio_n,{at100["1"][Array.IndexOf(header, "ratio_n")]},0.46",
            $"2.2,100,ratio_n,{at100["2.2"][Array.IndexOf(header, "ratio_n")]},0.28",
        }, comparison.Skip(1).Select(line => string.Join(',', line.Split(',')[..5])).ToArray());
    }

    [TestMethod]
    public void Sigmoid_runs_default_to_the_sigmas_of_its_own_phases()
    {
        using var folder = new TempDirectory();
        var (exitCode, output, error) = CliRunner.Run("train", "--data", Fixture, "--activation", "sigmoid", "--width", "12", "--hidden-layers", "2", "--steps", "2",
            "--train-per-class", "4", "--test-per-class", "2", "--ntk-per-class", "2", "--no-plots", "--out", folder.Path);
        Assert.AreEqual(0, exitCode, error);
        StringAssert.Contains(output, "(eoc, χ₁ = 1)");
        var lines = File.ReadAllLines(folder.File("train.csv"));
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(line => line.Split(',')).ToList();
        string Column(string[] row, string name) => row[Array.IndexOf(header, name)];
        CollectionAssert.AreEqual(new[] { "ordered", "eoc", "chaotic" }, rows.Select(row => Column(row, "phase")).Distinct().ToArray());
        var sigmas = rows.Select(row => double.Parse(Column(row, "sigma_w2"), System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToArray();
        CollectionAssert.AreEqual(TrainingConfig.DefaultSigmaW2(Activation.Sigmoid).ToArray(), sigmas);
        foreach (var (sigma, chi1) in sigmas.Zip(TrainingConfig.DefaultChi1))
            Assert.AreEqual(chi1, NtkGen.Theory.MeanField.Chi1(Activation.Sigmoid, sigma), 1e-9);
    }

    [TestMethod]
    public void Shards_train_parts_of_the_sigmas_and_merge_to_the_whole_run()
    {
        using var whole = new TempDirectory();
        Assert.AreEqual(0, CliRunner.Run([.. SmallRun, "--out", whole.Path, "--no-plots"]).ExitCode);

        using var shard0 = new TempDirectory();
        using var shard1 = new TempDirectory();
        var (exit0, output0, error0) = CliRunner.Run([.. SmallRun, "--out", shard0.Path, "--shard", "0/2"]);
        Assert.AreEqual(0, exit0, error0);
        StringAssert.Contains(output0, "shard 0/2: σ_w² ∈ {1}");
        Assert.IsFalse(File.Exists(shard0.File("train.csv")), "a shard writes its journal only");
        Assert.AreEqual(0, CliRunner.Run([.. SmallRun, "--out", shard1.Path, "--shard", "1/2"]).ExitCode);

        using var merged = new TempDirectory();
        var (incompleteExit, _, incompleteError) = CliRunner.Run("merge", "--out", merged.Path, shard0.Path);
        Assert.AreEqual(2, incompleteExit);
        StringAssert.Contains(incompleteError, "6 of 12 units are missing");

        var (mergeExit, _, mergeError) = CliRunner.Run("merge", "--out", merged.Path, shard0.Path, shard1.Path);
        Assert.AreEqual(0, mergeExit, mergeError);
        Assert.AreEqual(File.ReadAllText(whole.File("train.csv")), File.ReadAllText(merged.File("train.csv")));
        Assert.IsTrue(File.Exists(merged.File("train_heatmaps.png")));
        // The merged journal carries the shards' data digest, as the whole run's does.
        string DataOf(string folder) => JsonNode.Parse(File.ReadLines(Path.Combine(folder, "train.journal.jsonl")).First())!["data_digest"]!.GetValue<string>();
        Assert.AreEqual(DataOf(whole.Path), DataOf(merged.Path));

        // Shards whose headers name different data are not merged.
        string journal1 = shard1.File("train.journal.jsonl");
        var lines = File.ReadAllLines(journal1);
        lines[0] = lines[0].Replace($"\"data_digest\":\"{DataOf(shard1.Path)}\"", "\"data_digest\":\"0123456789abcdef\"", StringComparison.Ordinal);
        File.WriteAllLines(journal1, lines);
        using var refused = new TempDirectory();
        var (otherExit, _, otherError) = CliRunner.Run("merge", "--out", refused.Path, shard0.Path, shard1.Path);
        Assert.AreEqual(NtkGen.Cli.NtkGenCli.InputError, otherExit);
        StringAssert.Contains(otherError, "holds results computed on other data");
    }

    [TestMethod]
    public void Partial_merge_reports_the_finished_sigmas_and_writes_no_journal()
    {
        using var whole = new TempDirectory();
        Assert.AreEqual(0, CliRunner.Run([.. SmallRun, "--out", whole.Path, "--no-plots"]).ExitCode);
        var wholeLines = File.ReadAllLines(whole.File("train.csv"));
        using var shard0 = new TempDirectory();
        using var shard1 = new TempDirectory();
        Assert.AreEqual(0, CliRunner.Run([.. SmallRun, "--out", shard0.Path, "--shard", "0/2"]).ExitCode);
        Assert.AreEqual(0, CliRunner.Run([.. SmallRun, "--out", shard1.Path, "--shard", "1/2"]).ExitCode);
        // The second σ_w² as if still training: its journal's header and its first two records only.
        string journal = shard1.File("train.journal.jsonl");
        File.WriteAllLines(journal, File.ReadAllLines(journal).Take(3));

        // Into a folder that does not exist yet: with no merged journal to open, the results' folder is made for them.
        using var parent = new TempDirectory();
        string merged = Path.Combine(parent.Path, "merged");
        var (exitCode, output, error) = CliRunner.Run("merge", "--partial", "--out", merged, shard0.Path, shard1.Path);
        Assert.AreEqual(0, exitCode, error);
        StringAssert.Contains(output, "partial: 4 of 12 units are missing");
        // σ_w² = 1 alone, with the numbers of the whole run; σ_w² = 2 is left out, not drawn from its first records.
        var lines = File.ReadAllLines(Path.Combine(merged, "train.csv"));
        CollectionAssert.AreEqual(wholeLines.Where(line => line.StartsWith("sigma_w2", StringComparison.Ordinal) || line.StartsWith("1,", StringComparison.Ordinal)).ToArray(), lines);
        Assert.HasCount(1 + 6, lines);
        Assert.IsTrue(File.Exists(Path.Combine(merged, "train_block_ratios.png")));
        Assert.IsFalse(File.Exists(Path.Combine(merged, "train.journal.jsonl")), "an incomplete set is no whole run");

        using var nothing = new TempDirectory();
        var (noneExit, _, noneError) = CliRunner.Run("merge", "--partial", "--out", nothing.Path, shard1.Path);
        Assert.AreEqual(2, noneExit);
        StringAssert.Contains(noneError, "none of the 2 σ_w² is complete");
        Assert.IsEmpty(Directory.GetFiles(nothing.Path));
    }

    [TestMethod]
    public void Critical_learning_rate_runs_write_the_rate_of_each_network()
    {
        using var folder = new TempDirectory();
        var (exitCode, output, error) = CliRunner.Run("train", "--data", Fixture, "--width", "12", "--hidden-layers", "2", "--sigma-w2", "1,2.2", "--steps", "3",
            "--optimizer", "gd", "--lr-critical", "0.5", "--train-per-class", "4", "--test-per-class", "2", "--ntk-per-class", "2", "--out", folder.Path);
        Assert.AreEqual(0, exitCode, error);
        StringAssert.Contains(output, "0.5 × each network's critical 2/λ_max(Θ₀/N)");
        StringAssert.Contains(output, "learning rates: σ_w² = 1: ");
        Assert.IsTrue(File.Exists(folder.File("train_block_ratios.png")), "figures with a learning rate per network in the legend");
        var lines = File.ReadAllLines(folder.File("train.csv"));
        var header = lines[0].Split(',');
        var rates = lines.Skip(1).Select(line => line.Split(',')).GroupBy(row => row[0], row => row[Array.IndexOf(header, "learning_rate")]).ToList();
        Assert.HasCount(2, rates);
        Assert.IsTrue(rates.All(run => run.Distinct().Count() == 1), "one rate per σ_w²");
        Assert.AreNotEqual(rates[0].First(), rates[1].First(), "each network its own rate");
        // The console names the same rates as the CSV, to its four digits.
        foreach (var run in rates)
        {
            string printed = double.Parse(run.First(), CultureInfo.InvariantCulture).ToString("G4", CultureInfo.InvariantCulture);
            StringAssert.Contains(output, $"σ_w² = {run.Key}: {printed}");
        }
    }

    [TestMethod]
    public void Critical_learning_rate_needs_plain_gradient_descent_and_no_lr()
    {
        using var folder = new TempDirectory();
        var (bothExit, _, bothError) = CliRunner.Run([.. SmallRun, "--lr-critical", "0.5", "--out", folder.Path]);
        Assert.AreEqual(2, bothExit, bothError);
        Assert.AreEqual("ntkgen: give --lr or --lr-critical, not both.", bothError.Trim());
        var withoutLr = SmallRun.Where((_, i) => i != Array.IndexOf(SmallRun, "--lr") && i != Array.IndexOf(SmallRun, "--lr") + 1).ToArray();
        var (adamExit, _, adamError) = CliRunner.Run([.. withoutLr, "--lr-critical", "0.5", "--out", folder.Path]);
        Assert.AreEqual(2, adamExit, adamError);
        StringAssert.Contains(adamError, "--lr-critical needs --optimizer gd");
        Assert.HasCount(1, adamError.Split('\n', StringSplitOptions.RemoveEmptyEntries), adamError);
        // Its kernel of every pair of outputs grows as the square of the subset: bounded before anything is computed.
        string[] large = [.. withoutLr];
        foreach (var (option, value) in new[] { ("--optimizer", "gd"), ("--train-per-class", "800"), ("--ntk-per-class", "101") }) large[Array.IndexOf(large, option) + 1] = value;
        var (largeExit, _, largeError) = CliRunner.Run([.. large, "--lr-critical", "0.5", "--out", folder.Path]);
        Assert.AreEqual(2, largeExit, largeError);
        StringAssert.Contains(largeError, "at most --ntk-per-class 100");
        Assert.IsFalse(File.Exists(folder.File("train.csv")), "nothing is written");
    }

    /// <summary>The small run with one option's value replaced (an option may be given only once).</summary>
    private static string[] With(string option, string value)
    {
        var args = SmallRun.ToArray();
        int index = Array.IndexOf(args, option);
        Assert.IsGreaterThan(0, index, option);
        args[index + 1] = value;
        return args;
    }

    [TestMethod]
    public void All_digits_train_on_the_idx_training_files_and_test_on_the_t10k_files()
    {
        var fixture = NtkGen.Data.DigitDataset.LoadNpmDigits(Fixture);
        using var idx = new TempDirectory();
        IdxFiles.Write(idx.Path, "train", fixture.Select([.. Enumerable.Range(0, 60).Where(i => i % 6 != 5)]), compressed: true);
        IdxFiles.Write(idx.Path, "t10k", fixture.Select([.. Enumerable.Range(0, 60).Where(i => i % 6 == 5)]));
        string[] run = ["train", "--idx", idx.Path, "--all-digits", "--width", "12", "--hidden-layers", "2", "--sigma-w2", "2", "--steps", "2", "--ntk-per-class", "2", "--no-plots"];
        using var folder = new TempDirectory();
        var (exitCode, output, error) = CliRunner.Run([.. run, "--out", folder.Path]);
        Assert.AreEqual(0, exitCode, error);
        StringAssert.Contains(output, "on 50 digits (10 test)");
        Assert.IsTrue(File.Exists(folder.File("train.csv")));

        string[] withoutIdx = [.. run.Where(arg => arg != "--idx" && arg != idx.Path)];
        foreach (var (args, expected) in new[]
        {
            (withoutIdx, "--all-digits needs --idx"),
            ([.. run, "--train-per-class", "3"], "give --all-digits or --train-per-class/--test-per-class, not both"),
        })
        {
            using var other = new TempDirectory();
            var (code, _, message) = CliRunner.Run([.. args, "--out", other.Path]);
            Assert.AreEqual(2, code, message);
            Assert.HasCount(1, message.Split('\n', StringSplitOptions.RemoveEmptyEntries), message);
            StringAssert.Contains(message, expected);
            Assert.IsFalse(File.Exists(other.File("train.csv")), "nothing is written");
        }
    }

    [TestMethod]
    [DataRow(new[] { "--optimizer", "sgd" }, "--optimizer must be one of gd, adam (got 'sgd')")]
    [DataRow(new[] { "--sigma-w2", "0" }, "--sigma-w2 must list positive numbers")]
    [DataRow(new[] { "--sigma-b2", "-1" }, "--sigma-b2 must be zero or positive")]
    [DataRow(new[] { "--ntk-per-class", "5" }, "--ntk-per-class cannot exceed --train-per-class")]
    [DataRow(new[] { "--train-per-class", "6" }, "The data have only 6 images of digit 0; 8 are needed.")]
    public void Bad_options_give_one_line_and_exit_code_2(string[] extra, string expected)
    {
        using var folder = new TempDirectory();
        var (exitCode, _, error) = CliRunner.Run([.. With(extra[0], extra[1]), "--out", folder.Path]);
        Assert.AreEqual(2, exitCode, error);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(1, lines, error);
        StringAssert.Contains(lines[0], expected);
        Assert.IsFalse(File.Exists(folder.File("train.csv")), "nothing is written");
    }
}
