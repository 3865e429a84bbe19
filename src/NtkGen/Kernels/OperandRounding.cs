using System.Numerics;
using System.Runtime.InteropServices;

namespace NtkGen.Kernels;

/// <summary>
/// A narrower format that every operand of a matrix product is rounded to before it is multiplied, the products still
/// accumulated in float32: what a GPU's tensor cores do to float32 matrix products by default (JAX on NVIDIA Ampere and
/// later: TF32) or a TPU's single-pass products (bfloat16). Training experiments use it to ask whether the authors'
/// hardware, not their algorithm, explains a difference (docs/training.md).
/// </summary>
public enum OperandRounding
{
    /// <summary>TensorFloat-32: float32's 8 exponent bits and 10 of its 23 mantissa bits.</summary>
    Tf32,

    /// <summary>bfloat16: float32's 8 exponent bits and 7 mantissa bits.</summary>
    BFloat16,
}

/// <summary>Rounding float32 values to an <see cref="OperandRounding"/>, to nearest with ties to even, in place.</summary>
public static class OperandRoundings
{
    /// <summary>Mantissa bits the format keeps.</summary>
    public static int MantissaBits(this OperandRounding rounding) => rounding switch
    {
        OperandRounding.Tf32 => 10,
        OperandRounding.BFloat16 => 7,
        _ => throw new ArgumentOutOfRangeException(nameof(rounding), rounding, "Not a rounding."),
    };

    /// <summary>The short name used by options and kernel names: <c>tf32</c>, <c>bf16</c>.</summary>
    public static string ShortName(this OperandRounding rounding) => rounding switch
    {
        OperandRounding.Tf32 => "tf32",
        OperandRounding.BFloat16 => "bf16",
        _ => throw new ArgumentOutOfRangeException(nameof(rounding), rounding, "Not a rounding."),
    };

    /// <summary><paramref name="value"/> rounded to the format (NaN and ±∞ unchanged; a value past its range becomes ±∞).</summary>
    public static float Round(float value, OperandRounding rounding)
    {
        int dropped = 23 - rounding.MantissaBits();
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if ((bits & ExponentMask) == ExponentMask) return value;
        uint lowest = (bits >> dropped) & 1;
        return BitConverter.UInt32BitsToSingle((bits + (1u << (dropped - 1)) - 1 + lowest) & ~((1u << dropped) - 1));
    }

    /// <summary>Rounds every value of <paramref name="values"/> to the format, as <see cref="Round(float, OperandRounding)"/>.</summary>
    public static void Round(Span<float> values, OperandRounding rounding)
    {
        int dropped = 23 - rounding.MantissaBits();
        var bits = MemoryMarshal.Cast<float, uint>(values);
        var half = new Vector<uint>((1u << (dropped - 1)) - 1);
        var keep = new Vector<uint>(~((1u << dropped) - 1));
        var exponent = new Vector<uint>(ExponentMask);
        int i = 0;
        for (; i <= bits.Length - Vector<uint>.Count; i += Vector<uint>.Count)
        {
            var v = new Vector<uint>(bits[i..]);
            var rounded = (v + half + (Vector.ShiftRightLogical(v, dropped) & Vector<uint>.One)) & keep;
            Vector.ConditionalSelect(Vector.Equals(v & exponent, exponent), v, rounded).CopyTo(bits[i..]);
        }
        for (; i < values.Length; i++) values[i] = Round(values[i], rounding);
    }

    private const uint ExponentMask = 0x7F80_0000;
}
