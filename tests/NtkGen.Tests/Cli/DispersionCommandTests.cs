using System.Text.Json.Nodes;
using NtkGen.Tests.Support;

namespace NtkGen.Tests.Cli;

/// <summary><c>ntkgen dispersion</c> and <c>ntkgen merge</c> as a user runs them.</summary>
[TestClass]
public sealed class DispersionCommandTests
{
    private static readonly string[] SmallGrid = ["dispersion", "--n0", "6", "--width", "8", "--depths", "2..4", "--sigma-w2", "1.5,2,2.5", "--samples", "60", "--threads", "2"];

    [TestMethod]
    public void Writes_table_csv_json_and_plots()
    {
        using var folder = new TempDirectory();
        var (exitCode, output, error) = CliRunner.Run([.. SmallGrid, "--out", folder.Path]);
        Assert.AreEqual(0, exitCode, error);
        StringAssert.Contains(output, "R = E[Θ²]/E[Θ]²");
        foreach (var file in new[] { "dispersion.csv", "dispersion.json", "dispersion_vs_lambda.png", "offdiagonal_ratio.png", "dispersion.journal.jsonl" })
            Assert.IsTrue(File.Exists(folder.File(file)), file);

        var header = File.ReadLines(folder.File("dispersion.csv")).First().Split(',');
        foreach (var column in new[] { "depth", "width", "n0", "lambda", "sigma_w2", "samples", "mean", "mean_theory", "ratio", "ratio_se", "ratio_ci_low", "ratio_ci_high", "ratio_weights", "ratio_biases", "offdiag_ratio_r0.5" })
            CollectionAssert.Contains(header, column);
        Assert.HasCount(1 + 9, File.ReadAllLines(folder.File("dispersion.csv")));

        var json = JsonNode.Parse(File.ReadAllText(folder.File("dispersion.json")))!;
        Assert.AreEqual(8, json["config"]!["width"]!.GetValue<int>());
        Assert.HasCount(9, json["rows"]!.AsArray());
        Assert.AreEqual(0.9, json["rows"]![0]!["off_diagonal"]![0]!["r"]!.GetValue<double>());
        // PNG signature.
        CollectionAssert.AreEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, File.ReadAllBytes(folder.File("dispersion_vs_lambda.png"))[..4]);
    }

    [TestMethod]
    public void Second_run_with_the_same_arguments_resumes_instead_of_recomputing()
    {
        using var folder = new TempDirectory();
        CliRunner.Run([.. SmallGrid, "--out", folder.Path, "--no-plots"]);
        string first = File.ReadAllText(folder.File("dispersion.csv"));
        var (exitCode, output, _) = CliRunner.Run([.. SmallGrid, "--out", folder.Path, "--no-plots"]);
        Assert.AreEqual(0, exitCode);
        StringAssert.Contains(output, "resuming: 9 finished units");
        Assert.AreEqual(first, File.ReadAllText(folder.File("dispersion.csv")));
    }

    [TestMethod]
    public void Shards_merged_with_the_merge_command_equal_the_whole_run()
    {
        using var whole = new TempDirectory();
        using var shard0 = new TempDirectory();
        using var shard1 = new TempDirectory();
        using var merged = new TempDirectory();
        CliRunner.Run([.. SmallGrid, "--out", whole.Path, "--no-plots"]);
        Assert.AreEqual(0, CliRunner.Run([.. SmallGrid, "--out", shard0.Path, "--shard", "0/2"]).ExitCode);
        var (shardExit, shardOutput, _) = CliRunner.Run([.. SmallGrid, "--out", shard1.Path, "--shard", "1/2"]);
        Assert.AreEqual(0, shardExit);
        StringAssert.Contains(shardOutput, "ntkgen merge");
        Assert.IsFalse(File.Exists(shard1.File("dispersion.csv")), "a shard alone has no complete statistics");

        var (exitCode, _, error) = CliRunner.Run("merge", "--out", merged.Path, "--no-plots", shard0.Path, shard1.Path);
        Assert.AreEqual(0, exitCode, error);
        Assert.AreEqual(File.ReadAllText(whole.File("dispersion.csv")), File.ReadAllText(merged.File("dispersion.csv")));

        var (missingExit, _, missingError) = CliRunner.Run("merge", "--out", merged.Path + "-partial", shard0.Path);
        Assert.AreEqual(2, missingExit);
        StringAssert.Contains(missingError, "units are missing");
        // With --partial, the grid points the one shard completes, each as in the whole run; no journal of a whole run.
        using var partial = new TempDirectory();
        var (partialExit, partialOutput, partialError) = CliRunner.Run("merge", "--partial", "--no-plots", "--out", partial.Path, shard0.Path);
        Assert.AreEqual(0, partialExit, partialError);
        StringAssert.Contains(partialOutput, "partial: ");
        var wholeLines = File.ReadAllLines(whole.File("dispersion.csv"));
        var partialLines = File.ReadAllLines(partial.File("dispersion.csv"));
        Assert.IsTrue(partialLines.Length > 1 && partialLines.Length < wholeLines.Length, string.Join('\n', partialLines));
        CollectionAssert.IsSubsetOf(partialLines, wholeLines);
        Assert.IsFalse(File.Exists(partial.File(NtkGen.Experiments.Dispersion.DispersionExperiment.Instance.JournalFileName)));
    }

    [TestMethod]
    [DataRow(new[] { "--engine", "exact", "--sigma-b2", "0.1" }, "does not apply: the exact engines need σ_b² = 0")]
    [DataRow(new[] { "--depths", "5..2" }, "--depths: '5..2' is not a range")]
    [DataRow(new[] { "--sigma-w2", "2,abc" }, "--sigma-w2: 'abc' is not a number")]
    [DataRow(new[] { "--sigma-w2", "-1" }, "--sigma-w2 must list positive numbers")]
    [DataRow(new[] { "--samples", "1" }, "--samples must be at least 2")]
    [DataRow(new[] { "--shard", "3/2" }, "is not a shard i/n")]
    [DataRow(new[] { "--format", "xml" }, "--format: 'xml'")]
    [DataRow(new[] { "--engine", "magic" }, "--engine must be one of brute, conditioned, exact, moments, auto (got 'magic')")]
    [DataRow(new[] { "--depths", "1000000000", "--engine", "moments" }, "--depths must be at most 1000000 (got 1000000000)")]
    [DataRow(new[] { "--width", "100000000" }, "--width × --depths must stay below 2³¹ neurons")]
    [DataRow(new[] { "--width", "30000", "--depths", "30" }, "has 25203900001 parameters, more than one array holds")]
    [DataRow(new[] { "--width", "5000", "--depths", "80", "--threads", "64" }, "need about 511.6 GiB on 64 threads, more than this process may use")]
    [DataRow(new[] { "--outputs", "0" }, "--outputs must be at least 1 (got 0)")]
    [DataRow(new[] { "--outputs", "2", "--engine", "exact" }, "--engine exact does not apply: the exact engines need one output (got 2)")]
    public void Bad_options_give_one_line_and_exit_code_2(string[] extra, string expected)
    {
        using var folder = new TempDirectory();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (exitCode, _, error) = CliRunner.Run(["dispersion", "--out", folder.Path, .. extra]);
        Assert.IsLessThan(2.0, clock.Elapsed.TotalSeconds, "refused before any work");
        Assert.AreEqual(2, exitCode);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(1, lines, error);
        StringAssert.Contains(lines[0], expected);
        Assert.IsFalse(File.Exists(folder.File("dispersion.journal.jsonl")), "nothing is written");
    }

    [TestMethod]
    [DataRow("40", "engine brute (auto: M = 40 < 2 × 22 products per layer)")]
    [DataRow("50", "engine conditioned (auto: M = 50 ≥ 2 × 22 products per layer)")]
    public void Auto_engine_says_which_engine_it_chose_and_why(string width, string expected)
    {
        using var folder = new TempDirectory();
        var (exitCode, output, error) = CliRunner.Run("dispersion", "--engine", "auto", "--n0", "8", "--width", width, "--depths", "2", "--sigma-w2", "2", "--samples", "4", "--out", folder.Path, "--format", "json", "--no-plots");
        Assert.AreEqual(0, exitCode, error);
        StringAssert.Contains(output, expected);
        var engine = JsonNode.Parse(File.ReadAllText(folder.File("dispersion.json")))!["rows"]![0]!["engine"]!.GetValue<string>();
        Assert.AreEqual(expected.Split(' ')[1], engine, "the rows name the engine that ran");
    }

    [TestMethod]
    public void Moments_engine_runs_without_sampling()
    {
        using var folder = new TempDirectory();
        var (exitCode, _, error) = CliRunner.Run("dispersion", "--engine", "moments", "--n0", "1000", "--width", "1000", "--depths", "100,500", "--sigma-w2", "2,3", "--out", folder.Path, "--format", "json", "--no-plots");
        Assert.AreEqual(0, exitCode, error);
        Assert.IsFalse(File.Exists(folder.File("dispersion.csv")));
        var rows = JsonNode.Parse(File.ReadAllText(folder.File("dispersion.json")))!["rows"]!.AsArray();
        Assert.HasCount(4, rows);
        Assert.AreEqual(0, rows[0]!["samples"]!.GetValue<long>());
    }

    [TestMethod]
    public void Limits_prints_the_exact_tables_beside_the_papers_formula()
    {
        var (exitCode, output, error) = CliRunner.Run("limits", "--lambdas", "0.1,0.5", "--widths", "50,200");
        Assert.AreEqual(0, exitCode, error);
        StringAssert.Contains(output, "### Chaotic phase");
        StringAssert.Contains(output, "### Edge of chaos");
        StringAssert.Contains(output, "| 0.5 |");
        StringAssert.Contains(output, "6.9156"); // F(0.5), and the gradient-independence limit of the weights part
        StringAssert.Contains(output, "7.7603"); // the exact limit at λ = 0.5, exp(λG)
        Assert.AreEqual(2, CliRunner.Run("limits", "--widths", "100,300").ExitCode, "the last two widths must differ by 4×");
    }

    [TestMethod]
    public void Limits_tabulate_and_draw_the_edge_of_chaos_term_for_both_models()
    {
        using var folder = new TempDirectory();
        string figure = Path.Combine(folder.Path, "g.png");
        var (exitCode, output, error) = CliRunner.Run("limits", "--lambdas", "1", "--widths", "50,200", "--alpha0", "1,2", "--figure", figure);
        Assert.AreEqual(0, exitCode, error);
        // λ = 1, α0 = 1: g exact 45.0547, g GIA 36.6683, R exact 30.5058, R GIA 23.1658 (THEORY.md §3: 30.51 and 23.166).
        StringAssert.Contains(output, "| 1 | 1 | 45.0547 | 36.6683 | 30.5058 | 23.1658 |");
        Assert.IsTrue(new FileInfo(figure).Length > 10_000, "the figure is drawn");
    }

    [TestMethod]
    [DataRow("--lambdas", "1000", "--lambdas must be positive and at most 100")]
    [DataRow("--alpha0", "-1", "--alpha0 must be positive")]
    [DataRow("--figure", "g.png", "give --alpha0 too")]
    public void Limits_refuse_what_they_cannot_compute_in_one_line(string option, string value, string expected)
    {
        var (exitCode, output, error) = CliRunner.Run("limits", option, value);
        Assert.AreEqual(2, exitCode);
        Assert.AreEqual("", output);
        StringAssert.Contains(error, expected);
        Assert.HasCount(1, error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [TestMethod]
    public void Merge_names_a_shard_of_another_experiment_and_a_missing_folder_as_file_errors()
    {
        using var dispersion = new TempDirectory();
        using var gdStep = new TempDirectory();
        Assert.AreEqual(0, CliRunner.Run([.. SmallGrid, "--out", dispersion.Path, "--no-plots"]).ExitCode);
        Assert.AreEqual(0, CliRunner.Run("gd-step", "--n0", "4", "--width", "4", "--depths", "2", "--sigma-w2", "2", "--samples", "4", "--batch", "0", "--no-plots", "--out", gdStep.Path).ExitCode);
        using var merged = new TempDirectory();
        string target = Path.Combine(merged.Path, "out");

        var (mixedExit, _, mixed) = CliRunner.Run("merge", "--out", target, dispersion.Path, gdStep.Path);
        Assert.AreEqual(NtkGen.Cli.NtkGenCli.InputError, mixedExit, mixed);
        StringAssert.Contains(mixed, "holds gd_step.journal.jsonl");
        StringAssert.Contains(mixed, "merge the shards of one run");

        var (missingExit, _, missing) = CliRunner.Run("merge", "--out", target, Path.Combine(merged.Path, "nowhere"));
        Assert.AreEqual(NtkGen.Cli.NtkGenCli.InputError, missingExit, missing);
        StringAssert.Contains(missing, "folder not found");
        Assert.IsFalse(Directory.Exists(target), "nothing written");
    }
}
