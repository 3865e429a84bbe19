using NtkGen.Experiments;
using NtkGen.Experiments.Dispersion;
using NtkGen.Tests.Support;

namespace NtkGen.Tests.Experiments;

/// <summary>
/// A dispersion run does not depend on how it is run: the same numbers on one thread or two, and a point's numbers do not
/// depend on the rest of the grid (resumption and shards: <see cref="PipelineTests"/>).
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

    private static IReadOnlyList<DispersionUnitResult> RunAll(DispersionConfig config, int threads)
    {
        using var folder = new TempDirectory();
        using var journal = DispersionExperiment.Instance.OpenJournal(folder.Path, config, Shard.Whole);
        return DispersionExperiment.Instance.Run(config, Shard.Whole, journal, threads);
    }
}
