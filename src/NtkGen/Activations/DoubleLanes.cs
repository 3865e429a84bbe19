using System.Numerics;
using System.Runtime.InteropServices;

namespace NtkGen.Activations;

/// <summary>A function of a double written lane by lane: its value, and a second output where there is one (φ' beside φ).</summary>
internal interface ILaneFunction
{
    /// <summary>The function's value at each lane of <paramref name="x"/>, and its second output in <paramref name="other"/>.</summary>
    static abstract Vector<double> Evaluate(Vector<double> x, out Vector<double> other);
}

/// <summary>
/// Runs an <see cref="ILaneFunction"/> over a span of double or float, the latter widened to double and the results
/// rounded back (as the scalar forms compute). The elements after the last whole vector go through the same function
/// in a zero-padded vector, so an element's result does not depend on where in the span it sits.
/// </summary>
internal static class DoubleLanes
{
    /// <summary>
    /// <c>values = f(z)</c> and, unless <paramref name="others"/> is empty, the second output into it; either may be
    /// <paramref name="z"/> itself. <see langword="false"/>, with nothing written, for element types other than double and float.
    /// </summary>
    public static bool Apply<TFunction, T>(ReadOnlySpan<T> z, Span<T> values, Span<T> others)
        where TFunction : struct, ILaneFunction
        where T : unmanaged
    {
        if (typeof(T) != typeof(double) && typeof(T) != typeof(float)) return false;
        int step = Vector<T>.Count, whole = z.Length - z.Length % step;
        bool both = !others.IsEmpty;
        for (int i = 0; i < whole; i += step)
        {
            Block<TFunction, T>(z.Slice(i, step), values.Slice(i, step), both ? others.Slice(i, step) : default);
        }
        int rest = z.Length - whole;
        if (rest == 0) return true;
        Span<T> buffer = stackalloc T[3 * step];
        buffer.Clear();
        z[whole..].CopyTo(buffer);
        Block<TFunction, T>(buffer[..step], buffer.Slice(step, step), both ? buffer.Slice(2 * step, step) : default);
        buffer.Slice(step, rest).CopyTo(values[whole..]);
        if (both) buffer.Slice(2 * step, rest).CopyTo(others[whole..]);
        return true;
    }

    /// <summary>One vector of T: one vector of doubles, or a vector of floats as two.</summary>
    private static void Block<TFunction, T>(ReadOnlySpan<T> z, Span<T> values, Span<T> others)
        where TFunction : struct, ILaneFunction
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            var value = TFunction.Evaluate(new Vector<double>(MemoryMarshal.Cast<T, double>(z)), out var other);
            value.CopyTo(MemoryMarshal.Cast<T, double>(values));
            if (!others.IsEmpty) other.CopyTo(MemoryMarshal.Cast<T, double>(others));
        }
        else
        {
            Vector.Widen(new Vector<float>(MemoryMarshal.Cast<T, float>(z)), out var low, out var high);
            var valueLow = TFunction.Evaluate(low, out var otherLow);
            var valueHigh = TFunction.Evaluate(high, out var otherHigh);
            Vector.Narrow(valueLow, valueHigh).CopyTo(MemoryMarshal.Cast<T, float>(values));
            if (!others.IsEmpty) Vector.Narrow(otherLow, otherHigh).CopyTo(MemoryMarshal.Cast<T, float>(others));
        }
    }
}
