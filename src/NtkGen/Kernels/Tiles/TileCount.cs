using System.ComponentModel;

namespace NtkGen.Kernels.Tiles;

/// <summary>
/// A row or vector count of a register tile as a type: the JIT compiles one specialized body of a tile function per
/// count it is called with, so every <c>if (TR.Value &gt; r)</c> is decided at compile time and the unused accumulators
/// vanish.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ITileCount
{
    /// <summary>The count.</summary>
    static abstract int Value { get; }
}

/// <summary>One.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct TileCount1 : ITileCount
{
    /// <inheritdoc/>
    public static int Value => 1;
}

/// <summary>Two.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct TileCount2 : ITileCount
{
    /// <inheritdoc/>
    public static int Value => 2;
}

/// <summary>Three.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct TileCount3 : ITileCount
{
    /// <inheritdoc/>
    public static int Value => 3;
}

/// <summary>Four.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct TileCount4 : ITileCount
{
    /// <inheritdoc/>
    public static int Value => 4;
}

/// <summary>Five.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct TileCount5 : ITileCount
{
    /// <inheritdoc/>
    public static int Value => 5;
}

/// <summary>Six.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct TileCount6 : ITileCount
{
    /// <inheritdoc/>
    public static int Value => 6;
}
