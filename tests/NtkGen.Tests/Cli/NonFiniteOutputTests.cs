using NtkGen.Tests.Support;

namespace NtkGen.Tests.Cli;

/// <summary>Deep chaotic runs overflow double precision; their files say so with empty cells, nulls and log10 columns, never with NaN or ∞.</summary>
[TestClass]
public sealed class NonFiniteOutputTests
{
    [TestMethod]
    [DataRow("dispersion", "--engine", "moments", "--width", "20", "--depths", "2,4000", "--sigma-w2", "1,2,3.5")]
    [DataRow("dispersion", "--engine", "exact", "--samples", "20", "--width", "50", "--depths", "2,4000", "--sigma-w2", "2,3.5")]
    [DataRow("gd-step", "--samples", "4", "--batch", "2", "--n0", "4", "--width", "6", "--depths", "2,400", "--sigma-w2", "1,3.5")]
    public void No_output_file_of_a_deep_chaotic_run_holds_a_non_finite_token(params string[] args)
    {
        using var folder = new TempDirectory();
        var (exit, output, error) = CliRunner.Run([.. args, "--out", folder.Path]);
        Assert.AreEqual(0, exit, error);
        var files = Directory.GetFiles(folder.Path).Where(f => f.EndsWith(".csv") || f.EndsWith(".json")).ToList();
        Assert.IsGreaterThanOrEqualTo(2, files.Count);
        foreach (string file in files)
        {
            string text = File.ReadAllText(file);
            foreach (string token in new[] { "NaN", "Infinity", "∞" })
                Assert.DoesNotContain(token, text, $"{Path.GetFileName(file)} holds {token}");
        }
        foreach (string token in new[] { "NaN", "Infinity", "∞" }) Assert.DoesNotContain(token, output, "nor does the table");
        // The exact curves of figures this deep take seconds to draw: the run says so.
        if (args[0] == "dispersion") StringAssert.Contains(output, "drawing the figures (exact curves up to L = 4000)");
    }
}
