using System.Diagnostics;
using System.Text;

namespace NtkGen.Generators.Tests;

/// <summary>
/// The generated code of a deep, wide network stays bounded: primitives are shared by equal widths, rows longer than
/// the unroll limit become loops, so a 16-layer width-256 network is a few thousand lines per kernel, not a
/// line per multiply-add. The figures are written to the test output (docs/packaging.md quotes them).
/// </summary>
[TestClass]
public sealed class GeneratedCodeSizeTests
{
    public TestContext TestContext { get; set; } = null!;

    // 256 inputs, 16 hidden layers of 256 units, one output: 17 weight layers, 1 056 257 parameters.
    private const string Declaration = """
        using NtkGen;

        namespace Demo;

        /// <summary>Deep and wide.</summary>
        [FullyConnectedNetwork(inputSize: 256, hiddenWidth: 256, hiddenLayers: 16, outputSize: 1)]
        public partial class Deep256Net;
        """;

    [TestMethod]
    public void Deep256Network_GeneratesBoundedCode()
    {
        var compilation = GeneratorHarness.CreateCompilation(Declaration);
        var stopwatch = Stopwatch.StartNew();
        var (output, result) = GeneratorHarness.RunGenerator(compilation);
        stopwatch.Stop();
        Assert.IsNull(result.Exception, $"The generator threw: {result.Exception}");

        var report = new StringBuilder("16 × 256 network (256 → 256×16 → 1), default options:\n");
        long totalBytes = 0, totalLines = 0;
        foreach (var source in result.GeneratedSources.OrderBy(s => s.HintName, StringComparer.Ordinal))
        {
            string text = source.SourceText.ToString();
            long bytes = Encoding.UTF8.GetByteCount(text);
            int lines = text.Count(c => c == '\n');
            totalBytes += bytes;
            totalLines += lines;
            report.AppendLine($"  {source.HintName,-45} {lines,6} lines {bytes,9:N0} bytes");
        }
        report.AppendLine($"  total: {result.GeneratedSources.Length} files, {totalLines} lines, {totalBytes:N0} bytes; first generation {stopwatch.ElapsedMilliseconds} ms");
        TestContext.WriteLine(report.ToString());

        Assert.HasCount(9, result.GeneratedSources);
        // Per kernel class: the layers are written out (17 of them), the primitives once per distinct width.
        Assert.IsLessThan(40_000, totalLines, report.ToString());
        Assert.IsLessThan(4_000_000L, totalBytes, report.ToString());
        var problems = GeneratorHarness.WarningsAndErrors(output);
        Assert.IsEmpty(problems, GeneratorHarness.Describe(problems));
    }
}
