namespace NtkGen.Generators.Tests;

/// <summary>
/// <c>NtkGenMaxVectorWidth</c> (512 | 256 | 128 | 0 or scalar) caps the generated tiers: the kernel files, the
/// registrations in the module initializer and the vector types the code uses. Anything else falls back to 512.
/// </summary>
[TestClass]
public sealed class VectorWidthOptionTests
{
    private const string AllTiers = "Vector512,Vector256,Vector128,Scalar";

    private const string Declaration = """
        using NtkGen;

        namespace Demo;

        [FullyConnectedNetwork(40, [24], 1)]
        public partial class WidthNet;
        """;

    [TestMethod]
    [DataRow(null, AllTiers, DisplayName = "unset")]
    [DataRow("", AllTiers, DisplayName = "empty")]
    [DataRow("512", AllTiers)]
    [DataRow("256", "Vector256,Vector128,Scalar")]
    [DataRow(" 256 ", "Vector256,Vector128,Scalar", DisplayName = "' 256 ' (trimmed)")]
    [DataRow("128", "Vector128,Scalar")]
    [DataRow("0", "Scalar")]
    [DataRow("scalar", "Scalar")]
    [DataRow("SCALAR", "Scalar")]
    [DataRow("1024", AllTiers, DisplayName = "1024 (invalid, falls back to 512)")]
    [DataRow("64", AllTiers, DisplayName = "64 (invalid, falls back to 512)")]
    [DataRow("-256", AllTiers, DisplayName = "-256 (invalid, falls back to 512)")]
    [DataRow("avx2", AllTiers, DisplayName = "avx2 (invalid, falls back to 512)")]
    public void MaxVectorWidth_SelectsTheKernelFiles(string? value, string expectedTiers)
    {
        var files = GeneratorHarness.Generate(TestAnalyzerConfigOptionsProvider.ForBuildProperties(maxVectorWidth: value), Declaration);

        var expected = expectedTiers.Split(',')
            .SelectMany(tier => new[] { $"Demo.WidthNet.NtkKernelF32{tier}.g.cs", $"Demo.WidthNet.NtkKernelF64{tier}.g.cs" })
            .Append("Demo.WidthNet.Network.g.cs")
            .ToList();
        CollectionAssert.AreEquivalent(expected, files.Keys.ToList());
    }

    [TestMethod]
    [DataRow(null, AllTiers)]
    [DataRow("256", "Vector256,Vector128,Scalar")]
    [DataRow("0", "Scalar")]
    public void ModuleInitializer_RegistersExactlyTheGeneratedKernels(string? value, string expectedTiers)
    {
        // A registration without its class does not compile; a class without its registration is dead code that the
        // registry never offers. Both directions are checked.
        var files = GeneratorHarness.Generate(TestAnalyzerConfigOptionsProvider.ForBuildProperties(maxVectorWidth: value), Declaration);
        string network = files["Demo.WidthNet.Network.g.cs"];

        var registrations = network.Split('\n').Where(line => line.Contains("KernelRegistry.Register<", StringComparison.Ordinal)).Select(line => line.Trim()).ToList();

        var expected = expectedTiers.Split(',')
            .SelectMany(tier => new[] { ("float", "F32", tier), ("double", "F64", tier) })
            .Select(k => $"global::NtkGen.Kernels.KernelRegistry.Register<{k.Item1}>(Spec, global::NtkGen.Kernels.KernelTier.{k.Item3}, static spec => new NtkKernel{k.Item2}{k.Item3}(spec));")
            .ToList();
        CollectionAssert.AreEquivalent(expected, registrations);
    }

    [TestMethod]
    public void MaxVectorWidth256_UsesNoVector512Anywhere()
    {
        // Capping the width must also cap the code: a 256-bit build may run where 512-bit vectors are not accelerated.
        var files = GeneratorHarness.Generate(TestAnalyzerConfigOptionsProvider.ForBuildProperties(maxVectorWidth: "256"), Declaration);

        foreach (var (hintName, text) in files)
            Assert.DoesNotContain("Vector512", text, hintName);
        Assert.Contains("global::System.Runtime.Intrinsics.Vector256", files["Demo.WidthNet.NtkKernelF32Vector256.g.cs"]);
    }

    [TestMethod]
    [DataRow("0")]
    [DataRow("scalar")]
    public void ScalarOnly_UsesNoVectorTypes(string value)
    {
        var files = GeneratorHarness.Generate(TestAnalyzerConfigOptionsProvider.ForBuildProperties(maxVectorWidth: value), Declaration);

        foreach (var (hintName, text) in files)
            Assert.DoesNotContain("System.Runtime.Intrinsics", text, hintName);
    }
}
