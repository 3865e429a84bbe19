using NtkGen.Kernels;

namespace NtkGen.Tests.Kernels;

/// <summary>The (network, tier) cases of the kernel tests: every declared test network with every path the CPU runs.</summary>
internal static class KernelCases
{
    /// <summary>Every test network with every available tier except the reference, as data rows.</summary>
    public static IEnumerable<object[]> Cases<T>()
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        foreach (var (name, spec) in TestNetworks.All)
        {
            foreach (var kernel in KernelRegistry.Available<T>(spec))
            {
                if (kernel.Tier != KernelTier.Reference) yield return [name, KernelTiers.ShortName(kernel.Tier)];
            }
        }
    }

    /// <summary>The kernel of the named tier, asserting that the registry gave that tier.</summary>
    public static INtkKernel<T> Resolve<T>(NetworkSpec spec, string tierName)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        Assert.IsTrue(KernelTiers.TryParse(tierName, out var tier));
        var kernel = KernelRegistry.Resolve<T>(spec, tier);
        Assert.AreEqual(tier, kernel.Tier, $"{kernel.Name} is not the requested tier");
        return kernel;
    }
}
