using System.Buffers.Binary;
using System.Text;

namespace NtkGen.Baselines;

/// <summary>
/// Makes TorchSharp's native library load on systems whose libstdc++ is older than GCC 13 (Debian 12 has GCC 12):
/// <c>libLibTorchSharp.so</c> asks for version <c>GLIBCXX_3.4.32</c> only for <c>std::ios_base_library_init</c>, a symbol
/// GCC 13's &lt;iostream&gt; merely references (there is no relocation against it, so it is never looked up). Marking that
/// one version requirement weak (<c>VER_FLG_WEAK</c> in the ELF's <c>.gnu.version_r</c>) lets the dynamic loader accept the
/// library; nothing else in it changes. The file in this program's output folder is patched once, before TorchSharp loads it.
/// </summary>
internal static class TorchSharpNativeFix
{
    private const string Library = "libLibTorchSharp.so";
    private const string Version = "GLIBCXX_3.4.32";
    private const uint VersionNeedSection = 0x6ffffffe; // SHT_GNU_verneed
    private const ushort WeakFlag = 0x2; // VER_FLG_WEAK

    /// <summary>Patches the library next to this program if it requires <see cref="Version"/>; returns what it did, for the log.</summary>
    public static string Apply()
    {
        if (!OperatingSystem.IsLinux()) return "not Linux: nothing to patch";
        string path = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", Library);
        if (!File.Exists(path)) return $"{Library} not found next to the program: nothing to patch";
        byte[] elf = File.ReadAllBytes(path);
        int patched = Weaken(elf, Version);
        if (patched < 0) return $"{Library}: no {Version} requirement";
        if (patched == 0) return $"{Library}: {Version} already weak";
        File.WriteAllBytes(path, elf);
        return $"{Library}: {Version} requirement made weak";
    }

    /// <summary>Sets the weak flag of the version requirement <paramref name="version"/> in a 64-bit little-endian ELF image: 1 when set, 0 when it already was, −1 when there is none.</summary>
    private static int Weaken(byte[] elf, string version)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F' || elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException($"{Library} is not a 64-bit little-endian ELF file.");
        var span = elf.AsSpan();
        long sectionTable = BinaryPrimitives.ReadInt64LittleEndian(span[0x28..]);
        int sectionSize = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3a..]);
        int sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3c..]);
        for (int s = 0; s < sectionCount; s++)
        {
            var header = span.Slice((int)(sectionTable + s * sectionSize), sectionSize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) != VersionNeedSection) continue;
            long offset = BinaryPrimitives.ReadInt64LittleEndian(header[0x18..]);
            int link = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[0x28..]);
            var strings = span.Slice((int)(sectionTable + link * sectionSize), sectionSize);
            long stringOffset = BinaryPrimitives.ReadInt64LittleEndian(strings[0x18..]);
            // Verneed: vn_version, vn_cnt, vn_file, vn_aux, vn_next; Vernaux: vna_hash, vna_flags, vna_other, vna_name, vna_next.
            for (long need = offset; ;)
            {
                int count = BinaryPrimitives.ReadUInt16LittleEndian(span[(int)(need + 2)..]);
                long aux = need + BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(need + 8)..]);
                for (int a = 0; a < count; a++)
                {
                    long name = stringOffset + BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(aux + 8)..]);
                    int end = span[(int)name..].IndexOf((byte)0);
                    if (Encoding.ASCII.GetString(span.Slice((int)name, end)) == version)
                    {
                        var flags = span.Slice((int)(aux + 4), 2);
                        ushort value = BinaryPrimitives.ReadUInt16LittleEndian(flags);
                        if ((value & WeakFlag) != 0) return 0;
                        BinaryPrimitives.WriteUInt16LittleEndian(flags, (ushort)(value | WeakFlag));
                        return 1;
                    }
                    aux += BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(aux + 12)..]);
                }
                uint next = BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(need + 12)..]);
                if (next == 0) break;
                need += next;
            }
        }
        return -1;
    }
}
