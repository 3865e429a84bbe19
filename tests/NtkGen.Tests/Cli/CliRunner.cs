using NtkGen.Cli;

namespace NtkGen.Tests.Cli;

/// <summary>Runs the ntkgen command line in process and captures what it prints.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = NtkGenCli.Run(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Parses a CSV matrix printed by the tool.</summary>
    public static double[] ParseCsv(string text)
        => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SelectMany(line => line.Split(','))
            .Select(value => double.Parse(value, System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();

    public static void WriteCsv(string path, double[] values, int columns)
    {
        var writer = new StringWriter();
        NtkGen.IO.MatrixCsv.Write<double>(writer, values, values.Length / columns, columns);
        File.WriteAllText(path, writer.ToString());
    }
}
