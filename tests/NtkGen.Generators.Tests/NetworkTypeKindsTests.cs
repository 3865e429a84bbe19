using Microsoft.CodeAnalysis;

namespace NtkGen.Generators.Tests;

/// <summary>
/// The generator adds only static members to the network type, so every kind of partial type may carry the attribute:
/// each compiles with its kernels, and the analyzer has nothing to say.
/// </summary>
[TestClass]
public sealed class NetworkTypeKindsTests
{
    [TestMethod]
    [DataRow("public static partial class Net;")]
    [DataRow("public ref partial struct Net;")]
    [DataRow("public readonly partial struct Net;")]
    [DataRow("public partial record Net;")]
    [DataRow("public abstract partial class Net;")]
    public void Every_kind_of_partial_type_compiles_with_its_kernels(string declaration)
    {
        var compilation = GeneratorHarness.CreateCompilation(InvalidDeclarations.InUserFile("[FullyConnectedNetwork(2, [3], 1)]\n" + declaration));
        var (output, result) = GeneratorHarness.RunGenerator(compilation);
        Assert.IsNull(result.Exception);
        Assert.IsTrue(result.GeneratedSources.Any(s => s.HintName.Contains("NtkKernel", StringComparison.Ordinal)), "kernels are generated");
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.IsEmpty(errors, GeneratorHarness.Describe(errors));
        Assert.IsEmpty(GeneratorHarness.RunAnalyzer(compilation));
    }
}
