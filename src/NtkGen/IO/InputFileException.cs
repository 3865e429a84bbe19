namespace NtkGen.IO;

/// <summary>A file given to NtkGen is missing or malformed. The message is one line naming the file and the problem.</summary>
public sealed class InputFileException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public InputFileException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; }

    /// <summary>Whether <paramref name="error"/> is the file system's refusal to open or read a file (missing, a folder, no permission).</summary>
    internal static bool IsFileProblem(Exception error) => error is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException;

    /// <summary>The one-line form of such a refusal for <paramref name="path"/>.</summary>
    internal static InputFileException From(string path, Exception error)
        => new(path, error switch
        {
            FileNotFoundException or DirectoryNotFoundException => "file not found",
            // The system's own words for opening a folder ("access denied", "is a directory") name the wrong problem.
            _ when Directory.Exists(path) => "is a folder, not a file",
            _ => error.Message,
        }, error);

    /// <summary>The bytes of <paramref name="path"/>, or the one-line error.</summary>
    internal static byte[] ReadAllBytes(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (IsFileProblem(e))
        {
            throw From(path, e);
        }
    }
}
