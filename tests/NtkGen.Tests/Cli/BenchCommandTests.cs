using System.Text.Json;

namespace NtkGen.Tests.Cli;

/// <summary>ntkgen bench: one JSON line with the figures users compare, a readable table, and one-line errors.</summary>
[TestClass]
public sealed class BenchCommandTests
{
    [TestMethod]
    [DoNotParallelize]
    public void Ntk_bench_prints_one_json_line_with_time_rate_and_kernel()
    {
        var (exitCode, output, error) = CliRunner.Run("bench", "ntk", "--batch", "40", "--n0", "64", "--width", "64", "--depth", "8", "--repeats", "3", "--format", "json");
        Assert.AreEqual(0, exitCode, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(1, lines);
        using var json = JsonDocument.Parse(lines[0]);
        var root = json.RootElement;
        Assert.AreEqual("ntk", root.GetProperty("bench").GetString());
        // The declared shape 64 → 64×7 → 1 runs on a generated kernel.
        StringAssert.StartsWith(root.GetProperty("kernel").GetString(), "generated-");
        Assert.AreEqual(3, root.GetProperty("runs").GetInt32());
        Assert.IsGreaterThan(0.0, root.GetProperty("ms").GetDouble());
        Assert.IsGreaterThan(0.0, root.GetProperty("gflops").GetDouble());
        Assert.IsGreaterThan(0.0, root.GetProperty("peak_gflops").GetDouble());
        // 2N·Σ n_{l-1} n_l twice plus 4N²·Σ n_l for N = 40.
        double expected = 2.0 * 40 * (7 * 64 * 64 + 64) * 2 + 4.0 * 40 * 40 * (7 * 64 + 1);
        Assert.AreEqual(expected / 1e9, root.GetProperty("gflop").GetDouble(), 1e-9);
    }

    [TestMethod]
    [DoNotParallelize]
    public void Monte_carlo_bench_reports_networks_per_second_and_the_generator_bound()
    {
        var (exitCode, output, error) = CliRunner.Run("bench", "mc", "--n0", "20", "--width", "30", "--depth", "3", "--samples", "50", "--repeats", "2", "--threads", "1");
        Assert.AreEqual(0, exitCode, error);
        foreach (var field in new[] { "networks_per_s", "gaussians_per_s", "generator_gaussians_per_s", "generator_bound_networks_per_s", "percent_of_bound", "kernel" })
            StringAssert.Contains(output, field);
        // Undeclared shape: the generic kernel, named.
        StringAssert.Contains(output, "generic-f32");
        // 20·30 + 30·30 + 30·1 weights, no biases drawn (σ_b² = 0).
        StringAssert.Matches(output, new System.Text.RegularExpressions.Regex(@"gaussians_per_network +1530\b"));
    }

    [TestMethod]
    [DataRow("ntk", "--batch", "0")]
    [DataRow("ntk", "--width", "-3")]
    [DataRow("mc", "--samples", "0")]
    [DataRow("mc", "--threads", "0")]
    public void Bad_values_are_one_line_errors(string bench, string option, string value)
    {
        var (exitCode, output, error) = CliRunner.Run("bench", bench, option, value);
        Assert.AreEqual(2, exitCode);
        Assert.AreEqual("", output);
        Assert.HasCount(1, error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        StringAssert.Contains(error, option);
    }
}
