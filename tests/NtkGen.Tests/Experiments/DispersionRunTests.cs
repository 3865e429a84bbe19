using NtkGen.Experiments;
using NtkGen.Experiments.Dispersion;
using NtkGen.Tests.Support;

namespace NtkGen.Tests.Experiments;

/// <summary>
/// Long runs lose nothing and do not depend on how they are run: the same numbers on one thread or two, after an
/// interruption, and from shards merged back together.
/// </summary>
[TestClass]
public sealed class DispersionRunTests
{
    private static readonly DispersionConfig Config = new()
    {
        InputSize = 8,
        Width = 12,
        Depths = [2, 4],
        SigmaW2 = [1.5, 2.5],
        Samples = 1500, // two blocks per point
        Seed = 42,
        Precision = Precision.F64,
        Correlations = [1.0, 0.5, 0.0],
    };

    [TestMethod]
    public void Results_do_not_depend_on_the_thread_count()
    {
        string one = Csv(Config, threads: 1);
        string two = Csv(Config, threads: 2);
        Assert.AreEqual(one, two);
    }

    [TestMethod]
    public void Interrupted_run_resumes_to_the_same_results()
    {
        string whole = Csv(Config, threads: 2);
        using var folder = new TempDirectory();
        using (var journal = DispersionJournal.Open(folder.Path, Config, Shard.Whole))
            DispersionRunner.Run(Config, Shard.Whole, journal, threads: 2);
        // Keep the header and three units, and cut the fourth line in the middle, as a killed process would leave it.
        string path = Path.Combine(folder.Path, DispersionJournal.FileName);
        var lines = File.ReadAllLines(path);
        File.WriteAllText(path, string.Join("\n", lines.Take(4)) + "\n" + lines[4][..(lines[4].Length / 2)]);

        using var resumed = DispersionJournal.Open(folder.Path, Config, Shard.Whole);
        Assert.HasCount(3, resumed.Completed);
        var results = DispersionRunner.Run(Config, Shard.Whole, resumed, threads: 1);
        Assert.AreEqual(whole, DispersionReport.Csv(DispersionAggregator.Rows(Config, results)));
    }

    [TestMethod]
    public void Merged_shards_give_exactly_the_statistics_of_the_whole_run()
    {
        string whole = Csv(Config, threads: 2);
        var units = new List<UnitResult>();
        foreach (var shard in new[] { new Shard(0, 3), new Shard(1, 3), new Shard(2, 3) })
        {
            using var folder = new TempDirectory();
            using var journal = DispersionJournal.Open(folder.Path, Config, shard);
            units.AddRange(DispersionRunner.Run(Config, shard, journal, threads: 1));
        }
        Assert.HasCount(Config.Units().Count(), units);
        Assert.AreEqual(whole, DispersionReport.Csv(DispersionAggregator.Rows(Config, units)));
    }

    [TestMethod]
    public void A_journal_of_another_configuration_is_refused()
    {
        using var folder = new TempDirectory();
        using (DispersionJournal.Open(folder.Path, Config, Shard.Whole)) { }
        var other = Config with { Seed = 43 };
        var error = Assert.ThrowsExactly<NtkGen.IO.InputFileException>(() => DispersionJournal.Open(folder.Path, other, Shard.Whole));
        StringAssert.Contains(error.Message, "another run");
    }

    [TestMethod]
    public void Streams_depend_on_depth_and_sigma_not_on_the_grid_layout()
    {
        // Adding a point to the grid must not change the numbers of the others.
        var small = Config with { Depths = [4], SigmaW2 = [2.5] };
        var rowsSmall = DispersionAggregator.Rows(small, RunAll(small, 1));
        var rowsFull = DispersionAggregator.Rows(Config, RunAll(Config, 1));
        var match = rowsFull.Single(r => r.Depth == 4 && r.SigmaW2 == 2.5);
        Assert.AreEqual(rowsSmall[0].Ratio, match.Ratio);
        Assert.AreEqual(rowsSmall[0].Mean, match.Mean);
    }

    private static string Csv(DispersionConfig config, int threads)
        => DispersionReport.Csv(DispersionAggregator.Rows(config, RunAll(config, threads)));

    private static IReadOnlyList<UnitResult> RunAll(DispersionConfig config, int threads)
    {
        using var folder = new TempDirectory();
        using var journal = DispersionJournal.Open(folder.Path, config, Shard.Whole);
        return DispersionRunner.Run(config, Shard.Whole, journal, threads);
    }
}
