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
}
