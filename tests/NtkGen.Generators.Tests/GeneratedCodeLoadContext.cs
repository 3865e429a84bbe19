using System.Reflection;
using System.Runtime.Loader;

namespace NtkGen.Generators.Tests;

/// <summary>
/// A collectible context for an assembly compiled in a test. It hands out the NtkGen runtime already loaded by the
/// test, so the generated kernels derive from the same <c>StructuredNtkKernel&lt;T&gt;</c> and register in the same
/// <c>KernelRegistry</c> the test reads; everything else comes from the default context too (returning null).
/// </summary>
internal sealed class GeneratedCodeLoadContext() : AssemblyLoadContext("NtkGen generated code", isCollectible: true)
{
    private static readonly Assembly Runtime = typeof(FullyConnectedNetworkAttribute).Assembly;

    protected override Assembly? Load(AssemblyName assemblyName)
        => AssemblyName.ReferenceMatchesDefinition(assemblyName, Runtime.GetName()) ? Runtime : null;
}
