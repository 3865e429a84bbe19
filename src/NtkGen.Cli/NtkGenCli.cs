using System.CommandLine;
using System.CommandLine.Help;
using NtkGen.Cli.Commands;
using NtkGen.Experiments;
using NtkGen.IO;

namespace NtkGen.Cli;

/// <summary>
/// The <c>ntkgen</c> command line. Every failure the user can cause — a bad option, a missing or malformed file, a
/// network the command cannot handle — ends as one line on standard error and a non-zero exit code, never a stack trace.
/// Anything else is a bug in NtkGen: exit 70, one line, and the stack trace in a file the line names.
/// </summary>
public static class NtkGenCli
{
    /// <summary>Exit code of a run that did what was asked.</summary>
    public const int Success = 0;

    /// <summary>Exit code when a file is missing or malformed.</summary>
    public const int InputError = 1;

    /// <summary>Exit code when the command line is invalid.</summary>
    public const int UsageError = 2;

    /// <summary>Exit code of a bug in NtkGen (EX_SOFTWARE of sysexits.h): not the user's doing, reported with its trace.</summary>
    public const int InternalError = 70;

    /// <summary>Runs <c>ntkgen</c> with <paramref name="args"/>, writing to the given streams; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        // A plain Command named "ntkgen" rather than RootCommand, whose name would be the executable's (NtkGen.Cli).
        var root = new Command("ntkgen", "NtkGen: exact empirical neural tangent kernels of finite, deep fully-connected networks.")
        {
            new HelpOption(),
            new VersionOption(),
            DispersionCommand.Create(output, error),
            GdStepCommand.Create(output),
            LinearizeCommand.Create(output),
            MergeCommand.Create(output),
            LimitsCommand.Create(output),
            NtkCommand.Create(output, error),
            TrainCommand.Create(output),
            BenchCommand.Create(output),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // A word the parser did not know says more than what it then missed ("Required command was not provided").
            string message = parsed.UnmatchedTokens.Count > 0 ? $"unknown command or argument '{parsed.UnmatchedTokens[0]}'" : OneLine(parsed.Errors[0].Message);
            error.WriteLine($"ntkgen: {message} (see 'ntkgen --help')");
            return UsageError;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            return Report(e, args, error);
        }
    }

    /// <summary>One line on <paramref name="error"/> for what stopped the run, and the exit code that says whose it was.</summary>
    internal static int Report(Exception exception, string[] args, TextWriter error)
    {
        switch (exception)
        {
            case CommandLineError e:
                error.WriteLine($"ntkgen: {e.Message}");
                return UsageError;
            case InvalidConfigurationException e:
                error.WriteLine($"ntkgen: {ConfigurationOptions.InFlags(e.Message)}");
                return UsageError;
            case InputFileException e:
                error.WriteLine($"ntkgen: {e.Message}");
                return InputError;
            case IOException or UnauthorizedAccessException or PlatformNotSupportedException or OutOfMemoryException:
                // The machine, not the request: a full disk, a folder without permission, a CPU without the vectors asked for.
                error.WriteLine($"ntkgen: {OneLine(exception.Message)}");
                return InputError;
            default:
                error.WriteLine($"ntkgen: internal error ({exception.GetType().Name}: {OneLine(exception.Message)}); {CrashReport.Write(args, exception)}");
                return InternalError;
        }
    }

    private static string OneLine(string message)
        => string.Join(' ', message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
