using System.Globalization;
using Microsoft.CodeAnalysis;

namespace NtkGen.Generators.Tests;

/// <summary>
/// NTK0019: an MSBuild option the generator cannot use is a warning (once per compilation, not per network) that
/// names the property, its value, what it should be and the default used instead; usable values say nothing.
/// </summary>
[TestClass]
public sealed class OptionDiagnosticTests
{
    private const string Source = """
        using NtkGen;

        namespace Demo;

        [FullyConnectedNetwork(4, [8], 1)]
        public partial class FirstNet;

        [FullyConnectedNetwork(4, [9], 1)]
        public partial class SecondNet;
        """;

    [TestMethod]
    [DataRow("NtkGenMaxVectorWidth", "avx2", "512")]
    [DataRow("NtkGenMaxVectorWidth", "1024", "512")]
    [DataRow("NtkGenUnrollLimit", "0", "32")]
    [DataRow("NtkGenUnrollLimit", "many", "32")]
    [DataRow("NtkGenAccumulators", "9", "4")]
    [DataRow("NtkGenAccumulators", "0", "4")]
    [DataRow("NtkGenElementTypes", "Half", "Both")]
    [DataRow("NtkGenEmitScalarFallback", "yes", "true")]
    public void AnUnusableValue_IsReportedOnce(string property, string value, string defaultUsed)
    {
        var options = new TestAnalyzerConfigOptionsProvider(new Dictionary<string, string> { ["build_property." + property] = value });

        var diagnostics = GeneratorHarness.RunAnalyzer(GeneratorHarness.CreateCompilation(Source), options);

        var diagnostic = Assert.ContainsSingle(diagnostics, GeneratorHarness.Describe(diagnostics));
        Assert.AreEqual("NTK0019", diagnostic.Id);
        Assert.AreEqual(DiagnosticSeverity.Warning, diagnostic.Severity);
        string message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        Assert.Contains($"The MSBuild property {property} is '{value}'", message);
        Assert.Contains($"the generator uses {defaultUsed} instead", message);
    }

    [TestMethod]
    public void SeveralUnusableValues_AreEachReported()
    {
        var options = TestAnalyzerConfigOptionsProvider.ForBuildProperties(maxVectorWidth: "wide", unrollLimit: "-1", emitScalarFallback: "no");

        var diagnostics = GeneratorHarness.RunAnalyzer(GeneratorHarness.CreateCompilation(Source), options);

        CollectionAssert.AreEquivalent(
            new[] { "NtkGenMaxVectorWidth", "NtkGenUnrollLimit", "NtkGenEmitScalarFallback" },
            diagnostics.Select(d => d.GetMessage(CultureInfo.InvariantCulture).Split(' ')[3]).ToArray(),
            GeneratorHarness.Describe(diagnostics));
    }

    [TestMethod]
    [DataRow("NtkGenMaxVectorWidth", "scalar")]
    [DataRow("NtkGenMaxVectorWidth", " 256 ")]
    [DataRow("NtkGenMaxVectorWidth", "")]
    [DataRow("NtkGenUnrollLimit", "1")]
    [DataRow("NtkGenAccumulators", "8")]
    [DataRow("NtkGenElementTypes", "float")]
    [DataRow("NtkGenEmitScalarFallback", "False")]
    public void AUsableValue_IsNotReported(string property, string value)
    {
        var options = new TestAnalyzerConfigOptionsProvider(new Dictionary<string, string> { ["build_property." + property] = value });

        var diagnostics = GeneratorHarness.RunAnalyzer(GeneratorHarness.CreateCompilation(Source), options);

        Assert.IsEmpty(diagnostics, GeneratorHarness.Describe(diagnostics));
    }
}
