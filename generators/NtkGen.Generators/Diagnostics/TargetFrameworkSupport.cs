using System.Linq;
using Microsoft.CodeAnalysis;

namespace NtkGen.Generators.Diagnostics
{
    /// <summary>
    /// Whether the compilation's target framework can run generated kernels. They use <c>Vector512&lt;T&gt;</c> (new in
    /// .NET 8) and APIs of .NET 9 and 10; its absence marks a framework too old for any of them, and then the generator
    /// emits nothing rather than code that does not compile (the analyzer reports NTK0018).
    /// </summary>
    internal static class TargetFrameworkSupport
    {
        public const string Vector512MetadataName = "System.Runtime.Intrinsics.Vector512`1";

        public static bool HasVector512(Compilation compilation) => compilation.GetTypesByMetadataName(Vector512MetadataName).Any();
    }
}
