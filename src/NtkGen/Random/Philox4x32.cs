using System.Runtime.CompilerServices;

namespace NtkGen.Random;

/// <summary>
/// The Philox4x32-10 counter-based generator (Salmon et al., SC'11, "Parallel random numbers: as easy as 1, 2, 3").
/// A pure function of a 64-bit key and a 128-bit counter, so any stream and any position in it can be drawn
/// directly: results never depend on how work is split across threads.
/// </summary>
public static class Philox4x32
{
    private const uint Multiplier0 = 0xD2511F53;
    private const uint Multiplier1 = 0xCD9E8D57;
    private const uint KeyBump0 = 0x9E3779B9;
    private const uint KeyBump1 = 0xBB67AE85;

    /// <summary>The 128 random bits for counter <c>(c0, c1, c2, c3)</c> under key <c>(k0, k1)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (uint X0, uint X1, uint X2, uint X3) Block(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1)
    {
        for (int round = 0; round < 10; round++)
        {
            if (round > 0)
            {
                k0 += KeyBump0;
                k1 += KeyBump1;
            }
            ulong p0 = (ulong)Multiplier0 * c0;
            ulong p1 = (ulong)Multiplier1 * c2;
            uint n0 = (uint)(p1 >> 32) ^ c1 ^ k0;
            uint n2 = (uint)(p0 >> 32) ^ c3 ^ k1;
            c0 = n0;
            c1 = (uint)p1;
            c2 = n2;
            c3 = (uint)p0;
        }
        return (c0, c1, c2, c3);
    }
}
