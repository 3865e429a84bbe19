using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.Intrinsics;
using NtkGen.Activations;
using NtkGen.Reference;

namespace NtkGen.Kernels;

/// <summary>
/// Finds the kernel that computes a network: a generated kernel for a declared shape, the run-time-width kernel on the same
/// register tiles for any other shape (<see cref="KernelSelection"/> says which tier), the portable generic kernel where
/// no vector width is accelerated. Generated code registers its kernels here from a module initializer, so declaring a
/// network is all it takes.
/// </summary>
/// <remarks>
/// Set <c>NTKGEN_KERNEL</c> to <c>v512</c>, <c>v256</c>, <c>v128</c>, <c>scalar</c>, <c>generic</c> or <c>reference</c>
/// (or <c>auto</c>) to force a path, e.g. to test or benchmark every path on one machine; <c>runtime-v512</c> (…) forces the
/// run-time-width kernel even for a declared shape. A vector tier the shape was not declared with runs the run-time-width
/// kernel of that tier, the scalar tier the generic kernel; a tier the CPU does not accelerate is refused.
/// </remarks>
public static class KernelRegistry
{
    /// <summary>The environment variable that forces a kernel tier.</summary>
    public const string OverrideVariable = "NTKGEN_KERNEL";

    private static readonly ConcurrentDictionary<(string Key, Type Element, KernelTier Tier), Delegate> s_generated = new();
    private static readonly ConcurrentDictionary<(NetworkSpec Spec, Type Element, KernelPath Path), object> s_instances = new();

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
            if (IsRegistered<T>(spec, tier)) return true;
        return false;
    }

    /// <summary>Whether a generated kernel of <paramref name="tier"/> is registered for this shape and element type.</summary>
    public static bool IsRegistered<T>(NetworkSpec spec, KernelTier tier)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(spec);
        return s_generated.ContainsKey((spec.KernelKey, typeof(T), tier));
    }

    /// <summary>The kernel to use for <paramref name="spec"/>, honouring <c>NTKGEN_KERNEL</c>.</summary>
    public static INtkKernel<T> Resolve<T>(NetworkSpec spec)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Resolve<T>(spec, ReadOverride());

    /// <summary>The kernel of tier <paramref name="tier"/> for <paramref name="spec"/>; see <see cref="Resolve{T}(NetworkSpec, KernelPath?)"/>.</summary>
    public static INtkKernel<T> Resolve<T>(NetworkSpec spec, KernelTier? tier)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Resolve<T>(spec, path: tier is { } value ? new KernelPath(value) : null);

    /// <summary>
    /// The kernel of <paramref name="path"/> for <paramref name="spec"/>, or the one <see cref="KernelSelection"/> chooses when
    /// <paramref name="path"/> is <see langword="null"/>.
    /// </summary>
    public static INtkKernel<T> Resolve<T>(NetworkSpec spec, KernelPath? path)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(spec);
        var chosen = path ?? KernelSelection.For<T>(spec).Path;
        var tier = chosen.Tier;
        switch (tier)
        {
            case KernelTier.Reference when typeof(T) != typeof(double):
                throw new InvalidConfigurationException(OverrideVariable, "The reference kernel computes in double precision only.");
            case KernelTier.Reference or KernelTier.Generic:
                return Instance<T>(spec, chosen);
        }
        if (!KernelTiers.IsAvailable(tier))
            throw new PlatformNotSupportedException($"This CPU does not accelerate {KernelTiers.ShortName(tier)}; available: {string.Join(", ", AvailableTierNames())}.");
        if (!chosen.RuntimeWidth && IsRegistered<T>(spec, tier)) return Instance<T>(spec, chosen);
        return KernelTiers.IsVector(tier)
            ? Instance<T>(spec, new KernelPath(tier, RuntimeWidth: true))
            : Instance<T>(spec, new KernelPath(KernelTier.Generic));
    }

    /// <summary>
    /// Every kernel that can compute <paramref name="spec"/> on this machine: the accelerated generated tiers (widest
    /// first), the run-time-width kernel of every accelerated vector tier, the generic path, and the reference for
    /// <see cref="double"/>. Tests and benchmarks iterate over it.
    /// </summary>
    public static IReadOnlyList<INtkKernel<T>> Available<T>(NetworkSpec spec)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var kernels = new List<INtkKernel<T>>();
        foreach (var tier in KernelTiers.GeneratedWidestFirst)
        {
            if (KernelTiers.IsAvailable(tier) && IsRegistered<T>(spec, tier)) kernels.Add(Instance<T>(spec, new KernelPath(tier)));
        }
        foreach (var tier in KernelTiers.GeneratedWidestFirst)
        {
            if (KernelTiers.IsVector(tier) && KernelTiers.IsAvailable(tier)) kernels.Add(Instance<T>(spec, new KernelPath(tier, RuntimeWidth: true)));
        }
        kernels.Add(Instance<T>(spec, new KernelPath(KernelTier.Generic)));
        if (typeof(T) == typeof(double)) kernels.Add(Instance<T>(spec, new KernelPath(KernelTier.Reference)));
        return kernels;
    }

    /// <summary>The path forced by <c>NTKGEN_KERNEL</c>, or <see langword="null"/> when unset or <c>auto</c>.</summary>
    /// <exception cref="InvalidOperationException">The variable holds an unknown name.</exception>
    public static KernelPath? ReadOverride() => ParseOverride(Environment.GetEnvironmentVariable(OverrideVariable));

    /// <summary>Parses a value of <c>NTKGEN_KERNEL</c>; see <see cref="ReadOverride"/>.</summary>
    public static KernelPath? ParseOverride(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase)) return null;
        if (KernelPath.TryParse(value, out var path)) return path;
        throw new InvalidConfigurationException(OverrideVariable,
            $"{OverrideVariable}='{value}' is not a kernel path; use auto, v512, v256, v128, scalar, generic, reference, or runtime-v512, runtime-v256, runtime-v128.");
    }

    private static IEnumerable<string> AvailableTierNames()
        => Enum.GetValues<KernelTier>().Where(KernelTiers.IsAvailable).Select(KernelTiers.ShortName);

    private static INtkKernel<T> Instance<T>(NetworkSpec spec, KernelPath path)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => (INtkKernel<T>)s_instances.GetOrAdd((spec, typeof(T), path), static key => Create<T>(key.Spec, key.Path));

    private static INtkKernel<T> Create<T>(NetworkSpec spec, KernelPath path)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => path switch
        {
            { Tier: KernelTier.Reference } => (INtkKernel<T>)(object)new ReferenceKernel(spec),
            { Tier: KernelTier.Generic } => new GenericNtkKernel<T>(spec),
            { RuntimeWidth: true, Tier: KernelTier.Vector512 } => spec.ActivationFunction.Accept(new RuntimeWidth<T, Vector512<T>, Vector512Ops<T>>(spec, KernelTier.Vector512)),
            { RuntimeWidth: true, Tier: KernelTier.Vector256 } => spec.ActivationFunction.Accept(new RuntimeWidth<T, Vector256<T>, Vector256Ops<T>>(spec, KernelTier.Vector256)),
            { RuntimeWidth: true, Tier: KernelTier.Vector128 } => spec.ActivationFunction.Accept(new RuntimeWidth<T, Vector128<T>, Vector128Ops<T>>(spec, KernelTier.Vector128)),
            _ => ((Func<NetworkSpec, INtkKernel<T>>)s_generated[(spec.KernelKey, typeof(T), path.Tier)])(spec),
        };

    /// <summary>
    /// A run-time-width kernel on this CPU's widest accelerated vectors whose batched products round their operands to
    /// <paramref name="rounding"/> (float32); built afresh, not shared with <see cref="Resolve{T}(NetworkSpec)"/>.
    /// </summary>
    /// <exception cref="PlatformNotSupportedException">The CPU accelerates no vector width.</exception>
    public static StructuredNtkKernel<float> Rounded(NetworkSpec spec, OperandRounding rounding)
    {
        ArgumentNullException.ThrowIfNull(spec);
        foreach (var tier in KernelTiers.GeneratedWidestFirst)
        {
            if (!KernelTiers.IsVector(tier) || !KernelTiers.IsAvailable(tier)) continue;
            return (StructuredNtkKernel<float>)(tier switch
            {
                KernelTier.Vector512 => spec.ActivationFunction.Accept(new RuntimeWidth<float, Vector512<float>, Vector512Ops<float>>(spec, tier, rounding)),
                KernelTier.Vector256 => spec.ActivationFunction.Accept(new RuntimeWidth<float, Vector256<float>, Vector256Ops<float>>(spec, tier, rounding)),
                _ => spec.ActivationFunction.Accept(new RuntimeWidth<float, Vector128<float>, Vector128Ops<float>>(spec, tier, rounding)),
            });
        }
        throw new PlatformNotSupportedException($"Rounding operands to {rounding.ShortName()} needs the batched cores, which need accelerated vectors; this CPU has none.");
    }

    /// <summary>Builds the run-time-width kernel for the network's activation operator.</summary>
    private sealed class RuntimeWidth<T, TVector, TOps>(NetworkSpec spec, KernelTier tier, OperandRounding? rounding = null) : IActivationVisitor<INtkKernel<T>>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVector : struct
        where TOps : struct, IVectorOps<T, TVector>
    {
        public INtkKernel<T> Visit<TActivation, TTile>()
            where TActivation : struct, IActivationOperator
            where TTile : struct, Tiles.IFusedActivation
            => new RuntimeWidthNtkKernel<T, TVector, TOps, TActivation, TTile>(spec, tier, rounding);
    }
}
