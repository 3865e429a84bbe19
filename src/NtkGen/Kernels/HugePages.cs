using System.Runtime.InteropServices;

namespace NtkGen.Kernels;

/// <summary>
/// Asks Linux to back a large pinned array with transparent huge pages (<c>madvise(MADV_HUGEPAGE)</c>) before it is first
/// written. The kernels' panels are tens to hundreds of megabytes written once per call; where the system leaves huge
/// pages to the program's choice (<c>transparent_hugepage=madvise</c>, the usual default), each 4 KiB page costs a page
/// fault on first touch — about 15 µs each on a virtual machine, 0.5 s for 150 MiB — and a 2 MiB page one fault for 512.
/// A hint only: elsewhere, or when refused, nothing changes.
/// </summary>
internal static partial class HugePages
{
    private const long Size = 2L << 20;
    private const int MadviseHugePage = 14;
    private static bool s_unavailable = !OperatingSystem.IsLinux();

    /// <summary>Advises the whole 2 MiB pages inside <paramref name="array"/>, which must be pinned and not yet written.</summary>
    public static unsafe void Advise<T>(T[] array)
        where T : unmanaged
    {
        long bytes = (long)array.Length * sizeof(T);
        if (s_unavailable || bytes < 2 * Size) return;
        fixed (T* pointer = array)
        {
            long start = ((long)pointer + Size - 1) & ~(Size - 1), end = ((long)pointer + bytes) & ~(Size - 1);
            if (end <= start) return;
            try
            {
                _ = Madvise((nint)start, (nuint)(end - start), MadviseHugePage);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                s_unavailable = true;
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}
