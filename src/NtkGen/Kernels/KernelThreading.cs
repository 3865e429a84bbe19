namespace NtkGen.Kernels;

/// <summary>
/// How many threads a kernel may use for one call on a batch (blocks of samples, rows of the NTK matrix). Results do
/// not depend on it: every block and every tile of Θ is computed the same way whichever thread runs it.
/// </summary>
public static class KernelThreading
{
    private static int s_maxThreads = Environment.ProcessorCount;

    /// <summary>The most threads one kernel call uses (default: the processor count). Must be at least 1.</summary>
    public static int MaxThreads
    {
        get => s_maxThreads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            s_maxThreads = value;
        }
    }

    /// <summary>Runs <paramref name="body"/> for <c>0 … count − 1</c>, on up to <see cref="MaxThreads"/> threads.</summary>
    internal static void For(int count, Action<int> body) => For(count, MaxThreads, body);

    /// <summary>Runs <paramref name="body"/> for <c>0 … count − 1</c>, on up to <paramref name="maxThreads"/> (and <see cref="MaxThreads"/>) threads.</summary>
    internal static void For(int count, int maxThreads, Action<int> body)
    {
        int threads = Math.Min(Math.Min(maxThreads, MaxThreads), count);
        if (threads <= 1)
        {
            for (int i = 0; i < count; i++) body(i);
            return;
        }
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads }, body);
    }
}
