using Microsoft.CodeAnalysis;
using NtkGen.Generators.Diagnostics;

namespace NtkGen.Generators.Tests;

/// <summary>
/// <see cref="NetworkDeclarationAnalyzer"/> reports exactly the expected ids for each invalid declaration, as errors
/// located in the user's file, and nothing for valid ones.
/// </summary>
[TestClass]
public sealed class AnalyzerDiagnosticTests
{
    [TestMethod]
    [DataRow(InvalidDeclarations.NotPartial, "NTK0001")]
    [DataRow(InvalidDeclarations.NestedInNonPartialClass, "NTK0002")]
    [DataRow(InvalidDeclarations.InputSizeZero, "NTK0003")]
    [DataRow(InvalidDeclarations.NegativeHiddenWidth, "NTK0004")]
    [DataRow(InvalidDeclarations.NullHiddenWidths, "NTK0004")]
    [DataRow(InvalidDeclarations.NegativeHiddenLayers, "NTK0004")]
    [DataRow(InvalidDeclarations.ZeroEqualHiddenWidth, "NTK0004")]
    [DataRow(InvalidDeclarations.OutputSizeZero, "NTK0005")]
    [DataRow(InvalidDeclarations.InputAndOutputSizeZero, "NTK0003,NTK0005")]
    [DataRow(InvalidDeclarations.SigmaW2Zero, "NTK0006")]
    [DataRow(InvalidDeclarations.SigmaW2Negative, "NTK0006")]
    [DataRow(InvalidDeclarations.SigmaW2Infinite, "NTK0006")]
    [DataRow(InvalidDeclarations.SigmaB2Negative, "NTK0007")]
    [DataRow(InvalidDeclarations.UnknownActivation, "NTK0008")]
    [DataRow(InvalidDeclarations.UnknownParametrization, "NTK0009")]
    [DataRow(InvalidDeclarations.NoElementTypes, "NTK0010")]
    [DataRow(InvalidDeclarations.UnknownElementTypes, "NTK0010")]
    [DataRow(InvalidDeclarations.GenericType, "NTK0011")]
    [DataRow(InvalidDeclarations.NestedInGenericType, "NTK0011")]
    [DataRow(InvalidDeclarations.NestedInPrivateClass, "NTK0013")]
    [DataRow(InvalidDeclarations.PrivateNestedType, "NTK0013")]
    [DataRow(InvalidDeclarations.NaNLeakySlope, "NTK0014")]
    [DataRow(InvalidDeclarations.NonPartialStructWithZeroInput, "NTK0001,NTK0003")]
    [DataRow(InvalidDeclarations.SigmaW2TooLarge, "NTK0006")]
    [DataRow(InvalidDeclarations.LeakySlopeTooLarge, "NTK0014")]
    [DataRow(InvalidDeclarations.FileLocalType, "NTK0015")]
    [DataRow(InvalidDeclarations.MemberNamedSpec, "NTK0016")]
    [DataRow(InvalidDeclarations.NestedTypeNamedLikeAKernel, "NTK0016")]
    [DataRow(InvalidDeclarations.LayerOfMaxIntWidth, "NTK0020")]
    [DataRow(InvalidDeclarations.TooManyParameters, "NTK0020")]
    public void InvalidDeclaration_IsReportedWithExactlyTheExpectedIds(string declaration, string expectedIds)
    {
        var compilation = GeneratorHarness.CreateCompilation(InvalidDeclarations.InUserFile(declaration));
        // The declaration must be valid C#: the mistake is NtkGen's business, not the compiler's.
        var compilerErrors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.IsEmpty(compilerErrors, GeneratorHarness.Describe(compilerErrors));

        var diagnostics = GeneratorHarness.RunAnalyzer(compilation);

        var actualIds = diagnostics.Select(d => d.Id).Order(StringComparer.Ordinal).ToArray();
        CollectionAssert.AreEqual(expectedIds.Split(','), actualIds, GeneratorHarness.Describe(diagnostics));
        foreach (var diagnostic in diagnostics)
        {
            Assert.AreEqual(DiagnosticSeverity.Error, diagnostic.Severity, diagnostic.ToString());
            // A diagnostic without a source location cannot be clicked to: it must point into the user's file.
            Assert.IsTrue(diagnostic.Location.IsInSource, diagnostic.ToString());
            // And it says how to fix the mistake, not only what it is.
            Assert.IsTrue(DiagnosticDocumentationTests.FixHint.IsMatch(diagnostic.GetMessage()), $"'{diagnostic.GetMessage()}' does not say how to fix it.");
        }
    }

    [TestMethod]
    public void ValidDeclarations_GetNoDiagnostics_ButTheInfoOnTheLayerTooWideToUnroll()
    {
        var compilation = GeneratorHarness.CreateCompilation(ValidDeclarations.Sources);

        var diagnostics = GeneratorHarness.RunAnalyzer(compilation);

        // Only WideNet (600 units: 75 Vector512<double> per row, over the default limit of 32) is told about its loops.
        var diagnostic = Assert.ContainsSingle(diagnostics, GeneratorHarness.Describe(diagnostics));
        Assert.AreEqual("NTK0017", diagnostic.Id);
        Assert.AreEqual(DiagnosticSeverity.Info, diagnostic.Severity);
        StringAssert.StartsWith(diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), "'WideNet' has layers of width 600");
    }

    [TestMethod]
    public void EveryReportedId_IsDeclaredSupportedByTheAnalyzer()
    {
        // A reported id missing from SupportedDiagnostics is dropped by the compiler with AD0001: keep the list complete.
        var supported = new NetworkDeclarationAnalyzer().SupportedDiagnostics.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);

        // NTK0012 ("activation not supported yet") is retired: every activation has kernels.
        var expected = Enumerable.Range(1, 19).Select(i => $"NTK{i:0000}").Where(id => id != "NTK0012");

        CollectionAssert.IsSubsetOf(expected.ToList(), supported.ToList());
    }

    [TestMethod]
    public void LeakySlope_without_leaky_ReLU_is_a_warning_and_the_network_is_still_generated()
    {
        const string declaration = """
            [FullyConnectedNetwork(2, [3], 1, Activation = Activation.Tanh, LeakySlope = 0.2)]
            public partial class Net;
            """;
        var compilation = GeneratorHarness.CreateCompilation(InvalidDeclarations.InUserFile(declaration));
        var diagnostic = GeneratorHarness.RunAnalyzer(compilation).Single();
        Assert.AreEqual("NTK0022", diagnostic.Id);
        Assert.AreEqual(DiagnosticSeverity.Warning, diagnostic.Severity);
        StringAssert.Contains(diagnostic.GetMessage(), "its activation is Tanh");
        Assert.IsTrue(GeneratorHarness.Generate(null, InvalidDeclarations.InUserFile(declaration)).Keys.Any(name => name.EndsWith(".Network.g.cs")));
    }

    [TestMethod]
    public void A_mistake_is_reported_in_a_file_that_also_has_compiler_errors()
    {
        var compilation = GeneratorHarness.CreateCompilation(InvalidDeclarations.InUserFile(InvalidDeclarations.InputSizeZero + """

            public static class Broken
            {
                public static int Value = "not a number";
            }
            """));
        Assert.IsTrue(compilation.GetDiagnostics().Any(d => d.Id == "CS0029"), "the file has a compiler error of its own");
        CollectionAssert.AreEqual(new[] { "NTK0003" }, GeneratorHarness.RunAnalyzer(compilation).Select(d => d.Id).ToArray());
    }
}
