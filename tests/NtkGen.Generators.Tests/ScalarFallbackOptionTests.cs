namespace NtkGen.Generators.Tests;

/// <summary>
/// <c>NtkGenEmitScalarFallback</c> (default true): false drops the scalar kernels (the registry then falls back to the
/// generic kernel on a CPU without 128-bit vectors), except in a scalar-only build, which would otherwise have none.
/// </summary>
[TestClass]
public sealed class ScalarFallbackOptionTests
{
    private const string Declaration = """
        using NtkGen;

        namespace Demo;

        [FullyConnectedNetwork(12, [20], 1)]
        public partial class FallbackNet;
        """;

    [TestMethod]
    [DataRow(null, null, "Vector512,Vector256,Vector128,Scalar")]
    [DataRow("true", null, "Vector512,Vector256,Vector128,Scalar")]
    [DataRow("false", null, "Vector512,Vector256,Vector128")]
    [DataRow("false", "128", "Vector128")]
    [DataRow("false", "0", "Scalar", DisplayName = "false, scalar only: the scalar kernels stay")]
    [DataRow("maybe", null, "Vector512,Vector256,Vector128,Scalar", DisplayName = "maybe (invalid): true")]
    public void TheOption_DecidesTheScalarKernels(string? value, string? maxVectorWidth, string expectedTiers)
    {
        var files = GeneratorHarness.Generate(TestAnalyzerConfigOptionsProvider.ForBuildProperties(maxVectorWidth, emitScalarFallback: value), Declaration);

        var expectedFiles = expectedTiers.Split(',')
            .SelectMany(tier => new[] { $"Demo.FallbackNet.NtkKernelF32{tier}.g.cs", $"Demo.FallbackNet.NtkKernelF64{tier}.g.cs" })
            .Append("Demo.FallbackNet.Network.g.cs")
            .ToList();
        CollectionAssert.AreEquivalent(expectedFiles, files.Keys.ToList());
        // Registered exactly when generated.
        Assert.AreEqual(expectedTiers.Contains("Scalar"), files["Demo.FallbackNet.Network.g.cs"].Contains("KernelTier.Scalar", StringComparison.Ordinal));
    }
}
