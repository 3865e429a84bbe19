using System.Globalization;

namespace NtkGen.Cli;

/// <summary>Writes what an internal error needs for a bug report — command line, version, exception with its trace — to a file of its own.</summary>
internal static class CrashReport
{
    /// <summary>Writes the report and returns the sentence that names it (or says why it could not be written).</summary>
    public static string Write(string[] args, Exception exception)
    {
        string path = Path.Combine(Path.GetTempPath(), $"ntkgen-crash-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture)}-{Environment.ProcessId}.txt");
        try
        {
            File.WriteAllText(path, $"""
                ntkgen {string.Join(' ', args)}
                version {typeof(CrashReport).Assembly.GetName().Version}, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}

                {exception}

                """);
            return $"the details are in {path}; please report it";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"no report could be written ({e.Message}); please report it with the command line";
        }
    }
}
