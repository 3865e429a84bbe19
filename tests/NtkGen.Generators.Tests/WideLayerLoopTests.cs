namespace NtkGen.Generators.Tests;

/// <summary>
/// A 600-wide layer is 38 Vector512s of floats per row, more than the default unroll limit (32): its primitives loop
/// instead of emitting hundreds of lines each, which keeps generated files and compile times bounded.
/// </summary>
[TestClass]
public sealed class WideLayerLoopTests
{
    private const string Declaration = """
        using NtkGen;

        namespace Demo;

        [FullyConnectedNetwork(600, [600], 1, ElementTypes = ElementTypes.Float)]
        public partial class WideNet;
        """;

    [TestMethod]
    public void WideLayerPrimitives_AreLoops()
    {
        string kernel = GeneratorHarness.Generate(null, Declaration)["Demo.WideNet.NtkKernelF32Vector512.g.cs"];

        // 600 = 37 × 16 + 8: the row loop runs over 36 vectors in pairs, then one odd vector, then the masked tail.
        string matVec = GeneratorHarness.MethodText(kernel, "private static void MatVec600x600(");
        Assert.Contains("for (nuint j = 0; j < 576; j += 32)", matVec);
        Assert.Contains("TailMask512Keep8", matVec);

        string dot = GeneratorHarness.MethodText(kernel, "private static float Dot600(");
        Assert.Contains("for (nuint i = 0; i < 576; i += 64)", dot);

        string activate = GeneratorHarness.MethodText(kernel, "private static void Activate600(");
        Assert.Contains("for (nuint i = 0; i < 592; i += 16)", activate);
    }
}
