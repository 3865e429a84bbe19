using System.Runtime.Intrinsics;

namespace NtkGen.Kernels;

/// <summary>Which implementation computes a network: the double-precision reference, the generic path, or a generated kernel of one vector width.</summary>
public enum KernelTier
{
    /// <summary>The plain-loop double-precision oracle (<see cref="Reference.ReferenceKernel"/>); any shape.</summary>
    Reference,

    /// <summary>The runtime-shaped path built on <c>TensorPrimitives</c> (<see cref="GenericNtkKernel{T}"/>); any shape.</summary>
    Generic,

    /// <summary>Generated fixed-width code without explicit vectors.</summary>
    Scalar,

    /// <summary>Code on <see cref="Vector128{T}"/> (SSE / NEON): generated for a declared shape, else the run-time-width kernel.</summary>
    Vector128,

    /// <summary>Code on <see cref="Vector256{T}"/> (AVX2): generated for a declared shape (narrower vectors where a layer is too narrow), else the run-time-width kernel.</summary>
    Vector256,

    /// <summary>Code on <see cref="Vector512{T}"/> (AVX-512): generated for a declared shape (narrower vectors where a layer is too narrow), else the run-time-width kernel.</summary>
    Vector512,
}

/// <summary>Names and hardware availability of <see cref="KernelTier"/>s.</summary>
public static class KernelTiers
{
    /// <summary>Whether kernels of <paramref name="tier"/> run accelerated on this machine (the generated vector tiers dispatch on <c>IsHardwareAccelerated</c>).</summary>
    public static bool IsAvailable(KernelTier tier) => tier switch
    {
        KernelTier.Vector512 => Vector512.IsHardwareAccelerated,
        KernelTier.Vector256 => Vector256.IsHardwareAccelerated,
        KernelTier.Vector128 => Vector128.IsHardwareAccelerated,
        _ => true,
    };

    /// <summary>The short name used by <c>NTKGEN_KERNEL</c> and in kernel names: reference, generic, scalar, v128, v256, v512.</summary>
    public static string ShortName(KernelTier tier) => tier switch
    {
        KernelTier.Reference => "reference",
        KernelTier.Generic => "generic",
        KernelTier.Scalar => "scalar",
        KernelTier.Vector128 => "v128",
        KernelTier.Vector256 => "v256",
        KernelTier.Vector512 => "v512",
        _ => throw new ArgumentOutOfRangeException(nameof(tier)),
    };

    /// <summary>Parses a short name (case-insensitive); <see langword="false"/> for anything else.</summary>
    public static bool TryParse(string? name, out KernelTier tier)
    {
        foreach (var candidate in Enum.GetValues<KernelTier>())
        {
            if (string.Equals(ShortName(candidate), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                tier = candidate;
                return true;
            }
        }
        tier = default;
        return false;
    }

    /// <summary>Whether <paramref name="tier"/> is one of the vector tiers (the ones with batched cores and run-time-width kernels).</summary>
    public static bool IsVector(KernelTier tier) => tier is KernelTier.Vector512 or KernelTier.Vector256 or KernelTier.Vector128;

    /// <summary>Generated tiers from the widest down: the order in which <see cref="KernelRegistry"/> considers them (the wider wins ties).</summary>
    public static ReadOnlySpan<KernelTier> GeneratedWidestFirst => new[] { KernelTier.Vector512, KernelTier.Vector256, KernelTier.Vector128, KernelTier.Scalar };
}
