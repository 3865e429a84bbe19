using System.Diagnostics;
using System.Text.Json.Nodes;
using NtkGen.Tests.Support;

namespace NtkGen.Tests.Cli;

/// <summary>The ntkgen process killed many times at random points of its work, then resumed, gives the uninterrupted results.</summary>
[TestClass]
public sealed class KillAndResumeTests
{
    private const int Kills = 50;

    private static readonly string[] Grid =
        ["dispersion", "--n0", "8", "--width", "8", "--depths", "2..20:2", "--sigma-w2", "1.5,2,2.5", "--samples", "8000", "--precision", "f64",
         "--threads", "2", "--no-plots"];

    [TestMethod]
    public void A_run_killed_fifty_times_mid_work_resumes_to_the_results_of_an_uninterrupted_run()
    {
        using var whole = new TempDirectory();
        var (exit, _, error) = CliRunner.Run([.. Grid, "--out", whole.Path]);
        Assert.AreEqual(0, exit, error);

        using var folder = new TempDirectory();
        string journal = folder.File("dispersion.journal.jsonl");
        var random = new System.Random(20261202);
        int kills = 0;
        while (kills < Kills)
        {
            long before = File.Exists(journal) ? new FileInfo(journal).Length : 0;
            using var process = Start(folder.Path);
            // Kill once the process writes, a random moment later: between, during or just after appending units.
            var clock = Stopwatch.StartNew();
            while (!process.HasExited && (File.Exists(journal) ? new FileInfo(journal).Length : 0) == before && clock.ElapsedMilliseconds < 20_000) Thread.Sleep(1);
            Thread.Sleep(random.Next(0, 40));
            if (process.HasExited)
            {
                Assert.Fail($"the run finished after {kills} kills; give it more work");
            }
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            kills++;
        }

        var (resumedExit, output, resumedError) = CliRunner.Run([.. Grid, "--out", folder.Path]);
        Assert.AreEqual(0, resumedExit, resumedError);
        StringAssert.Contains(output, "resuming:");
        Assert.AreEqual(File.ReadAllText(whole.File("dispersion.csv")), File.ReadAllText(folder.File("dispersion.csv")));
        var lines = File.ReadAllLines(journal);
        Assert.HasCount(1 + 10 * 3 * 8, lines, "the header and every unit once");
        Assert.IsTrue(lines.All(line => JsonNode.Parse(line) is JsonObject));
    }

    private static Process Start(string folder)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "NtkGen.Cli.exe" : "NtkGen.Cli"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in Grid.Append("--out").Append(folder)) start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
