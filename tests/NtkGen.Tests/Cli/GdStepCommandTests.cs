using System.Text.Json.Nodes;
using NtkGen.Tests.Support;

namespace NtkGen.Tests.Cli;

/// <summary><c>ntkgen gd-step</c> as a user runs it, and its shards through <c>ntkgen merge</c>.</summary>
[TestClass]
public sealed class GdStepCommandTests
{
    private static readonly string[] SmallGrid = ["gd-step", "--n0", "6", "--width", "8", "--depths", "2,4", "--sigma-w2", "1.5,2.5", "--samples", "80", "--batch", "3"];

    [TestMethod]
    public void Writes_table_csv_json_and_plot_and_merges_shards()
    {
        using var whole = new TempDirectory();
        var (exitCode, output, error) = CliRunner.Run([.. SmallGrid, "--out", whole.Path]);
        Assert.AreEqual(0, exitCode, error);
        StringAssert.Contains(output, "E[ΔΘ/η]/E[Θ]²");
        foreach (var file in new[] { "gd_step.csv", "gd_step.json", "gd_step_vs_lambda.png", "gd_step.journal.jsonl" })
            Assert.IsTrue(File.Exists(whole.File(file)), file);
        var header = File.ReadLines(whole.File("gd_step.csv")).First().Split(',');
        foreach (var column in new[] { "depth", "width", "n0", "lambda", "sigma_w2", "samples", "mean_relative_change", "mean_relative_change_se", "median_relative_change", "fraction_negative", "mean_abs_relative_change" })
            CollectionAssert.Contains(header, column);
        var json = JsonNode.Parse(File.ReadAllText(whole.File("gd_step.json")))!;
        Assert.HasCount(4, json["rows"]!.AsArray());

        using var shard0 = new TempDirectory();
        using var shard1 = new TempDirectory();
        using var merged = new TempDirectory();
        Assert.AreEqual(0, CliRunner.Run([.. SmallGrid, "--out", shard0.Path, "--shard", "0/2"]).ExitCode);
        Assert.AreEqual(0, CliRunner.Run([.. SmallGrid, "--out", shard1.Path, "--shard", "1/2"]).ExitCode);
        var (mergeExit, _, mergeError) = CliRunner.Run("merge", "--out", merged.Path, "--no-plots", shard0.Path, shard1.Path);
        Assert.AreEqual(0, mergeExit, mergeError);
        Assert.AreEqual(File.ReadAllText(whole.File("gd_step.csv")), File.ReadAllText(merged.File("gd_step.csv")));
    }

    [TestMethod]
    [DataRow("conditioned", "engine conditioned, f64", "conditioned-f64")]
    [DataRow("auto", "engine conditioned (auto: M = 8 ≥ 6 products per layer), f64", "conditioned-f64")]
    public void The_conditioned_engine_runs_the_grid_and_names_itself(string engine, string expectedLine, string expectedKernel)
    {
        using var folder = new TempDirectory();
        var (exitCode, output, error) = CliRunner.Run("gd-step", "--engine", engine, "--n0", "6", "--width", "8", "--depths", "2,4", "--sigma-w2", "1.5",
            "--samples", "40", "--batch", "0", "--out", folder.Path, "--no-plots");
        Assert.AreEqual(0, exitCode, error);
        StringAssert.Contains(output, expectedLine);
        var json = JsonNode.Parse(File.ReadAllText(folder.File("gd_step.json")))!;
        Assert.AreEqual("Conditioned", json["config"]!["engine"]!.GetValue<string>());
        foreach (var row in json["rows"]!.AsArray()) Assert.AreEqual(expectedKernel, row!["kernel"]!.GetValue<string>());
    }

    [TestMethod]
    public void A_brute_force_configuration_does_not_name_its_engine_so_that_earlier_runs_resume()
    {
        using var folder = new TempDirectory();
        Assert.AreEqual(0, CliRunner.Run([.. SmallGrid, "--out", folder.Path, "--no-plots"]).ExitCode);
        var config = JsonNode.Parse(File.ReadAllText(folder.File("gd_step.json")))!["config"]!.AsObject();
        Assert.IsFalse(config.ContainsKey("engine"), config.ToJsonString());
    }

    [TestMethod]
    public void Ntk_parametrization_adds_the_Hanin_Nica_figure()
    {
        using var folder = new TempDirectory();
        var (exitCode, output, error) = CliRunner.Run("gd-step", "--parametrization", "ntk", "--sigma-w2", "2", "--n0", "8", "--width", "10", "--depths", "3,5,7", "--samples", "60", "--batch", "0", "--out", folder.Path);
        Assert.AreEqual(0, exitCode, error);
        StringAssert.Contains(output, "Hanin–Nica");
        Assert.IsTrue(File.Exists(folder.File("gd_step_hanin_nica.png")));
        Assert.IsNotNull(JsonNode.Parse(File.ReadAllText(folder.File("gd_step.json")))!["hanin_nica"]!["fitted_constant"]);
    }

    [TestMethod]
    [DataRow(new[] { "--target", "maybe" }, "--target: 'maybe' is not a number or 'normal'")]
    [DataRow(new[] { "--batch", "1" }, "--batch must be 0 (none) or at least 2")]
    [DataRow(new[] { "--eta", "0" }, "--eta must be positive")]
    [DataRow(new[] { "--parametrization", "mup" }, "--parametrization must be one of standard, ntk (got 'mup')")]
    [DataRow(new[] { "--engine", "magic" }, "--engine must be one of brute, conditioned, auto (got 'magic')")]
    [DataRow(new[] { "--engine", "conditioned", "--precision", "f32" }, "the conditioned engine computes in f64")]
    public void Bad_options_give_one_line_and_exit_code_2(string[] extra, string expected)
    {
        using var folder = new TempDirectory();
        var (exitCode, _, error) = CliRunner.Run(["gd-step", "--out", folder.Path, .. extra]);
        Assert.AreEqual(2, exitCode);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(1, lines, error);
        StringAssert.Contains(lines[0], expected);
    }
}
