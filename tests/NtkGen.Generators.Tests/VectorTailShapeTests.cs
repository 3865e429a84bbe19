namespace NtkGen.Generators.Tests;

/// <summary>
/// The shape of the fixed-width primitives in the Vector512 kernels (STYLE.md item 11): a reduction over a width that
/// is not a multiple of the lanes ends with one masked vector, an element-wise operation with one overlapping vector,
/// a width between two vector sizes uses the narrower vector, and a width below four floats gets scalar code.
/// Whether the numbers are right is checked by <see cref="GeneratedKernelsAgreeWithReferenceTests"/>.
/// </summary>
[TestClass]
public sealed class VectorTailShapeTests
{
    // Widths 3 (< 4 floats), 37 (2 × 16 + 5), 32 (2 × 16), 12 (one Vector256 of floats + 4), and 1.
    private const string Declaration = """
        using NtkGen;

        namespace Demo;

        [FullyConnectedNetwork(3, [37, 32, 12], 1)]
        public partial class TailNet;
        """;

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Files = new(() => GeneratorHarness.Generate(null, Declaration));

    private static string Float512 => Files.Value["Demo.TailNet.NtkKernelF32Vector512.g.cs"];

    private static string Double512 => Files.Value["Demo.TailNet.NtkKernelF64Vector512.g.cs"];

    [TestMethod]
    public void FloatDotOverARemainder_EndsWithOneMaskedVector()
    {
        string dot = GeneratorHarness.MethodText(Float512, "private static float Dot37(");

        // Two full vectors, then the last 16 elements (21…36) with the 11 already counted masked out.
        Assert.Contains("LoadUnsafe(ref x, 16)", dot);
        Assert.Contains("(global::System.Runtime.Intrinsics.Vector512.LoadUnsafe(ref x, 21) & TailMask512Keep5)", dot);
        Assert.Contains(
            "TailMask512Keep5 = global::System.Runtime.Intrinsics.Vector512.AsSingle(global::System.Runtime.Intrinsics.Vector512.GreaterThanOrEqual("
            + "global::System.Runtime.Intrinsics.Vector512<int>.Indices, global::System.Runtime.Intrinsics.Vector512.Create(11)))",
            Float512);
    }

    [TestMethod]
    public void DoubleDotOverARemainder_EndsWithOneMaskedVector()
    {
        string dot = GeneratorHarness.MethodText(Double512, "private static double Dot37(");

        // Four full vectors of 8 doubles, then elements 29…36 with the 3 already counted masked out.
        Assert.Contains("(global::System.Runtime.Intrinsics.Vector512.LoadUnsafe(ref x, 29) & TailMask512Keep5)", dot);
        Assert.Contains(
            "TailMask512Keep5 = global::System.Runtime.Intrinsics.Vector512.AsDouble(global::System.Runtime.Intrinsics.Vector512.GreaterThanOrEqual("
            + "global::System.Runtime.Intrinsics.Vector512<long>.Indices, global::System.Runtime.Intrinsics.Vector512.Create(3L)))",
            Double512);
    }

    [TestMethod]
    public void DotOverWholeVectors_HasNoMask()
    {
        string dot = GeneratorHarness.MethodText(Float512, "private static float Dot32(");

        Assert.DoesNotContain("TailMask", dot);
        Assert.Contains("Vector512.LoadUnsafe(ref x, 16)", dot);
    }

    [TestMethod]
    public void DotNarrowerThanAVector512_UsesTheWidestVectorThatFits()
    {
        // 12 floats: no Vector512 (16 lanes) fits, one Vector256 (8 lanes) does, plus a masked tail of 4.
        string dot = GeneratorHarness.MethodText(Float512, "private static float Dot12(");

        Assert.DoesNotContain("Vector512", dot);
        Assert.Contains("(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref x, 4) & TailMask256Keep4)", dot);
    }

    [TestMethod]
    [DataRow("private static float Dot3(")]
    [DataRow("private static float Dot1(")]
    [DataRow("private static double Dot1(")]
    public void DotNarrowerThanAnyVector_IsScalar(string signature)
    {
        string text = signature.Contains("float", StringComparison.Ordinal) ? Float512 : Double512;

        string dot = GeneratorHarness.MethodText(text, signature);

        Assert.DoesNotContain("System.Runtime.Intrinsics", dot);
        Assert.Contains("return global::System.Runtime.CompilerServices.Unsafe.Add(ref x, 0) * global::System.Runtime.CompilerServices.Unsafe.Add(ref y, 0)", dot);
    }

    [TestMethod]
    public void ElementwiseOverARemainder_EndsWithOneOverlappingVector()
    {
        // Activations are not reductions: recomputing lanes 21…31 is harmless, so no mask, just a last vector at 21.
        string activate = GeneratorHarness.MethodText(Float512, "private static void Activate37(");

        Assert.DoesNotContain("TailMask", activate);
        Assert.Contains("var value = global::System.Runtime.Intrinsics.Vector512.LoadUnsafe(ref z, 21);", activate);
    }

    [TestMethod]
    public void MatVecOverARemainder_MasksTheInputOnce()
    {
        string matVec = GeneratorHarness.MethodText(Float512, "private static void MatVec32x37(");

        Assert.Contains("var xTail = global::System.Runtime.Intrinsics.Vector512.LoadUnsafe(ref x, 21) & TailMask512Keep5;", matVec);
    }
}
