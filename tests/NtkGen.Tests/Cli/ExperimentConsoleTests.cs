using NtkGen.Cli.Output;

namespace NtkGen.Tests.Cli;

/// <summary>The plain progress lines of long runs (files, pipes, cluster logs).</summary>
[TestClass]
public sealed class ExperimentConsoleTests
{
    /// <summary>A clock the test moves by hand.</summary>
    private sealed class ManualClock : TimeProvider
    {
        public TimeSpan Now { get; set; }
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => Now.Ticks;
    }

    [TestMethod]
    public void Plain_progress_prints_every_tenth_and_a_line_a_minute_between_them()
    {
        var clock = new ManualClock();
        var output = new StringWriter();
        var console = new ExperimentConsole(output, clock);
        console.WithProgress("train", progress =>
        {
            // 100 units of one second each: nothing between the tenths, however many reports arrive.
            for (int done = 0; done <= 20; done++)
            {
                clock.Now = TimeSpan.FromSeconds(done);
                progress.Report(new(done, 100, done, 100, null));
            }
            // Slow units, 30 s each: two minutes into the third tenth without reaching the next, a line a minute (at 80 s and
            // 140 s), each with the ETA of the mean rate so far (80 s × 78/22, 140 s × 76/24).
            for (int second = 21; second <= 140; second++)
            {
                clock.Now = TimeSpan.FromSeconds(second);
                progress.Report(new(21 + (second - 21) / 30, 100, 21 + (second - 21) / 30, 100, null));
            }
            // Stalled: no work done, no line, whatever the time.
            clock.Now = TimeSpan.FromMinutes(10);
            progress.Report(new(24, 100, 24, 100, null));
            return 0;
        });
        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        CollectionAssert.AreEqual(new[]
        {
            "train: 0 % (0/100 units, 00:00 elapsed)",
            "train: 10 % (10/100 units, 00:10 elapsed, ETA 01:30)",
            "train: 20 % (20/100 units, 00:20 elapsed, ETA 01:20)",
            "train: 22 % (22/100 units, 01:20 elapsed, ETA 04:43)",
            "train: 24 % (24/100 units, 02:20 elapsed, ETA 07:23)",
        }, lines, string.Join(" | ", lines));
    }

    [TestMethod]
    public void Durations_keep_the_hours_of_long_runs()
    {
        Assert.AreEqual("05:03", ExperimentConsole.Duration(TimeSpan.FromSeconds(303)));
        Assert.AreEqual("1:05:53", ExperimentConsole.Duration(TimeSpan.FromSeconds(3953)));
        Assert.AreEqual("27:30:00", ExperimentConsole.Duration(TimeSpan.FromHours(27.5)));
    }
}
