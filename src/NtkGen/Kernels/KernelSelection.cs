using System.Numerics;

namespace NtkGen.Kernels;

/// <summary>
/// Which kernel <see cref="KernelRegistry"/> hands out when none is forced, by a rule that costs nothing at run time:
/// the widest vector tier the CPU accelerates — generated code for a declared shape, the run-time-width kernel for any
/// other — because in the committed benchmark tables (benchmarks/results) the widest tier is the fastest at every shape
/// measured, generated or run-time-width. Timing the tiers on the shape itself, as an earlier rule did, cost a command more
/// than the work it chose for (a second NTK of several blocks per tier and precision). A CPU on which a narrower tier is
/// faster can have it with <c>NTKGEN_KERNEL</c>.
/// </summary>
public static class KernelSelection
{
    /// <summary>The outcome of the rule: the path, and why.</summary>
    /// <param name="Path">The chosen kernel path.</param>
    /// <param name="Reason">Why this path, in a few words, for the console and the JSON reports.</param>
    public sealed record Choice(KernelPath Path, string Reason)
    {
        /// <inheritdoc/>
        public override string ToString() => $"{Path} ({Reason})";
    }

    /// <summary>The kernel path for <paramref name="spec"/> in precision <typeparamref name="T"/> when nothing is forced.</summary>
    public static Choice For<T>(NetworkSpec spec)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(spec);
        KernelTier? widest = null;
        foreach (var tier in KernelTiers.GeneratedWidestFirst)
        {
            if (KernelTiers.IsVector(tier) && KernelTiers.IsAvailable(tier))
            {
                widest = tier;
                break;
            }
        }
        // A declaration built with NtkGenMaxVectorWidth below the CPU's widest vector keeps the width its author chose.
        foreach (var tier in KernelTiers.GeneratedWidestFirst)
        {
            if (KernelTiers.IsAvailable(tier) && KernelRegistry.IsRegistered<T>(spec, tier))
                return new Choice(new KernelPath(tier), tier == widest ? "declared shape, widest accelerated vector" : "declared shape, widest generated tier this CPU runs");
        }
        return widest is { } vector
            ? new Choice(new KernelPath(vector, RuntimeWidth: true), "shape not declared: run-time widths, widest accelerated vector")
            : new Choice(new KernelPath(KernelTier.Generic), "no accelerated vectors: the portable kernel");
    }
}
