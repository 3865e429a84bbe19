using System.Collections.Concurrent;
using System.Numerics;
using NtkGen.Reference;

namespace NtkGen.Kernels;

/// <summary>
/// Finds the kernel that computes a network: the fastest generated kernel available on this CPU for a declared
/// shape (the two widest accelerated tiers are timed once per shape, <see cref="KernelSelection"/>), the generic path for
/// any other shape. Generated code registers its kernels here from a module
/// initializer, so declaring a network is all it takes.
/// </summary>
/// <remarks>
/// Set <c>NTKGEN_KERNEL</c> to <c>v512</c>, <c>v256</c>, <c>v128</c>, <c>scalar</c>, <c>generic</c> or <c>reference</c>
/// (or <c>auto</c>) to force a path, e.g. to test or benchmark every path on one machine. A generated tier that the
/// shape was not declared with falls back to the generic path; a tier the CPU does not accelerate is refused.
/// </remarks>
public static class KernelRegistry
{
    /// <summary>The environment variable that forces a kernel tier.</summary>
    public const string OverrideVariable = "NTKGEN_KERNEL";

    private static readonly ConcurrentDictionary<(string Key, Type Element, KernelTier Tier), Delegate> s_generated = new();
    private static readonly ConcurrentDictionary<(NetworkSpec Spec, Type Element, KernelTier Tier), object> s_instances = new();

    /// <summary>Registers a generated kernel factory for every network with the kernel key of <paramref name="spec"/>.</summary>
    /// <param name="spec">The declared network.</param>
    /// <param name="tier">The vector width the kernel is written for.</param>
    /// <param name="create">Creates the kernel for a specification with the same kernel key.</param>
    public static void Register<T>(NetworkSpec spec, KernelTier tier, Func<NetworkSpec, INtkKernel<T>> create)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(create);
        if (tier is KernelTier.Reference or KernelTier.Generic)
            throw new ArgumentException("Only generated tiers are registered.", nameof(tier));
        s_generated.TryAdd((spec.KernelKey, typeof(T), tier), create);
    }

    /// <summary>Whether a generated kernel of any tier is registered for this shape and element type.</summary>
    public static bool HasGenerated<T>(NetworkSpec spec)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        foreach (var tier in KernelTiers.GeneratedWidestFirst)
            if (s_generated.ContainsKey((spec.KernelKey, typeof(T), tier))) return true;
        return false;
    }

    /// <summary>The kernel to use for <paramref name="spec"/>, honouring <c>NTKGEN_KERNEL</c>.</summary>
    public static INtkKernel<T> Resolve<T>(NetworkSpec spec)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Resolve<T>(spec, ReadOverride());

    /// <summary>
    /// The kernel of tier <paramref name="tier"/> for <paramref name="spec"/>, or the best one when
    /// <paramref name="tier"/> is <see langword="null"/>: the fastest accelerated generated tier (<see cref="KernelSelection"/>),
    /// else the generic path.
    /// </summary>
    public static INtkKernel<T> Resolve<T>(NetworkSpec spec, KernelTier? tier)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(spec);
        switch (tier)
        {
            case null:
                var candidates = new List<KernelTier>();
                foreach (var candidate in KernelTiers.GeneratedWidestFirst)
                {
                    if (KernelTiers.IsAvailable(candidate) && s_generated.ContainsKey((spec.KernelKey, typeof(T), candidate)))
                        candidates.Add(candidate);
                }
                if (candidates.Count == 0) return Instance<T>(spec, KernelTier.Generic);
                return Instance<T>(spec, KernelSelection.Select<T>(spec, candidates, t => Instance<T>(spec, t)).Tier);
            case KernelTier.Reference when typeof(T) != typeof(double):
                throw new InvalidOperationException("The reference kernel computes in double precision only.");
            case KernelTier.Reference or KernelTier.Generic:
                return Instance<T>(spec, tier.Value);
            default:
                if (!KernelTiers.IsAvailable(tier.Value))
                    throw new PlatformNotSupportedException($"This CPU does not accelerate {tier.Value}; available: {string.Join(", ", AvailableTierNames())}.");
                return s_generated.ContainsKey((spec.KernelKey, typeof(T), tier.Value))
                    ? Instance<T>(spec, tier.Value)
                    : Instance<T>(spec, KernelTier.Generic);
        }
    }

    /// <summary>
    /// Every kernel that can compute <paramref name="spec"/> on this machine: the accelerated generated tiers (widest
    /// first), the generic path, and the reference for <see cref="double"/>. Tests and benchmarks iterate over it.
    /// </summary>
    public static IReadOnlyList<INtkKernel<T>> Available<T>(NetworkSpec spec)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var kernels = new List<INtkKernel<T>>();
        foreach (var tier in KernelTiers.GeneratedWidestFirst)
        {
            if (KernelTiers.IsAvailable(tier) && s_generated.ContainsKey((spec.KernelKey, typeof(T), tier)))
                kernels.Add(Instance<T>(spec, tier));
        }
        kernels.Add(Instance<T>(spec, KernelTier.Generic));
        if (typeof(T) == typeof(double)) kernels.Add(Instance<T>(spec, KernelTier.Reference));
        return kernels;
    }

    /// <summary>The tier forced by <c>NTKGEN_KERNEL</c>, or <see langword="null"/> when unset or <c>auto</c>.</summary>
    /// <exception cref="InvalidOperationException">The variable holds an unknown name.</exception>
    public static KernelTier? ReadOverride() => ParseOverride(Environment.GetEnvironmentVariable(OverrideVariable));

    /// <summary>Parses a value of <c>NTKGEN_KERNEL</c>; see <see cref="ReadOverride"/>.</summary>
    public static KernelTier? ParseOverride(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase)) return null;
        if (KernelTiers.TryParse(value, out var tier)) return tier;
        throw new InvalidOperationException(
            $"{OverrideVariable}='{value}' is not a kernel tier; use auto, v512, v256, v128, scalar, generic or reference.");
    }

    private static IEnumerable<string> AvailableTierNames()
        => Enum.GetValues<KernelTier>().Where(KernelTiers.IsAvailable).Select(KernelTiers.ShortName);

    private static INtkKernel<T> Instance<T>(NetworkSpec spec, KernelTier tier)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => (INtkKernel<T>)s_instances.GetOrAdd((spec, typeof(T), tier), static key => Create<T>(key.Spec, key.Tier));

    private static INtkKernel<T> Create<T>(NetworkSpec spec, KernelTier tier)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => tier switch
        {
            KernelTier.Reference => (INtkKernel<T>)(object)new ReferenceKernel(spec),
            KernelTier.Generic => new GenericNtkKernel<T>(spec),
            _ => ((Func<NetworkSpec, INtkKernel<T>>)s_generated[(spec.KernelKey, typeof(T), tier)])(spec),
        };
}
