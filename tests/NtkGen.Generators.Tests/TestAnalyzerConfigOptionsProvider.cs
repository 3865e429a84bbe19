using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace NtkGen.Generators.Tests;

/// <summary>
/// Stands in for the <c>build_property.*</c> values MSBuild hands the compiler (what <c>CompilerVisibleProperty</c>
/// produces), so a test can set the <c>NtkGen*</c> options without a project file.
/// </summary>
internal sealed class TestAnalyzerConfigOptionsProvider : AnalyzerConfigOptionsProvider
{
    private static readonly DictionaryOptions Empty = new(ImmutableDictionary<string, string>.Empty);

    public TestAnalyzerConfigOptionsProvider(IReadOnlyDictionary<string, string> globalOptions)
        => GlobalOptions = new DictionaryOptions(globalOptions.ToImmutableDictionary());

    /// <summary>Options as MSBuild would pass the <c>NtkGen*</c> properties (a null value is left out, as an unset property).</summary>
    public static TestAnalyzerConfigOptionsProvider ForBuildProperties(
        string? maxVectorWidth = null,
        string? unrollLimit = null,
        string? accumulators = null,
        string? elementTypes = null,
        string? emitScalarFallback = null)
    {
        var options = new Dictionary<string, string>();
        if (maxVectorWidth is not null) options["build_property.NtkGenMaxVectorWidth"] = maxVectorWidth;
        if (unrollLimit is not null) options["build_property.NtkGenUnrollLimit"] = unrollLimit;
        if (accumulators is not null) options["build_property.NtkGenAccumulators"] = accumulators;
        if (elementTypes is not null) options["build_property.NtkGenElementTypes"] = elementTypes;
        if (emitScalarFallback is not null) options["build_property.NtkGenEmitScalarFallback"] = emitScalarFallback;
        return new TestAnalyzerConfigOptionsProvider(options);
    }

    public override AnalyzerConfigOptions GlobalOptions { get; }

    // The generator reads global options only; per-file options stay empty.
    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Empty;

    private sealed class DictionaryOptions(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
