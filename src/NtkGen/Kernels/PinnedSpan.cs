namespace NtkGen.Kernels;

/// <summary>
/// A pinned span that worker lambdas can capture (a span cannot be captured): the per-sample paths hand the caller's
/// parameters to a parallel loop this way instead of copying them, a copy that for a deep, wide network is hundreds of
/// megabytes of fresh memory per call. Valid only inside the <c>fixed</c> block that made it, around a loop that returns
/// only when every worker has finished.
/// </summary>
internal readonly unsafe struct PinnedSpan<T>(T* pointer, int length)
    where T : unmanaged
{
    public Span<T> Span => new(pointer, length);
}
