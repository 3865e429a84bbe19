using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NtkGen.Kernels;

namespace NtkGen.Engines;

/// <summary>
/// The small matrix products of <see cref="ConditionedGaussianMatrix"/>'s block products, on register tiles: the
/// coefficients of a block of vectors along a basis (<c>C = A Bᵀ</c>, rows of length n), and combinations of basis rows
/// added to a block (<c>T ± C B</c>). The blocks have tens of rows of a few thousand numbers, so every operand stays in
/// cache and a tile's loads are shared by several multiply-adds: a tile of 4 × 2 rows makes 8 multiply-adds of 6 loads,
/// where a vector pass makes 1 of 2. Written once against <see cref="IVectorOps{T, TVector}"/>, compiled for the widest
/// vector this CPU has.
/// </summary>
internal static class BlockProducts
{
    /// <summary><c>c = a bᵀ</c>: <paramref name="c"/> (<paramref name="aRows"/> × <paramref name="bRows"/>) of the dot products of the rows of <paramref name="a"/> and <paramref name="b"/>, each <paramref name="n"/> long.</summary>
    public static void Dots(ReadOnlySpan<double> a, int aRows, ReadOnlySpan<double> b, int bRows, int n, Span<double> c)
    {
        if (a.Length < aRows * n || b.Length < bRows * n || c.Length < aRows * bRows) throw new ArgumentException("The blocks are shorter than their shapes.");
        if (aRows == 0 || bRows == 0) return;
        ref double ra = ref MemoryMarshal.GetReference(a);
        ref double rb = ref MemoryMarshal.GetReference(b);
        ref double rc = ref MemoryMarshal.GetReference(c);
        if (Vector512.IsHardwareAccelerated) Dots<Vector512<double>, Vector512Ops<double>>(ref ra, aRows, ref rb, bRows, n, ref rc);
        else if (Vector256.IsHardwareAccelerated) Dots<Vector256<double>, Vector256Ops<double>>(ref ra, aRows, ref rb, bRows, n, ref rc);
        else Dots<Vector128<double>, Vector128Ops<double>>(ref ra, aRows, ref rb, bRows, n, ref rc);
    }

    /// <summary>
    /// <c>target += sign · C B</c>: row j of <paramref name="target"/> (<paramref name="rows"/> rows of <paramref name="n"/>)
    /// gains <c>sign Σ_i C[j, i] b_i</c> over the <paramref name="inner"/> rows of <paramref name="b"/>; row j of C starts at
    /// <c>j · <paramref name="stride"/></c> of <paramref name="coefficients"/>.
    /// </summary>
    public static void AddCombinations(Span<double> target, int rows, int n, ReadOnlySpan<double> coefficients, int stride, int inner, ReadOnlySpan<double> b, double sign)
    {
        if (target.Length < rows * n || b.Length < inner * n || (rows > 0 && inner > 0 && coefficients.Length < (rows - 1) * stride + inner))
            throw new ArgumentException("The blocks are shorter than their shapes.");
        if (rows == 0 || inner == 0) return;
        ref double rt = ref MemoryMarshal.GetReference(target);
        ref double rc = ref MemoryMarshal.GetReference(coefficients);
        ref double rb = ref MemoryMarshal.GetReference(b);
        if (Vector512.IsHardwareAccelerated) AddCombinations<Vector512<double>, Vector512Ops<double>>(ref rt, rows, n, ref rc, stride, inner, ref rb, sign);
        else if (Vector256.IsHardwareAccelerated) AddCombinations<Vector256<double>, Vector256Ops<double>>(ref rt, rows, n, ref rc, stride, inner, ref rb, sign);
        else AddCombinations<Vector128<double>, Vector128Ops<double>>(ref rt, rows, n, ref rc, stride, inner, ref rb, sign);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dots<TVector, TOps>(ref double a, int aRows, ref double b, int bRows, int n, ref double c)
        where TVector : struct
        where TOps : struct, IVectorOps<double, TVector>
    {
        int lanes = TOps.Lanes, vectorEnd = n - n % lanes;
        int i = 0;
        for (; i + 4 <= aRows; i += 4)
        {
            ref double a0 = ref Unsafe.Add(ref a, i * n);
            ref double a1 = ref Unsafe.Add(ref a0, n);
            ref double a2 = ref Unsafe.Add(ref a1, n);
            ref double a3 = ref Unsafe.Add(ref a2, n);
            int j = 0;
            for (; j + 2 <= bRows; j += 2)
            {
                ref double b0 = ref Unsafe.Add(ref b, j * n);
                ref double b1 = ref Unsafe.Add(ref b0, n);
                TVector s00 = TOps.Zero, s01 = TOps.Zero, s10 = TOps.Zero, s11 = TOps.Zero;
                TVector s20 = TOps.Zero, s21 = TOps.Zero, s30 = TOps.Zero, s31 = TOps.Zero;
                for (int k = 0; k < vectorEnd; k += lanes)
                {
                    TVector v0 = TOps.Load(ref Unsafe.Add(ref b0, k)), v1 = TOps.Load(ref Unsafe.Add(ref b1, k));
                    TVector u = TOps.Load(ref Unsafe.Add(ref a0, k));
                    s00 = TOps.MultiplyAdd(u, v0, s00);
                    s01 = TOps.MultiplyAdd(u, v1, s01);
                    u = TOps.Load(ref Unsafe.Add(ref a1, k));
                    s10 = TOps.MultiplyAdd(u, v0, s10);
                    s11 = TOps.MultiplyAdd(u, v1, s11);
                    u = TOps.Load(ref Unsafe.Add(ref a2, k));
                    s20 = TOps.MultiplyAdd(u, v0, s20);
                    s21 = TOps.MultiplyAdd(u, v1, s21);
                    u = TOps.Load(ref Unsafe.Add(ref a3, k));
                    s30 = TOps.MultiplyAdd(u, v0, s30);
                    s31 = TOps.MultiplyAdd(u, v1, s31);
                }
                ref double row = ref Unsafe.Add(ref c, i * bRows + j);
                row = TOps.Sum(s00) + Tail(ref a0, ref b0, vectorEnd, n);
                Unsafe.Add(ref row, 1) = TOps.Sum(s01) + Tail(ref a0, ref b1, vectorEnd, n);
                Unsafe.Add(ref row, bRows) = TOps.Sum(s10) + Tail(ref a1, ref b0, vectorEnd, n);
                Unsafe.Add(ref row, bRows + 1) = TOps.Sum(s11) + Tail(ref a1, ref b1, vectorEnd, n);
                Unsafe.Add(ref row, 2 * bRows) = TOps.Sum(s20) + Tail(ref a2, ref b0, vectorEnd, n);
                Unsafe.Add(ref row, 2 * bRows + 1) = TOps.Sum(s21) + Tail(ref a2, ref b1, vectorEnd, n);
                Unsafe.Add(ref row, 3 * bRows) = TOps.Sum(s30) + Tail(ref a3, ref b0, vectorEnd, n);
                Unsafe.Add(ref row, 3 * bRows + 1) = TOps.Sum(s31) + Tail(ref a3, ref b1, vectorEnd, n);
            }
            for (; j < bRows; j++)
                for (int r = 0; r < 4; r++) Unsafe.Add(ref c, (i + r) * bRows + j) = Dot<TVector, TOps>(ref Unsafe.Add(ref a, (i + r) * n), ref Unsafe.Add(ref b, j * n), vectorEnd, n);
        }
        for (; i < aRows; i++)
            for (int j = 0; j < bRows; j++) Unsafe.Add(ref c, i * bRows + j) = Dot<TVector, TOps>(ref Unsafe.Add(ref a, i * n), ref Unsafe.Add(ref b, j * n), vectorEnd, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddCombinations<TVector, TOps>(ref double target, int rows, int n, ref double coefficients, int stride, int inner, ref double b, double sign)
        where TVector : struct
        where TOps : struct, IVectorOps<double, TVector>
    {
        int lanes = TOps.Lanes, vectorEnd = n - n % lanes;
        int j = 0;
        for (; j + 4 <= rows; j += 4)
        {
            ref double t0 = ref Unsafe.Add(ref target, j * n);
            ref double t1 = ref Unsafe.Add(ref t0, n);
            ref double t2 = ref Unsafe.Add(ref t1, n);
            ref double t3 = ref Unsafe.Add(ref t2, n);
            ref double c0 = ref Unsafe.Add(ref coefficients, j * stride);
            ref double c1 = ref Unsafe.Add(ref c0, stride);
            ref double c2 = ref Unsafe.Add(ref c1, stride);
            ref double c3 = ref Unsafe.Add(ref c2, stride);
            for (int k = 0; k < vectorEnd; k += lanes)
            {
                TVector x0 = TOps.Load(ref Unsafe.Add(ref t0, k)), x1 = TOps.Load(ref Unsafe.Add(ref t1, k));
                TVector x2 = TOps.Load(ref Unsafe.Add(ref t2, k)), x3 = TOps.Load(ref Unsafe.Add(ref t3, k));
                for (int i = 0; i < inner; i++)
                {
                    TVector v = TOps.Load(ref Unsafe.Add(ref b, i * n + k));
                    x0 = TOps.MultiplyAdd(TOps.Broadcast(sign * Unsafe.Add(ref c0, i)), v, x0);
                    x1 = TOps.MultiplyAdd(TOps.Broadcast(sign * Unsafe.Add(ref c1, i)), v, x1);
                    x2 = TOps.MultiplyAdd(TOps.Broadcast(sign * Unsafe.Add(ref c2, i)), v, x2);
                    x3 = TOps.MultiplyAdd(TOps.Broadcast(sign * Unsafe.Add(ref c3, i)), v, x3);
                }
                TOps.Store(x0, ref Unsafe.Add(ref t0, k));
                TOps.Store(x1, ref Unsafe.Add(ref t1, k));
                TOps.Store(x2, ref Unsafe.Add(ref t2, k));
                TOps.Store(x3, ref Unsafe.Add(ref t3, k));
            }
            for (int r = 0; r < 4; r++) AddTail(ref Unsafe.Add(ref target, (j + r) * n), ref Unsafe.Add(ref coefficients, (j + r) * stride), inner, ref b, n, sign, vectorEnd, n);
        }
        for (; j < rows; j++)
        {
            ref double t = ref Unsafe.Add(ref target, j * n);
            ref double cj = ref Unsafe.Add(ref coefficients, j * stride);
            for (int k = 0; k < vectorEnd; k += lanes)
            {
                TVector x = TOps.Load(ref Unsafe.Add(ref t, k));
                for (int i = 0; i < inner; i++) x = TOps.MultiplyAdd(TOps.Broadcast(sign * Unsafe.Add(ref cj, i)), TOps.Load(ref Unsafe.Add(ref b, i * n + k)), x);
                TOps.Store(x, ref Unsafe.Add(ref t, k));
            }
            AddTail(ref t, ref cj, inner, ref b, n, sign, vectorEnd, n);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Dot<TVector, TOps>(ref double x, ref double y, int vectorEnd, int n)
        where TVector : struct
        where TOps : struct, IVectorOps<double, TVector>
    {
        TVector sum = TOps.Zero;
        for (int k = 0; k < vectorEnd; k += TOps.Lanes) sum = TOps.MultiplyAdd(TOps.Load(ref Unsafe.Add(ref x, k)), TOps.Load(ref Unsafe.Add(ref y, k)), sum);
        return TOps.Sum(sum) + Tail(ref x, ref y, vectorEnd, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Tail(ref double x, ref double y, int from, int n)
    {
        double sum = 0;
        for (int k = from; k < n; k++) sum += Unsafe.Add(ref x, k) * Unsafe.Add(ref y, k);
        return sum;
    }

    private static void AddTail(ref double t, ref double c, int inner, ref double b, int n, double sign, int from, int to)
    {
        for (int k = from; k < to; k++)
        {
            double x = Unsafe.Add(ref t, k);
            for (int i = 0; i < inner; i++) x += sign * Unsafe.Add(ref c, i) * Unsafe.Add(ref b, i * n + k);
            Unsafe.Add(ref t, k) = x;
        }
    }
}
