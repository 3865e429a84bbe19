using NtkGen.Cli.Output;

namespace NtkGen.Tests.Cli;

/// <summary>The plain progress lines of long runs (files, pipes, cluster logs).</summary>
[TestClass]
public sealed class ExperimentConsoleTests
{
    [TestMethod]
    public void Durations_keep_the_hours_of_long_runs()
    {
        Assert.AreEqual("05:03", ExperimentConsole.Duration(TimeSpan.FromSeconds(303)));
        Assert.AreEqual("1:05:53", ExperimentConsole.Duration(TimeSpan.FromSeconds(3953)));
        Assert.AreEqual("27:30:00", ExperimentConsole.Duration(TimeSpan.FromHours(27.5)));
    }
}
