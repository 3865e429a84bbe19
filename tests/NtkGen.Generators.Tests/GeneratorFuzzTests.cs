using Microsoft.CodeAnalysis;

namespace NtkGen.Generators.Tests;

/// <summary>
/// Thousands of random declarations (<see cref="RandomDeclarations"/>), valid and invalid, in a handful of compilations:
/// the generator never throws, every invalid declaration gets exactly the NTK diagnostics the rules give it and no
/// generated code, and every valid one is generated and compiles with no error or warning.
/// </summary>
[TestClass]
public sealed class GeneratorFuzzTests
{
    private const int Compilations = 6;
    private const int DeclarationsPerCompilation = 400;

    public TestContext TestContext { get; set; } = null!;

    public static IEnumerable<object[]> CompilationIndices => Enumerable.Range(0, Compilations).Select(i => new object[] { i });

    [TestMethod]
    [DynamicData(nameof(CompilationIndices))]
    public void Random_declarations_are_generated_or_diagnosed_and_never_crash_the_generator(int compilationIndex)
    {
        var random = new System.Random(20261202 + compilationIndex);
        var declarations = Enumerable.Range(0, DeclarationsPerCompilation)
            .Select(i => RandomDeclarations.Draw(random, compilationIndex * DeclarationsPerCompilation + i))
            .ToList();
        var compilation = GeneratorHarness.CreateCompilation([.. declarations.Select(d => d.Source)]);
        var compilerErrors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.IsEmpty(compilerErrors, "the drawn sources are valid C#: " + GeneratorHarness.Describe(compilerErrors));

        // The analyzer: each file's NTK diagnostics are the ones its declaration's rules give.
        var reported = GeneratorHarness.RunAnalyzer(compilation)
            .Where(d => d.Id.StartsWith("NTK", StringComparison.Ordinal) && d.Severity >= DiagnosticSeverity.Warning)
            .ToLookup(d => d.Location.SourceTree?.FilePath ?? "");
        var wrong = new List<string>();
        for (int i = 0; i < declarations.Count; i++)
        {
            var file = reported[$"Source{i}.cs"];
            var errors = file.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id).ToHashSet();
            var warnings = file.Where(d => d.Severity == DiagnosticSeverity.Warning).Select(d => d.Id).ToHashSet();
            if (!errors.SetEquals(declarations[i].Errors) || !warnings.SetEquals(declarations[i].Warnings))
                wrong.Add($"{declarations[i].TypeName}: expected [{string.Join(", ", declarations[i].Errors.Concat(declarations[i].Warnings))}], got [{string.Join(", ", errors.Concat(warnings))}]\n{declarations[i].Source}");
        }
        Assert.IsEmpty(wrong, $"{wrong.Count} declarations diagnosed differently:\n" + string.Join("\n", wrong.Take(5)));
        Assert.IsFalse(reported[""].Any(), "every NTK diagnostic points into a declaration's file: " + GeneratorHarness.Describe(reported[""]));

        // The generator: no exception, no NTK0021, code for each valid declaration and none for the others.
        var (output, result) = GeneratorHarness.RunGenerator(compilation);
        Assert.IsNull(result.Exception, $"the generator threw: {result.Exception}");
        Assert.IsEmpty(result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList(), GeneratorHarness.Describe(result.Diagnostics));
        var hintNames = result.GeneratedSources.Select(s => s.HintName).ToList();
        foreach (var declaration in declarations)
        {
            // Hint names start with the namespace and the type's chain (RandomDeclarations: Fuzz.N<name>).
            bool generated = hintNames.Any(h => h.StartsWith($"Fuzz.N{declaration.TypeName}.", StringComparison.Ordinal));
            Assert.AreEqual(declaration.IsValid, generated, $"{declaration.TypeName} generated: {generated}\n{declaration.Source}");
        }

        // Every valid declaration's kernels compile, and the generated files have no warning either (a build may treat
        // warnings as errors); the drawn types' own warnings (undocumented public types) are not the generator's.
        var generatedTrees = output.SyntaxTrees.Except(compilation.SyntaxTrees).ToHashSet();
        var problems = output.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error || (d.Severity == DiagnosticSeverity.Warning && d.Location.SourceTree is { } tree && generatedTrees.Contains(tree)))
            .ToList();
        Assert.IsEmpty(problems, GeneratorHarness.Describe(problems));

        int valid = declarations.Count(d => d.IsValid);
        TestContext.WriteLine($"{declarations.Count} declarations: {valid} valid and generated ({result.GeneratedSources.Length} files), "
            + $"{declarations.Count - valid} invalid with {declarations.Sum(d => d.Errors.Count)} expected errors, all reported; "
            + $"{declarations.Count(d => d.Warnings.Count > 0)} NTK0022 warnings");
    }
}
