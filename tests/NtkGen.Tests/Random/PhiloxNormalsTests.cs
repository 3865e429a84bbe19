using NtkGen.Random;

namespace NtkGen.Tests.Random;

/// <summary>
/// The vectorized normals of the Monte Carlo engines: the AVX-512 path (polynomial log and sin/cos) gives the scalar
/// reference's numbers to float precision, any range of the stream can be drawn straight into the parameters, and the
/// numbers are standard normal.
/// </summary>
[TestClass]
public sealed class PhiloxNormalsTests
{
    [TestMethod]
    public void Vector_path_gives_the_scalar_numbers_to_float_precision()
    {
        if (!PhiloxNormals.IsVectorized) Assert.Inconclusive("No AVX-512 here: Fill is the scalar path itself.");
        const int chunks = 4096;
        var vector = new float[chunks * PhiloxNormals.ChunkLength];
        PhiloxNormals.Fill(vector, seed: 0x243F6A8885A308D3, stream: 12345);
        var scalar = new float[PhiloxNormals.ChunkLength];
        double worst = 0;
        for (int c = 0; c < chunks; c++)
        {
            PhiloxNormals.ChunkScalar(scalar, 0x243F6A8885A308D3, 12345, (ulong)c);
            for (int i = 0; i < scalar.Length; i++)
            {
                // The scalar path rounds the angle 2πv to float (up to 4.8e-7), the vector path reduces it exactly.
                double difference = Math.Abs(vector[c * PhiloxNormals.ChunkLength + i] - scalar[i]);
                worst = Math.Max(worst, difference / Math.Max(1, Math.Abs(scalar[i])));
            }
        }
        Assert.IsLessThan(4e-6, worst, $"largest difference {worst:G3}");
    }

    [TestMethod]
    [DataRow(0L, 1000)]
    [DataRow(37L, 27)]
    [DataRow(64L, 128)]
    [DataRow(1000L, 4099)]
    [DataRow(5L, 3)]
    public void Any_range_scaled_equals_the_stream_times_the_factor(long start, int length)
    {
        var stream = new float[start + length + 64];
        PhiloxNormals.Fill(stream, seed: 9, stream: 77);
        var floats = new float[length];
        PhiloxNormals.FillScaled(floats, 9, 77, start, 0.125f);
        var doubles = new double[length];
        PhiloxNormals.FillScaled(doubles, 9, 77, start, 0.3f);
        for (int i = 0; i < length; i++)
        {
            Assert.AreEqual(stream[start + i] * 0.125f, floats[i], $"float {start + i}");
            Assert.AreEqual((double)(stream[start + i] * 0.3f), doubles[i], $"double {start + i}");
        }
    }

    [TestMethod]
    public void Chunks_are_addressed_directly()
    {
        var whole = new float[10 * PhiloxNormals.ChunkLength];
        PhiloxNormals.Fill(whole, seed: 3, stream: 4);
        var tail = new float[3 * PhiloxNormals.ChunkLength + 5];
        PhiloxNormals.Fill(tail, seed: 3, stream: 4, firstChunk: 6);
        CollectionAssert.AreEqual(whole.AsSpan(6 * PhiloxNormals.ChunkLength, tail.Length).ToArray(), tail);
    }

    [TestMethod]
    public void Numbers_are_standard_normal()
    {
        // 2^20 numbers: mean, variance and fourth moment within 5 standard errors of N(0, 1)'s, and the two tails.
        var values = new float[1 << 20];
        PhiloxNormals.Fill(values, seed: 2024, stream: 1);
        double n = values.Length, m1 = 0, m2 = 0, m4 = 0, beyond2 = 0;
        foreach (float v in values)
        {
            double x = v, x2 = x * x;
            m1 += x;
            m2 += x2;
            m4 += x2 * x2;
            if (Math.Abs(x) > 2) beyond2++;
        }
        m1 /= n;
        m2 /= n;
        m4 /= n;
        Assert.IsLessThan(5 / Math.Sqrt(n), Math.Abs(m1), $"mean {m1}");
        Assert.IsLessThan(5 * Math.Sqrt(2 / n), Math.Abs(m2 - 1), $"variance {m2}");
        Assert.IsLessThan(5 * Math.Sqrt(96 / n), Math.Abs(m4 - 3), $"fourth moment {m4}");
        // P(|Z| > 2) = 0.0455003.
        double p = 0.0455003;
        Assert.IsLessThan(5 * Math.Sqrt(p * (1 - p) / n), Math.Abs(beyond2 / n - p), $"P(|Z| > 2) = {beyond2 / n}");
    }
}
