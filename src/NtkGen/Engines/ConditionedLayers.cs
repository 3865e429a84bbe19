using NtkGen.Random;

namespace NtkGen.Engines;

/// <summary>
/// Where the weight-free engines take a network's randomness from, in one place so that they sample the same networks:
/// layer l's matrix its noise from Philox key <c>seed + l·φ</c> (φ the 64-bit golden ratio) and the network's stream,
/// the biases from key <c>seed</c>, indexed as in the parameter vector.
/// </summary>
internal static class ConditionedLayers
{
    private const ulong Golden = 0x9E3779B97F4A7C15;

    /// <summary>Forgets <paramref name="matrix"/>'s products: layer <paramref name="layer"/>'s matrix of a new network.</summary>
    public static void Reset(ConditionedGaussianMatrix matrix, ulong seed, ulong networkStream, int layer)
        => matrix.Reset(seed + (ulong)layer * Golden, networkStream);

    /// <summary>Draws layer <paramref name="layer"/>'s biases into <paramref name="bias"/> (zeros when σ_b = 0).</summary>
    public static void DrawBias(NetworkSpec spec, ulong seed, ulong networkStream, int layer, Span<double> bias)
    {
        double deviation = spec.InitialBiasStandardDeviation;
        if (deviation > 0) new GaussianStream(seed, networkStream).Fill(bias, (ulong)spec.BiasIndex(layer), deviation);
        else bias.Clear();
    }
}
