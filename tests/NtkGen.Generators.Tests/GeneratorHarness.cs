using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using NtkGen.Generators.Diagnostics;

namespace NtkGen.Generators.Tests;

/// <summary>
/// Compiles user code the way the C# compiler does in a build: parse, reference the framework and the NtkGen runtime,
/// run <see cref="NetworkGenerator"/> through a plain <see cref="CSharpGeneratorDriver"/> or
/// <see cref="NetworkDeclarationAnalyzer"/> through <see cref="CompilationWithAnalyzers"/>, and emit the result.
/// </summary>
internal static class GeneratorHarness
{
    /// <summary>
    /// Latest language version, and doc comments diagnosed as with <c>GenerateDocumentationFile</c>, so that a bad
    /// <c>cref</c> or a missing summary in generated code shows up as a warning.
    /// </summary>
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    /// <summary>What a Release build of a library with <c>&lt;Nullable&gt;enable&lt;/Nullable&gt;</c> compiles with.</summary>
    public static readonly CSharpCompilationOptions CompilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        optimizationLevel: OptimizationLevel.Release,
        deterministic: true);

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(LoadReferences);

    /// <summary>The trusted platform assemblies of this process plus the NtkGen runtime, each once.</summary>
    public static ImmutableArray<MetadataReference> References => s_references.Value;

    /// <summary>A compilation of <paramref name="sources"/>, one syntax tree each (named <c>Source{i}.cs</c>).</summary>
    public static CSharpCompilation CreateCompilation(params string[] sources)
        => CSharpCompilation.Create(
            "NtkGenUserCode" + Guid.NewGuid().ToString("N"),
            sources.Select((source, i) => Parse(source, $"Source{i}.cs")),
            References,
            CompilationOptions);

    public static SyntaxTree Parse(string source, string path) => CSharpSyntaxTree.ParseText(source, ParseOptions, path);

    /// <summary>A driver holding only <see cref="NetworkGenerator"/>, with <paramref name="options"/> as MSBuild properties.</summary>
    public static GeneratorDriver CreateDriver(AnalyzerConfigOptionsProvider? options = null, bool trackSteps = false)
        => CSharpGeneratorDriver.Create(
            [new NetworkGenerator().AsSourceGenerator()],
            additionalTexts: null,
            parseOptions: ParseOptions,
            optionsProvider: options ?? TestAnalyzerConfigOptionsProvider.ForBuildProperties(),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator once; returns the compilation with the generated files added and the run result.</summary>
    public static (Compilation Output, GeneratorRunResult Result) RunGenerator(Compilation input, AnalyzerConfigOptionsProvider? options = null)
    {
        var driver = CreateDriver(options).RunGeneratorsAndUpdateCompilation(input, out var output, out _);
        return (output, driver.GetRunResult().Results.Single());
    }

    /// <summary>Generated files by hint name.</summary>
    public static IReadOnlyDictionary<string, string> GeneratedFiles(GeneratorRunResult result)
        => result.GeneratedSources.ToDictionary(source => source.HintName, source => source.SourceText.ToString(), StringComparer.Ordinal);

    /// <summary>Runs the generator on <paramref name="sources"/> and returns the generated files by hint name.</summary>
    public static IReadOnlyDictionary<string, string> Generate(AnalyzerConfigOptionsProvider? options, params string[] sources)
    {
        var (_, result) = RunGenerator(CreateCompilation(sources), options);
        Assert.IsNull(result.Exception, $"The generator threw: {result.Exception}");
        return GeneratedFiles(result);
    }

    /// <summary>
    /// The text of the generated method whose declaration starts with <paramref name="signatureStart"/> (e.g.
    /// <c>private static float Dot37(</c>), through its closing brace: lets a test look at one primitive only.
    /// </summary>
    public static string MethodText(string source, string signatureStart)
    {
        var lines = source.Split('\n');
        int start = Array.FindIndex(lines, line => line.TrimStart().StartsWith(signatureStart, StringComparison.Ordinal));
        Assert.IsGreaterThanOrEqualTo(0, start, $"No method '{signatureStart}' in the generated file.");
        int depth = 0;
        for (int i = start + 1; i < lines.Length; i++)
        {
            depth += lines[i].Count(c => c == '{') - lines[i].Count(c => c == '}');
            if (depth == 0) return string.Join('\n', lines[start..(i + 1)]);
        }
        Assert.Fail($"The method '{signatureStart}' is not closed.");
        return "";
    }

    /// <summary>
    /// The diagnostics <see cref="NetworkDeclarationAnalyzer"/> reports on <paramref name="compilation"/>, with
    /// <paramref name="options"/> as MSBuild properties; compilation-end diagnostics included.
    /// </summary>
    public static ImmutableArray<Diagnostic> RunAnalyzer(Compilation compilation, AnalyzerConfigOptionsProvider? options = null)
    {
        var withAnalyzers = compilation.WithAnalyzers(
            [new NetworkDeclarationAnalyzer()],
            new CompilationWithAnalyzersOptions(
                new AnalyzerOptions([], options ?? TestAnalyzerConfigOptionsProvider.ForBuildProperties()),
                onAnalyzerException: null,
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: false,
                reportSuppressedDiagnostics: false));
        return withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>Compiler diagnostics of severity Warning or Error, formatted for a failure message.</summary>
    public static IReadOnlyList<Diagnostic> WarningsAndErrors(Compilation compilation)
        => compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    public static string Describe(IEnumerable<Diagnostic> diagnostics)
        => string.Join(Environment.NewLine, diagnostics.Take(20).Select(d => d.ToString()));

    /// <summary>Emits <paramref name="compilation"/> to memory and loads it into <paramref name="context"/>.</summary>
    public static Assembly EmitAndLoad(Compilation compilation, System.Runtime.Loader.AssemblyLoadContext context)
    {
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.IsTrue(emitted.Success, "Emit failed:" + Environment.NewLine + Describe(emitted.Diagnostics));
        image.Position = 0;
        return context.LoadFromStream(image);
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var platform = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        string runtime = typeof(FullyConnectedNetworkAttribute).Assembly.Location;
        // The runtime is usually among the trusted assemblies already (it sits next to the test assembly): keep one copy.
        return platform.Append(runtime)
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .DistinctBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }
}
