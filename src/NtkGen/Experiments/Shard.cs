using System.Globalization;

namespace NtkGen.Experiments;

/// <summary>Shard <c>i</c> of <c>n</c> (0-based): the units whose index is <c>i</c> modulo <c>n</c>. <c>0/1</c> is the whole run.</summary>
public readonly record struct Shard(int Index, int Count)
{
    /// <summary>The whole run.</summary>
    public static Shard Whole => new(0, 1);

    /// <summary>Whether the unit with index <paramref name="unitIndex"/> belongs to this shard.</summary>
    public bool Contains(int unitIndex) => unitIndex % Count == Index;

    /// <summary>Parses <c>i/n</c> with <c>0 ≤ i &lt; n</c>.</summary>
    /// <exception cref="FormatException">Not of that form.</exception>
    public static Shard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count)
            && count >= 1 && index < count)
            return new Shard(index, count);
        throw new FormatException($"'{text}' is not a shard i/n with 0 ≤ i < n (e.g. 0/4)");
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Index}/{Count}";
}
