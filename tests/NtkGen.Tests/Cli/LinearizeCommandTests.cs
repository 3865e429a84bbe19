using System.Text.Json.Nodes;
using NtkGen.Tests.Support;

namespace NtkGen.Tests.Cli;

/// <summary><c>ntkgen linearize</c> as a user runs it on the fixture digits, and its shards through <c>ntkgen merge</c>.</summary>
[TestClass]
public sealed class LinearizeCommandTests
{
    private static readonly string Digits = Path.Combine(AppContext.BaseDirectory, "Fixtures", "mnist");

    private static readonly string[] SmallGrid =
        ["linearize", "--data", Digits, "--width", "8", "--depths", "1,3", "--sigma-w2", "1.5,2.5", "--samples", "20", "--steps", "0,3,20",
         "--train-per-class", "3", "--test-per-class", "2"];

    [TestMethod]
    public void Writes_table_csv_json_and_plots_and_merges_shards()
    {
        using var whole = new TempDirectory();
        var (exitCode, output, error) = CliRunner.Run([.. SmallGrid, "--out", whole.Path]);
        Assert.AreEqual(0, exitCode, error);
        StringAssert.Contains(output, "Var f: trained");
        foreach (var file in new[] { "linearize.csv", "linearize.json", "linearize_variance.png", "linearize_loss.png", "linearize.journal.jsonl" })
            Assert.IsTrue(File.Exists(whole.File(file)), file);
        var json = JsonNode.Parse(File.ReadAllText(whole.File("linearize.json")))!;
        Assert.HasCount(2 * 2 * 4, json["rows"]!.AsArray(), "two depths × two σ_w² × three steps and t → ∞");
        Assert.IsFalse(string.IsNullOrEmpty(json["config"]!["data_digest"]!.GetValue<string>()), "the data are in the configuration by their digest");

        using var shard0 = new TempDirectory();
        using var shard1 = new TempDirectory();
        using var merged = new TempDirectory();
        Assert.AreEqual(0, CliRunner.Run([.. SmallGrid, "--out", shard0.Path, "--shard", "0/2"]).ExitCode);
        Assert.AreEqual(0, CliRunner.Run([.. SmallGrid, "--out", shard1.Path, "--shard", "1/2", "--threads", "1"]).ExitCode);
        var (mergeExit, _, mergeError) = CliRunner.Run("merge", "--out", merged.Path, "--no-plots", shard0.Path, shard1.Path);
        Assert.AreEqual(0, mergeExit, mergeError);
        Assert.AreEqual(File.ReadAllText(whole.File("linearize.csv")), File.ReadAllText(merged.File("linearize.csv")));
    }

    [TestMethod]
    [DataRow(new[] { "--classes", "3" }, "--classes must be two different digits")]
    [DataRow(new[] { "--rate-fraction", "1.5" }, "--rate-fraction must lie in (0, 1)")]
    [DataRow(new[] { "--steps", "10,5" }, "--steps must list increasing step counts")]
    [DataRow(new[] { "--n0", "100" }, "--n0 is that of the digits, 784")]
    [DataRow(new[] { "--precision", "f32" }, "it runs in f64")]
    [DataRow(new[] { "--train-per-class", "7", "--test-per-class", "2" }, "The data have only 6 images of digit 0; 9 are needed")]
    public void Bad_options_give_one_line_and_exit_code_2(string[] extra, string expected)
    {
        using var folder = new TempDirectory();
        var (exitCode, _, error) = CliRunner.Run(["linearize", "--data", Digits, "--out", folder.Path, .. extra]);
        Assert.AreEqual(2, exitCode, error);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(1, lines, error);
        StringAssert.Contains(lines[0], expected);
        Assert.IsFalse(File.Exists(folder.File("linearize.journal.jsonl")), "nothing is written");
    }
}
