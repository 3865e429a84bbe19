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
        // Nobody declares 64 → 64×7 → 1: it runs on the run-time-width kernel, and says so and why.
        StringAssert.StartsWith(root.GetProperty("kernel").GetString(), "runtime-");
        StringAssert.Contains(root.GetProperty("selection").GetString(), "shape not declared");
        Assert.IsGreaterThanOrEqualTo(0.0, root.GetProperty("selection_ms").GetDouble());
        Assert.AreEqual(1, root.GetProperty("outputs").GetInt32());
        Assert.AreEqual(3, root.GetProperty("runs").GetInt32());
        Assert.IsGreaterThan(0.0, root.GetProperty("ms").GetDouble());
        Assert.IsGreaterThan(0.0, root.GetProperty("gflops").GetDouble());
        Assert.IsGreaterThan(0.0, root.GetProperty("peak_gflops").GetDouble());
        // 2N·Σ n_{l-1} n_l for the forward pass and again for the backward pass, plus 2N²·Σ (n_{l-1} + n_l) for the Grams, N = 40.
        double expected = 2.0 * 40 * (7 * 64 * 64 + 64) * 2 + 2.0 * 40 * 40 * (8 * 64 + 7 * 64 + 1);
        Assert.AreEqual(expected / 1e9, root.GetProperty("gflop").GetDouble(), 1e-9);
    }

    [TestMethod]
    [DoNotParallelize]
    public void Ntk_bench_of_two_batches_and_several_outputs_counts_both_batches()
    {
        var (exitCode, output, error) = CliRunner.Run("bench", "ntk", "--batch", "20", "--inputs2", "30", "--n0", "8", "--width", "16", "--depth", "2",
            "--outputs", "3", "--repeats", "2", "--format", "json");
        Assert.AreEqual(0, exitCode, error);
        using var json = JsonDocument.Parse(output.Trim());
        var root = json.RootElement;
        Assert.AreEqual(30, root.GetProperty("batch2").GetInt32());
        Assert.AreEqual(3, root.GetProperty("outputs").GetInt32());
        // Forward and 3 backward passes of 20 + 30 samples; Grams of 20 × 30 pairs over Σ (n_{l-1} + 3 n_l).
        double expected = 2.0 * 50 * (8 * 16 + 16 * 3) * 4 + 2.0 * 20 * 30 * ((8 + 16) + 3 * (16 + 3));
        Assert.AreEqual(expected / 1e9, root.GetProperty("gflop").GetDouble(), 1e-12);
    }

    [TestMethod]
    [DoNotParallelize]
    public void Monte_carlo_bench_reports_networks_per_second_and_the_generator_bound()
    {
        var (exitCode, output, error) = CliRunner.Run("bench", "mc", "--n0", "20", "--width", "30", "--depth", "3", "--samples", "50", "--repeats", "2", "--threads", "1");
        Assert.AreEqual(0, exitCode, error);
        foreach (var field in new[] { "networks_per_s", "gaussians_per_s", "generator_gaussians_per_s", "generator_bound_networks_per_s", "percent_of_bound", "kernel" })
            StringAssert.Contains(output, field);
        // Undeclared shape: single samples run on the per-sample cores of the kernel the registry names.
        StringAssert.Contains(output, NtkGen.Kernels.KernelRegistry.Resolve<float>(new NetworkSpec(20, [30, 30], 1)).Name);
        // 20·30 + 30·30 + 30·1 weights, no biases drawn (σ_b² = 0).
        StringAssert.Matches(output, new System.Text.RegularExpressions.Regex(@"gaussians_per_network +1530\b"));
    }

    [TestMethod]
    [DataRow("ntk", "--batch", "0")]
    [DataRow("ntk", "--width", "-3")]
    [DataRow("ntk", "--outputs", "0")]
    [DataRow("ntk", "--inputs2", "-1")]
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
