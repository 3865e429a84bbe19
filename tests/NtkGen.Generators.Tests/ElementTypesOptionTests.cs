namespace NtkGen.Generators.Tests;

/// <summary>
/// <c>NtkGenElementTypes</c> (Float, Double, Both; default Both): the element types of declarations that do not set
/// <c>ElementTypes</c> themselves. A declaration's own <c>ElementTypes</c> wins.
/// </summary>
[TestClass]
public sealed class ElementTypesOptionTests
{
    private const string Declarations = """
        using NtkGen;

        namespace Demo;

        [FullyConnectedNetwork(6, [10], 1)]
        public partial class DefaultNet;

        [FullyConnectedNetwork(6, [11], 1, ElementTypes = ElementTypes.Both)]
        public partial class BothNet;
        """;

    [TestMethod]
    [DataRow(null, "F32,F64")]
    [DataRow("Both", "F32,F64")]
    [DataRow("Float", "F32")]
    [DataRow("float", "F32", DisplayName = "float (case-insensitive)")]
    [DataRow("Double", "F64")]
    [DataRow("Half", "F32,F64", DisplayName = "Half (invalid): Both")]
    public void TheOption_DecidesForDeclarationsThatDoNotSay(string? value, string expectedPrecisions)
    {
        var files = GeneratorHarness.Generate(TestAnalyzerConfigOptionsProvider.ForBuildProperties(elementTypes: value), Declarations);

        CollectionAssert.AreEquivalent(expectedPrecisions.Split(','), Precisions(files, "DefaultNet"));
        // The explicit ElementTypes.Both is kept whatever the project default.
        CollectionAssert.AreEquivalent(new[] { "F32", "F64" }, Precisions(files, "BothNet"));
    }

    [TestMethod]
    public void TheRegistrations_FollowTheOption()
    {
        var files = GeneratorHarness.Generate(TestAnalyzerConfigOptionsProvider.ForBuildProperties(elementTypes: "Double"), Declarations);

        string network = files["Demo.DefaultNet.Network.g.cs"];
        Assert.DoesNotContain("Register<float>", network);
        Assert.Contains("Register<double>", network);
    }

    private static List<string> Precisions(IReadOnlyDictionary<string, string> files, string typeName)
        => files.Keys
            .Where(name => name.StartsWith($"Demo.{typeName}.NtkKernel", StringComparison.Ordinal))
            .Select(name => name.Substring($"Demo.{typeName}.NtkKernel".Length, 3))
            .Distinct()
            .ToList();
}
