namespace NtkGen.Generators.Tests;

/// <summary>
/// <c>NtkGenAccumulators</c> (1 to 8, default 4): the number of independent accumulator chains of a dot product, never
/// more than its vectors, summed pairwise at the end. Invalid values fall back to 4.
/// </summary>
[TestClass]
public sealed class AccumulatorsOptionTests
{
    // 256 floats = 16 Vector512<float>: room for eight chains.
    private const string Declaration = """
        using NtkGen;

        namespace Demo;

        [FullyConnectedNetwork(256, [40], 1, ElementTypes = ElementTypes.Float)]
        public partial class AccumulatorNet;
        """;

    [TestMethod]
    [DataRow(null, 4, "sum0 = (sum0 + sum1) + (sum2 + sum3);", DisplayName = "unset: 4")]
    [DataRow("1", 1, null)]
    [DataRow("2", 2, "sum0 += sum1;")]
    [DataRow("3", 3, "sum0 = (sum0 + sum1) + sum2;")]
    [DataRow("5", 5, "sum0 = ((sum0 + sum1) + (sum2 + sum3)) + sum4;")]
    [DataRow("8", 8, "sum0 = ((sum0 + sum1) + (sum2 + sum3)) + ((sum4 + sum5) + (sum6 + sum7));")]
    [DataRow("9", 4, "sum0 = (sum0 + sum1) + (sum2 + sum3);", DisplayName = "9 (invalid): 4")]
    public void Accumulators_SetTheChainsOfADotProduct(string? value, int expectedChains, string? expectedReduction)
    {
        var files = GeneratorHarness.Generate(TestAnalyzerConfigOptionsProvider.ForBuildProperties(accumulators: value), Declaration);

        string dot = GeneratorHarness.MethodText(files["Demo.AccumulatorNet.NtkKernelF32Vector512.g.cs"], "private static float Dot256(");

        var chains = dot.Split('\n').Count(line => line.TrimStart().StartsWith("var sum", StringComparison.Ordinal));
        Assert.AreEqual(expectedChains, chains, dot);
        if (expectedReduction is null) Assert.DoesNotContain("sum0 +", dot);
        else Assert.Contains(expectedReduction, dot);
        Assert.Contains("return global::System.Runtime.Intrinsics.Vector512.Sum(sum0);", dot);
    }

    [TestMethod]
    public void Accumulators_NeverExceedTheVectors()
    {
        // 40 floats are two Vector512<float> and a tail: eight chains asked, two used.
        var files = GeneratorHarness.Generate(TestAnalyzerConfigOptionsProvider.ForBuildProperties(accumulators: "8"), Declaration);

        string dot = GeneratorHarness.MethodText(files["Demo.AccumulatorNet.NtkKernelF32Vector512.g.cs"], "private static float Dot40(");

        Assert.AreEqual(2, dot.Split('\n').Count(line => line.TrimStart().StartsWith("var sum", StringComparison.Ordinal)), dot);
    }
}
