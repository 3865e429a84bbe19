using NtkGen.Engines;
using NtkGen.Random;

namespace NtkGen.Tests.Engines;

/// <summary>The conditioned matrix's block products against plain loops, at every tile edge: rows not a multiple of the tile, lengths not a multiple of the vector.</summary>
[TestClass]
public sealed class BlockProductsTests
{
    [TestMethod]
    public void Dots_are_those_of_plain_loops()
    {
        var rng = new Xoshiro256(3, 0);
        foreach (int n in (int[])[1, 7, 8, 9, 31, 64, 101])
        {
            for (int aRows = 1; aRows <= 9; aRows++)
            {
                for (int bRows = 1; bRows <= 5; bRows++)
                {
                    var a = Draw(ref rng, aRows * n);
                    var b = Draw(ref rng, bRows * n);
                    var c = new double[aRows * bRows];
                    BlockProducts.Dots(a, aRows, b, bRows, n, c);
                    for (int i = 0; i < aRows; i++)
                    {
                        for (int j = 0; j < bRows; j++)
                        {
                            double expected = 0;
                            for (int k = 0; k < n; k++) expected += a[i * n + k] * b[j * n + k];
                            Assert.AreEqual(expected, c[i * bRows + j], 1e-12 * n, $"n {n}, {aRows} × {bRows}, entry ({i}, {j})");
                        }
                    }
                }
            }
        }
    }

    [TestMethod]
    public void Combinations_are_those_of_plain_loops()
    {
        var rng = new Xoshiro256(4, 0);
        foreach (int n in (int[])[1, 7, 8, 9, 31, 64, 101])
        {
            for (int rows = 1; rows <= 9; rows++)
            {
                foreach (int inner in (int[])[1, 2, 5])
                {
                    const int stride = 6;
                    var target = Draw(ref rng, rows * n);
                    var coefficients = Draw(ref rng, rows * stride);
                    var b = Draw(ref rng, inner * n);
                    var expected = (double[])target.Clone();
                    for (int j = 0; j < rows; j++)
                        for (int k = 0; k < n; k++)
                            for (int i = 0; i < inner; i++) expected[j * n + k] -= 0.5 * coefficients[j * stride + i] * b[i * n + k];
                    BlockProducts.AddCombinations(target, rows, n, coefficients, stride, inner, b, -0.5);
                    for (int i = 0; i < target.Length; i++) Assert.AreEqual(expected[i], target[i], 1e-12, $"n {n}, {rows} rows, {inner} inner, element {i}");
                }
            }
        }
    }

    private static double[] Draw(ref Xoshiro256 rng, int count)
    {
        var x = new double[count];
        for (int i = 0; i < count; i++) x[i] = rng.NextNormal();
        return x;
    }
}
