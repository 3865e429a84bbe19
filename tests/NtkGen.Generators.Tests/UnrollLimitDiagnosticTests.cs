using System.Globalization;
using Microsoft.CodeAnalysis;

namespace NtkGen.Generators.Tests;

/// <summary>
/// NTK0017 (info): a network whose widest layer is more vectors per row than <c>NtkGenUnrollLimit</c> — in the widest
/// tier the build emits — is told that it gets loops there, with the limit that would unroll it. The generator still
/// emits its kernels: the message informs, it does not reject.
/// </summary>
[TestClass]
public sealed class UnrollLimitDiagnosticTests
{
    [TestMethod]
    // Double is the element type with fewer lanes, so it decides: 8 doubles per Vector512, 4 per Vector256.
    [DataRow(256, null, null, null, null, DisplayName = "256 wide: 32 Vector512<double>, at the limit")]
    [DataRow(264, null, null, null, "33 Vector512<double>", DisplayName = "264 wide: 33 Vector512<double>")]
    [DataRow(600, null, null, null, "75 Vector512<double>", DisplayName = "600 wide: 75 Vector512<double>")]
    [DataRow(600, "75", null, null, null, DisplayName = "600 wide, limit raised to 75")]
    [DataRow(600, null, null, "Float", "37 Vector512<float>", DisplayName = "600 wide, float only: 37 Vector512<float>")]
    [DataRow(200, null, "256", null, "50 Vector256<double>", DisplayName = "200 wide, max width 256: 50 Vector256<double>")]
    [DataRow(600, null, "0", null, null, DisplayName = "scalar only: nothing is unrolled, nothing to say")]
    [DataRow(64, "4", null, null, "8 Vector512<double>", DisplayName = "64 wide, limit 4")]
    public void WideLayers_AreReportedWithTheLimitThatWouldUnrollThem(int width, string? unrollLimit, string? maxVectorWidth, string? elementTypes, string? expectedVectors)
    {
        string source = $"using NtkGen;\n\nnamespace Demo;\n\n[FullyConnectedNetwork(4, [{width}], 1)]\npublic partial class WideNet;\n";
        var options = TestAnalyzerConfigOptionsProvider.ForBuildProperties(maxVectorWidth, unrollLimit, elementTypes: elementTypes);

        var diagnostics = GeneratorHarness.RunAnalyzer(GeneratorHarness.CreateCompilation(source), options);

        if (expectedVectors is null)
        {
            Assert.IsEmpty(diagnostics, GeneratorHarness.Describe(diagnostics));
            return;
        }
        var diagnostic = Assert.ContainsSingle(diagnostics, GeneratorHarness.Describe(diagnostics));
        Assert.AreEqual("NTK0017", diagnostic.Id);
        Assert.AreEqual(DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.IsTrue(diagnostic.Location.IsInSource, diagnostic.ToString());
        string message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        Assert.Contains($"width {width}, which is {expectedVectors} vectors per row", message);
        string vectors = expectedVectors.Split(' ')[0];
        Assert.Contains($"<NtkGenUnrollLimit>{vectors}</NtkGenUnrollLimit>", message);
    }

    [TestMethod]
    public void TheSuggestedLimit_UnrollsEverything()
    {
        // The message's advice must work: with the limit it names, the analyzer is silent and the kernel has no loop.
        const string Source = "using NtkGen;\n\nnamespace Demo;\n\n[FullyConnectedNetwork(4, [600], 1, ElementTypes = ElementTypes.Float)]\npublic partial class AdviceNet;\n";
        var compilation = GeneratorHarness.CreateCompilation(Source);
        var reported = GeneratorHarness.RunAnalyzer(compilation).Single(d => d.Id == "NTK0017").GetMessage(CultureInfo.InvariantCulture);
        string suggested = reported.Split("<NtkGenUnrollLimit>")[1].Split('<')[0];
        Assert.AreEqual("37", suggested, reported);

        var options = TestAnalyzerConfigOptionsProvider.ForBuildProperties(unrollLimit: suggested);
        Assert.IsEmpty(GeneratorHarness.RunAnalyzer(compilation, options));
        string kernel = GeneratorHarness.Generate(options, Source)["Demo.AdviceNet.NtkKernelF32Vector512.g.cs"];
        Assert.DoesNotContain("for (nuint i = 0; i <", GeneratorHarness.MethodText(kernel, "private static float Dot600("));
    }

    [TestMethod]
    public void AReportedNetwork_StillGetsItsKernels()
    {
        var files = GeneratorHarness.Generate(null, "using NtkGen;\n\nnamespace Demo;\n\n[FullyConnectedNetwork(4, [600], 1)]\npublic partial class LoopNet;\n");

        Assert.Contains("Demo.LoopNet.NtkKernelF64Vector512.g.cs", files.Keys);
    }
}
