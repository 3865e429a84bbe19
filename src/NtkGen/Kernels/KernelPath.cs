namespace NtkGen.Kernels;

/// <summary>
/// Which code computes a network: a <see cref="KernelTier"/>, and for the vector tiers whether the run-time-width kernel
/// (<see cref="RuntimeWidthNtkKernel{T, TVector, TOps, TActivation, TTile}"/>) runs instead of one generated for the declared shape. Written
/// <c>v512</c>, <c>runtime-v512</c>, <c>generic</c>, … as <c>NTKGEN_KERNEL</c> takes it.
/// </summary>
/// <param name="Tier">The tier.</param>
/// <param name="RuntimeWidth">Whether the widths are read at run time although a generated kernel may exist (vector tiers only).</param>
public readonly record struct KernelPath(KernelTier Tier, bool RuntimeWidth = false)
{
    private const string RuntimePrefix = "runtime-";

    /// <summary>The short name: <c>runtime-v512</c>, <c>v512</c>, <c>generic</c>, ….</summary>
    public override string ToString() => RuntimeWidth ? RuntimePrefix + KernelTiers.ShortName(Tier) : KernelTiers.ShortName(Tier);

    /// <summary>Parses a short name (case-insensitive, surrounding spaces ignored); <see langword="false"/> for anything else.</summary>
    public static bool TryParse(string? text, out KernelPath path)
    {
        path = default;
        string name = text?.Trim() ?? "";
        bool runtime = name.StartsWith(RuntimePrefix, StringComparison.OrdinalIgnoreCase);
        if (runtime) name = name[RuntimePrefix.Length..];
        if (!KernelTiers.TryParse(name, out var tier)) return false;
        if (runtime && !KernelTiers.IsVector(tier)) return false;
        path = new KernelPath(tier, runtime);
        return true;
    }
}
