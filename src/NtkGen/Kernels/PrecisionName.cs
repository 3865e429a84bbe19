namespace NtkGen.Kernels;

/// <summary>The short precision names used in kernel names and on the command line: <c>f32</c>, <c>f64</c>.</summary>
public static class PrecisionName
{
    /// <summary><c>f32</c> for <see cref="float"/>, <c>f64</c> for <see cref="double"/>.</summary>
    public static string Of<T>() => typeof(T) == typeof(float) ? "f32" : typeof(T) == typeof(double) ? "f64" : typeof(T).Name;
}
