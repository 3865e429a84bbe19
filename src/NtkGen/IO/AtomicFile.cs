namespace NtkGen.IO;

/// <summary>Result files written whole or not at all.</summary>
public static class AtomicFile
{
    /// <summary>Writes through a temporary file and a rename, so a reader never sees half a file; returns <paramref name="path"/>.</summary>
    public static string Write(string path, string content)
    {
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    /// <summary>
    /// Writes into <paramref name="folder"/> (made if missing) each of <paramref name="files"/> that is wanted, each
    /// atomically; returns the paths written.
    /// </summary>
    public static IReadOnlyList<string> WriteAll(string folder, params (string Name, bool Wanted, Func<string> Content)[] files)
    {
        Directory.CreateDirectory(folder);
        return [.. files.Where(f => f.Wanted).Select(f => Write(Path.Combine(folder, f.Name), f.Content()))];
    }
}
