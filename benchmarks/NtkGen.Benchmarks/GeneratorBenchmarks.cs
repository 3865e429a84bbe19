using System.Collections.Immutable;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NtkGen.Generators;

namespace NtkGen.Benchmarks;

/// <summary>
/// The source generator's own cost for 1, 10 and 50 declared networks (each 32 → [64+i, 128] → 1+i%3, both element
/// types, all four tiers, default options): a full run, as in a command-line build, and the rerun after an edit of an
/// unrelated file, as in the IDE after a keystroke (everything cached). Generation only: compiling the generated code
/// is the compiler's work and is not included.
/// Run with: dotnet run -c Release --project benchmarks/NtkGen.Benchmarks -- --filter '*GeneratorBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
[Config(typeof(Config))]
public class GeneratorBenchmarks
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private CSharpCompilation _compilation = null!;
    private SyntaxTree _unrelated = null!;
    private SyntaxTree _unrelatedEdited = null!;
    private GeneratorDriver _driverAfterFirstRun = null!;

    [Params(1, 10, 50)]
    public int NetworkCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var networks = new System.Text.StringBuilder("using NtkGen;\n\nnamespace Generated;\n");
        for (int i = 0; i < NetworkCount; i++)
            networks.Append(CultureInfo.InvariantCulture, $"\n[FullyConnectedNetwork(32, [{64 + i}, 128], {1 + i % 3})]\npublic partial class Net{i};\n");
        _unrelated = CSharpSyntaxTree.ParseText("namespace Generated;\n\npublic static class Unrelated { public static int Answer() => 42; }\n", ParseOptions, "Unrelated.cs");
        _unrelatedEdited = CSharpSyntaxTree.ParseText("namespace Generated;\n\npublic static class Unrelated { public static int Answer() => 43; }\n", ParseOptions, "Unrelated.cs");
        _compilation = CSharpCompilation.Create(
            "GeneratorBenchmark",
            [CSharpSyntaxTree.ParseText(networks.ToString(), ParseOptions, "Networks.cs"), _unrelated],
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        _driverAfterFirstRun = NewDriver().RunGenerators(_compilation);
        var generated = _driverAfterFirstRun.GetRunResult();
        if (generated.Results.Single().GeneratedSources.Length != NetworkCount * 9)
            throw new InvalidOperationException($"Expected {NetworkCount * 9} generated files, got {generated.Results.Single().GeneratedSources.Length}.");
    }

    /// <summary>Everything from scratch: a new driver, every network generated.</summary>
    [Benchmark(Baseline = true)]
    public GeneratorDriver FullRun() => NewDriver().RunGenerators(_compilation);

    /// <summary>After a first run, an unrelated file changes: every step and output should be cached.</summary>
    [Benchmark]
    public GeneratorDriver RerunAfterUnrelatedEdit() => _driverAfterFirstRun.RunGenerators(_compilation.ReplaceSyntaxTree(_unrelated, _unrelatedEdited));

    private static GeneratorDriver NewDriver()
        => CSharpGeneratorDriver.Create([new NetworkGenerator().AsSourceGenerator()], parseOptions: ParseOptions);

    private static ImmutableArray<MetadataReference> References()
    {
        var platform = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return platform.Append(typeof(FullyConnectedNetworkAttribute).Assembly.Location)
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .DistinctBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new PerNetworkColumn());
    }

    /// <summary>The mean time divided by <see cref="NetworkCount"/>.</summary>
    private sealed class PerNetworkColumn : IColumn
    {
        public string Id => nameof(PerNetworkColumn);

        public string ColumnName => "Per network";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Time;

        public string Legend => "Mean time divided by the number of declared networks";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var statistics = summary[benchmarkCase]?.ResultStatistics;
            if (statistics is null || benchmarkCase.Descriptor.Type != typeof(GeneratorBenchmarks)) return "-";
            int count = (int)benchmarkCase.Parameters[nameof(NetworkCount)];
            return (statistics.Mean / count / 1e6).ToString("F3", CultureInfo.InvariantCulture) + " ms";
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
