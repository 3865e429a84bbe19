namespace NtkGen.Experiments;

/// <summary>
/// The random streams of a grid point come from its parameters, not from its position in the grid, so adding a point
/// to a grid never changes the numbers of the others: the upper 32 bits of a Philox stream number are a hash of
/// (depth, σ_w², σ_b²), the lower 32 bits the sample index.
/// </summary>
public static class PointStreams
{
    /// <summary>FNV-1a of the point's parameters from <paramref name="basis"/> (one basis per experiment), in bits 32 … 62.</summary>
    public static ulong Base(ulong basis, int depth, double sigmaW2, double sigmaB2)
    {
        ulong hash = basis;
        foreach (byte b in BitConverter.GetBytes(depth).Concat(BitConverter.GetBytes(sigmaW2)).Concat(BitConverter.GetBytes(sigmaB2)))
            hash = (hash ^ b) * 1099511628211UL;
        return (hash & 0x7FFFFFFF) << 32;
    }
}
