using NtkGen.Cli;
using NtkGen.IO;

namespace NtkGen.Tests.Cli;

/// <summary>Whose failure it was, by exit code: the user's (1, 2: one line), or NtkGen's (70: one line and a report with the trace).</summary>
[TestClass]
public sealed class ErrorReportTests
{
    [TestMethod]
    public void A_refused_configuration_is_a_usage_error_in_the_options_terms()
    {
        var error = new StringWriter();
        int code = NtkGenCli.Report(new InvalidConfigurationException("Samples", "Samples must be at least 2 (got 1)."), ["dispersion"], error);
        Assert.AreEqual(NtkGenCli.UsageError, code);
        Assert.AreEqual("ntkgen: --samples must be at least 2 (got 1).", error.ToString().Trim());
    }

    [TestMethod]
    public void Files_and_the_machine_are_input_errors()
    {
        Assert.AreEqual(NtkGenCli.InputError, NtkGenCli.Report(new InputFileException("x.npy", "not a .npy file"), [], new StringWriter()));
        Assert.AreEqual(NtkGenCli.InputError, NtkGenCli.Report(new IOException("No space left on device"), [], new StringWriter()));
    }

    [TestMethod]
    public void Anything_else_is_a_bug_with_its_trace_in_a_named_file()
    {
        var error = new StringWriter();
        Exception bug;
        try
        {
            // A genuine exception with a stack trace, as a bug would throw.
            bug = new ArgumentException("index out of step");
            throw bug;
        }
        catch (ArgumentException e)
        {
            bug = e;
        }
        int code = NtkGenCli.Report(bug, ["dispersion", "--depths", "3"], error);
        Assert.AreEqual(NtkGenCli.InternalError, code);
        string line = error.ToString().Trim();
        Assert.IsFalse(line.Contains('\n'), "one line");
        StringAssert.StartsWith(line, "ntkgen: internal error (ArgumentException: index out of step)");
        string path = line[(line.IndexOf(" in ", StringComparison.Ordinal) + 4)..line.IndexOf("; please", StringComparison.Ordinal)];
        try
        {
            string report = File.ReadAllText(path);
            StringAssert.Contains(report, "ntkgen dispersion --depths 3");
            StringAssert.Contains(report, nameof(Anything_else_is_a_bug_with_its_trace_in_a_named_file));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
