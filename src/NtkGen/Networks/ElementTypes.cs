namespace NtkGen;

/// <summary>The floating-point types a declared network gets generated kernels for.</summary>
[Flags]
public enum ElementTypes
{
    /// <summary>Single precision (<see cref="float"/>).</summary>
    Float = 1,

    /// <summary>Double precision (<see cref="double"/>).</summary>
    Double = 2,

    /// <summary>Both <see cref="float"/> and <see cref="double"/>.</summary>
    Both = Float | Double,
}
