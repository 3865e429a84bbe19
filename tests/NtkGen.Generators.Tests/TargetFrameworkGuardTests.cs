using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NtkGen.Generators.Tests;

/// <summary>
/// NTK0018: on a target framework without <c>Vector512&lt;T&gt;</c> (older than .NET 8, so far older than the .NET 10
/// NtkGen needs) every declaration gets one clear error and the generator emits nothing, instead of hundreds of
/// errors in generated code. The old framework is a minimal core library compiled from source.
/// </summary>
[TestClass]
public sealed class TargetFrameworkGuardTests
{
    /// <summary>Just enough of a core library (and of NtkGen's attribute) to declare a network; no System.Runtime.Intrinsics.</summary>
    private const string OldFramework = """
        namespace System
        {
            public class Object { }
            public abstract class ValueType { }
            public abstract class Enum : ValueType { }
            public struct Void { }
            public struct Boolean { }
            public struct Int32 { }
            public struct Double { }
            public sealed class String { }
            public abstract class Array { }
            public abstract class Attribute { }
            public enum AttributeTargets { Class = 4, Struct = 8 }
            public sealed class AttributeUsageAttribute : Attribute
            {
                public AttributeUsageAttribute(AttributeTargets validOn) { }
            }
        }

        namespace NtkGen
        {
            public enum Activation { ReLU, LeakyReLU, Sigmoid, Tanh, Erf, Linear, Gelu }

            [System.AttributeUsage(System.AttributeTargets.Class | System.AttributeTargets.Struct)]
            public sealed class FullyConnectedNetworkAttribute : System.Attribute
            {
                public FullyConnectedNetworkAttribute(int inputSize, int[] hiddenWidths, int outputSize) { }
            }
        }
        """;

    private const string Declarations = """
        namespace Demo
        {
            [NtkGen.FullyConnectedNetwork(2, new[] { 3 }, 1)]
            public partial class OldNet { }

            [NtkGen.FullyConnectedNetwork(4, new[] { 5, 6 }, 2)]
            public partial class OtherOldNet { }
        }
        """;

    private static CSharpCompilation OldFrameworkCompilation()
        => CSharpCompilation.Create(
            "OldFrameworkUser",
            [GeneratorHarness.Parse(OldFramework, "OldFramework.cs"), GeneratorHarness.Parse(Declarations, "User.cs")],
            references: [],
            GeneratorHarness.CompilationOptions);

    [TestMethod]
    public void EveryDeclaration_GetsOneErrorSayingWhichFrameworkToTarget()
    {
        var compilation = OldFrameworkCompilation();
        Assert.IsNull(compilation.GetTypeByMetadataName("System.Runtime.Intrinsics.Vector512`1"), "The stand-in framework must not have Vector512.");

        var diagnostics = GeneratorHarness.RunAnalyzer(compilation);

        Assert.HasCount(2, diagnostics, GeneratorHarness.Describe(diagnostics));
        foreach (var diagnostic in diagnostics)
        {
            Assert.AreEqual("NTK0018", diagnostic.Id);
            Assert.AreEqual(DiagnosticSeverity.Error, diagnostic.Severity);
            Assert.IsTrue(diagnostic.Location.IsInSource, diagnostic.ToString());
            Assert.Contains("<TargetFramework>net10.0</TargetFramework>", diagnostic.GetMessage());
        }
    }

    [TestMethod]
    public void TheGenerator_EmitsNothing()
    {
        var (_, result) = GeneratorHarness.RunGenerator(OldFrameworkCompilation());

        Assert.IsNull(result.Exception, $"The generator threw: {result.Exception}");
        Assert.IsEmpty(result.GeneratedSources, string.Join(", ", result.GeneratedSources.Select(s => s.HintName)));
    }

    [TestMethod]
    public void OnNet10_NothingIsReported()
    {
        var compilation = GeneratorHarness.CreateCompilation("using NtkGen;\n\nnamespace Demo;\n\n[FullyConnectedNetwork(2, [3], 1)]\npublic partial class ModernNet;\n");

        Assert.IsEmpty(GeneratorHarness.RunAnalyzer(compilation));
    }
}
