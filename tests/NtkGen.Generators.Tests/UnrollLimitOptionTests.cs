namespace NtkGen.Generators.Tests;

/// <summary>
/// <c>NtkGenUnrollLimit</c>: rows of up to that many vectors are unrolled, longer ones get a loop. A value that is not
/// a positive integer falls back to the default (32).
/// </summary>
[TestClass]
public sealed class UnrollLimitOptionTests
{
    // 64 floats = four Vector512<float>: Dot64 has four full vectors and four accumulators.
    private const string Declaration = """
        using NtkGen;

        namespace Demo;

        [FullyConnectedNetwork(64, [64], 1, ElementTypes = ElementTypes.Float)]
        public partial class UnrollNet;
        """;

    [TestMethod]
    [DataRow(null, false, DisplayName = "unset (32): unrolled")]
    [DataRow("4", false, DisplayName = "4 = vector count: unrolled")]
    [DataRow("3", true, DisplayName = "3 < vector count: loop")]
    [DataRow("1", true, DisplayName = "1: loop")]
    [DataRow("0", false, DisplayName = "0 (invalid): default, unrolled")]
    [DataRow("-2", false, DisplayName = "-2 (invalid): default, unrolled")]
    [DataRow("many", false, DisplayName = "many (invalid): default, unrolled")]
    public void UnrollLimit_DecidesBetweenUnrolledCodeAndALoop(string? value, bool expectLoop)
    {
        var files = GeneratorHarness.Generate(TestAnalyzerConfigOptionsProvider.ForBuildProperties(unrollLimit: value), Declaration);

        string dot = GeneratorHarness.MethodText(files["Demo.UnrollNet.NtkKernelF32Vector512.g.cs"], "private static float Dot64(");

        Assert.AreEqual(expectLoop, dot.Contains("for (nuint i = 0; i < 64; i += 64)", StringComparison.Ordinal), dot);
        // Unrolled or not, all four vectors are read: the last one starts at element 48.
        Assert.AreEqual(expectLoop, !dot.Contains("LoadUnsafe(ref x, 48)", StringComparison.Ordinal), dot);
    }
}
