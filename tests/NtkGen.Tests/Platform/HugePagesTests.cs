using NtkGen.Kernels;

namespace NtkGen.Tests.Platform;

/// <summary>
/// Large pinned panels advised for transparent huge pages are backed by them where the system leaves the choice to
/// programs. Outside the kernels' test classes: what it checks is the host's memory, which an emulated run cannot show.
/// </summary>
[TestClass]
public sealed class HugePagesTests
{
    private const string Setting = "/sys/kernel/mm/transparent_hugepage/enabled";

    [TestMethod]
    public void An_advised_array_is_backed_by_huge_pages_and_an_unadvised_one_is_not()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists(Setting) || !File.ReadAllText(Setting).Contains("[madvise]"))
        {
            Assert.Inconclusive("transparent huge pages are not left to programs here (transparent_hugepage is not [madvise])");
            return;
        }
        const int bytes = 64 << 20;
        long before = AnonHugePagesKiB();
        var plain = GC.AllocateUninitializedArray<byte>(bytes, pinned: true);
        Touch(plain);
        long afterPlain = AnonHugePagesKiB();
        var advised = GC.AllocateUninitializedArray<byte>(bytes, pinned: true);
        HugePages.Advise(advised);
        Touch(advised);
        long afterAdvised = AnonHugePagesKiB();
        Assert.IsLessThan(2 << 10, afterPlain - before, $"without advice: {afterPlain - before} KiB of huge pages");
        Assert.IsGreaterThan(bytes / 2 >> 10, afterAdvised - afterPlain, $"advised: {afterAdvised - afterPlain} KiB of huge pages for {bytes >> 10} KiB");
        GC.KeepAlive(plain);
        GC.KeepAlive(advised);
    }

    private static void Touch(byte[] array)
    {
        for (int i = 0; i < array.Length; i += 4096) array[i] = 1;
    }

    private static long AnonHugePagesKiB()
    {
        foreach (string line in File.ReadLines("/proc/self/smaps_rollup"))
            if (line.StartsWith("AnonHugePages:", StringComparison.Ordinal)) return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        return 0;
    }
}
