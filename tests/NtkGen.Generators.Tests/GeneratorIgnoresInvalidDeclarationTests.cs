namespace NtkGen.Generators.Tests;

/// <summary>
/// The generator stays silent on invalid input (STYLE.md item 5): no source, no exception, no diagnostic of its own —
/// the analyzer's error is the only thing the user sees, instead of a cascade of compiler errors in generated code.
/// </summary>
[TestClass]
public sealed class GeneratorIgnoresInvalidDeclarationTests
{
    [TestMethod]
    [DataRow(InvalidDeclarations.NotPartial)]
    [DataRow(InvalidDeclarations.NestedInNonPartialClass)]
    [DataRow(InvalidDeclarations.InputSizeZero)]
    [DataRow(InvalidDeclarations.NegativeHiddenWidth)]
    [DataRow(InvalidDeclarations.NullHiddenWidths)]
    [DataRow(InvalidDeclarations.NegativeHiddenLayers)]
    [DataRow(InvalidDeclarations.ZeroEqualHiddenWidth)]
    [DataRow(InvalidDeclarations.OutputSizeZero)]
    [DataRow(InvalidDeclarations.InputAndOutputSizeZero)]
    [DataRow(InvalidDeclarations.SigmaW2Zero)]
    [DataRow(InvalidDeclarations.SigmaW2Negative)]
    [DataRow(InvalidDeclarations.SigmaW2Infinite)]
    [DataRow(InvalidDeclarations.SigmaB2Negative)]
    [DataRow(InvalidDeclarations.UnknownActivation)]
    [DataRow(InvalidDeclarations.UnknownParametrization)]
    [DataRow(InvalidDeclarations.NoElementTypes)]
    [DataRow(InvalidDeclarations.UnknownElementTypes)]
    [DataRow(InvalidDeclarations.GenericType)]
    [DataRow(InvalidDeclarations.NestedInGenericType)]
    [DataRow(InvalidDeclarations.NestedInPrivateClass)]
    [DataRow(InvalidDeclarations.PrivateNestedType)]
    [DataRow(InvalidDeclarations.NaNLeakySlope)]
    [DataRow(InvalidDeclarations.NonPartialStructWithZeroInput)]
    [DataRow(InvalidDeclarations.SigmaW2TooLarge)]
    [DataRow(InvalidDeclarations.LeakySlopeTooLarge)]
    [DataRow(InvalidDeclarations.FileLocalType)]
    [DataRow(InvalidDeclarations.MemberNamedSpec)]
    [DataRow(InvalidDeclarations.NestedTypeNamedLikeAKernel)]
    [DataRow(InvalidDeclarations.LayerOfMaxIntWidth)]
    [DataRow(InvalidDeclarations.TooManyParameters)]
    public void InvalidDeclaration_ProducesNoSourceAndNoException(string declaration)
    {
        var compilation = GeneratorHarness.CreateCompilation(InvalidDeclarations.InUserFile(declaration));

        var (_, result) = GeneratorHarness.RunGenerator(compilation);

        Assert.IsNull(result.Exception, $"The generator threw: {result.Exception}");
        Assert.IsEmpty(result.GeneratedSources, string.Join(", ", result.GeneratedSources.Select(s => s.HintName)));
        Assert.IsEmpty(result.Diagnostics, GeneratorHarness.Describe(result.Diagnostics));
    }

    [TestMethod]
    public void BothTestClasses_CoverEveryInvalidDeclaration()
    {
        // The two [DataRow] lists are written out so each case is its own test; this keeps them from drifting apart.
        var declared = typeof(InvalidDeclarations).GetFields()
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.Ordinal);

        foreach (var (type, method) in new[]
        {
            (typeof(AnalyzerDiagnosticTests), nameof(AnalyzerDiagnosticTests.InvalidDeclaration_IsReportedWithExactlyTheExpectedIds)),
            (typeof(GeneratorIgnoresInvalidDeclarationTests), nameof(InvalidDeclaration_ProducesNoSourceAndNoException)),
        })
        {
            var covered = type.GetMethod(method)!
                .GetCustomAttributes(typeof(DataRowAttribute), inherit: false)
                .Cast<DataRowAttribute>()
                .Select(row => (string)row.Data[0]!)
                .ToHashSet(StringComparer.Ordinal);
            Assert.IsTrue(declared.SetEquals(covered), $"{type.Name}.{method} does not cover exactly the fields of {nameof(InvalidDeclarations)}.");
        }
    }
}
