using System.Text.Json.Nodes;
using NtkGen.Experiments;
using NtkGen.IO;
using NtkGen.Tests.Support;

namespace NtkGen.Tests.Experiments;

/// <summary>
/// The experiment pipeline, once for every experiment: an interrupted run resumes to the same numbers, shards merge to
/// exactly the whole run, and a journal is never mixed up — not with another run's, another format's, a torn line or a
/// second writer.
/// </summary>
[TestClass]
public sealed class PipelineTests
{
    public static IEnumerable<string> Kinds => ["dispersion", "gd-step", "linearize", "train"];

    [TestMethod]
    [DynamicData(nameof(Kinds))]
    public void A_run_killed_mid_write_resumes_to_the_same_results_and_leaves_a_clean_journal(string kind)
    {
        var experiment = PipelineCase.Of(kind);
        using var whole = new TempDirectory();
        string expected = experiment.Run(whole.Path, Shard.Whole);

        // The header, the first two units and half of the third: what a process killed while writing leaves behind.
        using var folder = new TempDirectory();
        experiment.Run(folder.Path, Shard.Whole);
        string path = experiment.JournalPath(folder.Path);
        var lines = File.ReadAllLines(path);
        File.WriteAllText(path, string.Join("\n", lines.Take(3)) + "\n" + lines[3][..(lines[3].Length / 2)]);

        Assert.AreEqual(expected, experiment.Run(folder.Path, Shard.Whole));
        string journal = File.ReadAllText(path);
        Assert.EndsWith("\n", journal);
        var units = journal.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.HasCount(experiment.UnitCount, units, "every unit once, the torn fragment gone");
        Assert.IsTrue(units.All(line => JsonNode.Parse(line) is JsonObject), "every line is a whole unit");
        Assert.AreEqual(expected, experiment.Run(folder.Path, Shard.Whole), "and it resumes again");
    }

    [TestMethod]
    [DynamicData(nameof(Kinds))]
    public void Shards_merge_to_exactly_the_whole_run_and_a_partial_set_only_with_partial(string kind)
    {
        var experiment = PipelineCase.Of(kind);
        using var whole = new TempDirectory();
        string expected = experiment.Run(whole.Path, Shard.Whole);
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        experiment.Run(first.Path, new Shard(0, 2));
        experiment.Run(second.Path, new Shard(1, 2));

        Assert.AreEqual((expected, true), experiment.Merge([second.Path, first.Path], partial: false));
        var refused = Assert.ThrowsExactly<IncompleteRunException>(() => experiment.Merge([first.Path], partial: false));
        StringAssert.Contains(refused.Message, "missing (shards given: 0/2 of 2)");
        var (partial, complete) = experiment.Merge([first.Path], partial: true);
        Assert.IsFalse(complete);
        var expectedLines = expected.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var partialLines = partial.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.IsTrue(partialLines.Length > 1 && partialLines.Length < expectedLines.Length, partial);
        CollectionAssert.IsSubsetOf(partialLines, expectedLines, "a partial report holds rows of the whole run, unchanged");
    }

    [TestMethod]
    [DynamicData(nameof(Kinds))]
    public void A_journal_of_another_run_or_of_another_format_is_refused_and_left_as_it_was(string kind)
    {
        var experiment = PipelineCase.Of(kind);
        using var folder = new TempDirectory();
        experiment.Run(folder.Path, Shard.Whole);
        string path = experiment.JournalPath(folder.Path);
        string written = File.ReadAllText(path);

        var other = Assert.ThrowsExactly<InputFileException>(() => experiment.RunAnother(folder.Path));
        StringAssert.Contains(other.Message, "another run");
        Assert.AreEqual(written, File.ReadAllText(path));

        var lines = written.Split('\n');
        var header = JsonNode.Parse(lines[0])!.AsObject();
        Assert.AreEqual(ExperimentJournal<DummyResult>.Format, (int)header["format"]!);
        StringAssert.StartsWith((string)header["written_by"]!, "NtkGen ");

        // A journal from before formats were numbered, and one of a later format.
        header.Remove("format");
        header.Remove("written_by");
        File.WriteAllText(path, string.Join("\n", [header.ToJsonString(), .. lines.Skip(1)]));
        string unnumbered = File.ReadAllText(path);
        var old = Assert.ThrowsExactly<InputFileException>(() => experiment.Run(folder.Path, Shard.Whole));
        StringAssert.Contains(old.Message, "was written in journal format 1 by an NtkGen from before formats were numbered");
        StringAssert.Contains(old.Message, $"reads journal format {ExperimentJournal<DummyResult>.Format} only");
        Assert.AreEqual(unnumbered, File.ReadAllText(path), "a refused journal is left as it was");

        header["format"] = 99;
        header["written_by"] = "NtkGen 9.9.9";
        File.WriteAllText(path, string.Join("\n", [header.ToJsonString(), .. lines.Skip(1)]));
        var newer = Assert.ThrowsExactly<InputFileException>(() => experiment.Merge([folder.Path], partial: false));
        StringAssert.Contains(newer.Message, "was written in journal format 99 by NtkGen 9.9.9");
    }

    [TestMethod]
    [DynamicData(nameof(Kinds))]
    public void A_damaged_line_inside_the_journal_is_refused_with_its_number_and_left_as_it_was(string kind)
    {
        var experiment = PipelineCase.Of(kind);
        using var folder = new TempDirectory();
        experiment.Run(folder.Path, Shard.Whole);
        string path = experiment.JournalPath(folder.Path);
        var lines = File.ReadAllLines(path);
        lines[2] = lines[2][..(lines[2].Length / 2)] + "#garbage#" + lines[2][(lines[2].Length / 2)..];
        File.WriteAllLines(path, lines);
        string damaged = File.ReadAllText(path);

        var refused = Assert.ThrowsExactly<InputFileException>(() => experiment.Run(folder.Path, Shard.Whole));
        StringAssert.Contains(refused.Message, "line 3 is not a unit result");
        Assert.AreEqual(damaged, File.ReadAllText(path));
        Assert.ThrowsExactly<InputFileException>(() => experiment.Merge([folder.Path], partial: false));
    }

    [TestMethod]
    [DynamicData(nameof(Kinds))]
    public void A_second_writer_of_a_journal_is_refused_until_the_first_is_done(string kind)
    {
        var experiment = PipelineCase.Of(kind);
        using var folder = new TempDirectory();
        using (experiment.OpenJournal(folder.Path))
        {
            var second = Assert.ThrowsExactly<InputFileException>(() => experiment.Run(folder.Path, Shard.Whole));
            StringAssert.Contains(second.Message, $"is being written by process {Environment.ProcessId} on {Environment.MachineName}");
        }
        experiment.Run(folder.Path, Shard.Whole);
        Assert.IsFalse(File.Exists(experiment.JournalPath(folder.Path) + ".lock"), "the lock goes with its run");
        Assert.IsFalse(File.Exists(experiment.JournalPath(folder.Path) + ".owner"));
    }

    private sealed record DummyResult(int Unit) : IUnitResult;
}
