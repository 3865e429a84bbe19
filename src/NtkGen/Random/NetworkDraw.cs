using System.Numerics;

namespace NtkGen.Random;

/// <summary>
/// Draws a whole network at initialization for the Monte Carlo engines: parameter <c>p</c> is normal number <c>p</c> of
/// the network's Philox stream (<see cref="PhiloxNormals"/>) times its layer's standard deviation, written
/// straight into the parameters; zero-variance biases are set to zero without drawing.
/// </summary>
public static class NetworkDraw
{
    /// <summary>Fills <paramref name="parameters"/> (layout of <paramref name="spec"/>) with a fresh network.</summary>
    public static void Draw<T>(NetworkSpec spec, ulong seed, ulong stream, Span<T> parameters)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double biasDeviation = spec.InitialBiasStandardDeviation;
        for (int l = 1; l <= spec.LayerCount; l++)
        {
            int weightOffset = spec.WeightOffset(l), biasOffset = spec.BiasOffset(l), width = spec.Width(l);
            PhiloxNormals.FillScaled(parameters.Slice(weightOffset, biasOffset - weightOffset), seed, stream, weightOffset, (float)spec.InitialWeightStandardDeviation(l));
            if (biasDeviation != 0) PhiloxNormals.FillScaled(parameters.Slice(biasOffset, width), seed, stream, biasOffset, (float)biasDeviation);
            else parameters.Slice(biasOffset, width).Clear();
        }
    }
}
