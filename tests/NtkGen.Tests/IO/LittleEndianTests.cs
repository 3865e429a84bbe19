using System.Buffers.Binary;
using NtkGen.IO;

namespace NtkGen.Tests.IO;

/// <summary>File data (float32 or float64, little-endian) into either precision, against element-by-element decoding.</summary>
[TestClass]
public sealed class LittleEndianTests
{
    private static readonly double[] Values = [0, -0.0, 1, -1.5, Math.PI, 1e-310, 3.4e38, 1e300, double.Epsilon, 0.1, 16777217];

    [TestMethod]
    [DataRow(4)]
    [DataRow(8)]
    public void Every_pair_of_stored_and_wanted_type_decodes_each_element(int elementSize)
    {
        var data = new byte[Values.Length * elementSize];
        for (int i = 0; i < Values.Length; i++)
        {
            if (elementSize == 4) BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(4 * i), (float)Values[i]);
            else BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(8 * i), Values[i]);
        }
        var doubles = new double[Values.Length];
        var floats = new float[Values.Length];
        LittleEndian.Convert<double>(data, elementSize, doubles);
        LittleEndian.Convert<float>(data, elementSize, floats);
        CollectionAssert.AreEqual(doubles, LittleEndian.ToDoubles(data, elementSize));
        for (int i = 0; i < Values.Length; i++)
        {
            double stored = elementSize == 4 ? BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(4 * i)) : BinaryPrimitives.ReadDoubleLittleEndian(data.AsSpan(8 * i));
            Assert.AreEqual(BitConverter.DoubleToInt64Bits(stored), BitConverter.DoubleToInt64Bits(doubles[i]), $"element {i} as double");
            Assert.AreEqual(BitConverter.SingleToInt32Bits((float)stored), BitConverter.SingleToInt32Bits(floats[i]), $"element {i} as float");
        }
    }

    [TestMethod]
    public void A_target_of_another_length_is_refused()
    {
        Assert.ThrowsExactly<ArgumentException>(() => LittleEndian.Convert<double>(new byte[16], 4, new double[3]));
    }
}
