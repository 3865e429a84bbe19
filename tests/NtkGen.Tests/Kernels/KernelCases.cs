using NtkGen.Kernels;

namespace NtkGen.Tests.Kernels;

/// <summary>The (network, path) cases of the kernel tests: every declared test network with every path the CPU runs.</summary>
internal static class KernelCases
{
    /// <summary>Every test network with every available path except the reference (generated, run-time-width, generic), as data rows.</summary>
    public static IEnumerable<object[]> Cases<T>()
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        foreach (var (name, spec) in TestNetworks.All)
        {
            foreach (var kernel in KernelRegistry.Available<T>(spec))
            {
                if (kernel.Tier != KernelTier.Reference) yield return [name, kernel.Path.ToString()];
            }
        }
    }

    /// <summary>The kernel of the named path, asserting that the registry gave that path.</summary>
    public static INtkKernel<T> Resolve<T>(NetworkSpec spec, string pathName)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        Assert.IsTrue(KernelPath.TryParse(pathName, out var path));
        var kernel = KernelRegistry.Resolve<T>(spec, path);
        Assert.AreEqual(path, kernel.Path, $"{kernel.Name} is not the requested path");
        return kernel;
    }
}
