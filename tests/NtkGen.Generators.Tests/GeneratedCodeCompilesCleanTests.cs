using Microsoft.CodeAnalysis;

namespace NtkGen.Generators.Tests;

/// <summary>
/// The generated code of every valid declaration compiles without a single warning — nullable and documentation
/// diagnostics included — whatever the widest vector tier, since users build with warnings as errors.
/// </summary>
[TestClass]
public sealed class GeneratedCodeCompilesCleanTests
{
    [TestMethod]
    [DataRow(null, DisplayName = "default (512)")]
    [DataRow("256")]
    [DataRow("128")]
    [DataRow("0")]
    public void ValidDeclarations_CompileWithoutWarningsOrErrors(string? maxVectorWidth)
    {
        var input = GeneratorHarness.CreateCompilation(ValidDeclarations.Sources);
        // Without the generated members the user code itself must be clean, or the check below would say nothing.
        Assert.IsEmpty(GeneratorHarness.WarningsAndErrors(input), GeneratorHarness.Describe(GeneratorHarness.WarningsAndErrors(input)));

        var (output, result) = GeneratorHarness.RunGenerator(input, TestAnalyzerConfigOptionsProvider.ForBuildProperties(maxVectorWidth));

        Assert.IsNull(result.Exception, $"The generator threw: {result.Exception}");
        // A generator that emitted nothing would compile cleanly too: every declaration must have produced its files.
        Assert.HasCount(ValidDeclarations.NetworkCount, result.GeneratedSources.Where(s => s.HintName.EndsWith(".Network.g.cs", StringComparison.Ordinal)));
        var problems = GeneratorHarness.WarningsAndErrors(output);
        Assert.IsEmpty(problems, GeneratorHarness.Describe(problems));
    }

    [TestMethod]
    [DataRow("256", "32", "8", "Float", "false")]
    [DataRow("512", "1", "3", "Double", "false")]
    [DataRow("128", "2", "1", "Both", "true")]
    public void ValidDeclarations_CompileCleanWithEveryOption(string maxVectorWidth, string unrollLimit, string accumulators, string elementTypes, string emitScalarFallback)
    {
        // Options change which classes exist and what they contain: the registrations must still match the classes.
        var options = TestAnalyzerConfigOptionsProvider.ForBuildProperties(maxVectorWidth, unrollLimit, accumulators, elementTypes, emitScalarFallback);

        var (output, result) = GeneratorHarness.RunGenerator(GeneratorHarness.CreateCompilation(ValidDeclarations.Sources), options);

        Assert.IsNull(result.Exception, $"The generator threw: {result.Exception}");
        Assert.HasCount(ValidDeclarations.NetworkCount, result.GeneratedSources.Where(s => s.HintName.EndsWith(".Network.g.cs", StringComparison.Ordinal)));
        var problems = GeneratorHarness.WarningsAndErrors(output);
        Assert.IsEmpty(problems, GeneratorHarness.Describe(problems));
    }

    [TestMethod]
    public void ValidDeclarations_EmitToAnAssembly()
    {
        // Binding is not everything: emitting also runs the checks that only code generation does.
        var (output, _) = GeneratorHarness.RunGenerator(GeneratorHarness.CreateCompilation(ValidDeclarations.Sources));
        using var image = new MemoryStream();

        var emitted = output.Emit(image);

        Assert.IsTrue(emitted.Success, GeneratorHarness.Describe(emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
    }
}
