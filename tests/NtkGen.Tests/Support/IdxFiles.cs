using System.Buffers.Binary;
using System.IO.Compression;
using NtkGen.Data;

namespace NtkGen.Tests.Support;

/// <summary>Writes digits as standard MNIST IDX files (pixels rounded to bytes), so that tests can read them back as users' files.</summary>
internal static class IdxFiles
{
    /// <summary>Writes <c>{prefix}-images-idx3-ubyte</c> and <c>{prefix}-labels-idx1-ubyte</c> (with <c>.gz</c> when compressed) into <paramref name="folder"/>.</summary>
    public static void Write(string folder, string prefix, DigitDataset digits, bool compressed = false)
    {
        var images = new byte[16 + digits.Count * DigitDataset.Pixels];
        BinaryPrimitives.WriteInt32BigEndian(images, 0x00000803);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(4), digits.Count);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(8), 28);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(12), 28);
        for (int i = 0; i < digits.Images.Length; i++) images[16 + i] = (byte)Math.Round(digits.Images[i] * 255);
        var labels = new byte[8 + digits.Count];
        BinaryPrimitives.WriteInt32BigEndian(labels, 0x00000801);
        BinaryPrimitives.WriteInt32BigEndian(labels.AsSpan(4), digits.Count);
        for (int i = 0; i < digits.Count; i++) labels[8 + i] = (byte)digits.Labels[i];
        Save(Path.Combine(folder, prefix + "-images-idx3-ubyte"), images, compressed);
        Save(Path.Combine(folder, prefix + "-labels-idx1-ubyte"), labels, compressed);
    }

    private static void Save(string path, byte[] bytes, bool compressed)
    {
        if (!compressed)
        {
            File.WriteAllBytes(path, bytes);
            return;
        }
        using var file = File.Create(path + ".gz");
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(bytes);
    }
}
