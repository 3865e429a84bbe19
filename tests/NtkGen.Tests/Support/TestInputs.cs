using NtkGen.Random;

namespace NtkGen.Tests.Support;

/// <summary>Reproducible inputs and parameters for tests.</summary>
internal static class TestInputs
{
    /// <summary><paramref name="count"/> standard normal inputs of dimension <paramref name="dimension"/>, row-major.</summary>
    public static double[] Gaussian(int count, int dimension, ulong seed)
    {
        var values = new double[count * dimension];
        new GaussianStream(seed, stream: 1_000_003).Fill<double>(values);
        return values;
    }

    /// <summary>Parameters drawn at initialization; biases get noise too, so that bias paths are exercised.</summary>
    public static NetworkParameters<double> Parameters(NetworkSpec spec, ulong seed)
    {
        var parameters = spec.CreateParameters<double>(seed);
        if (spec.SigmaB2 == 0)
        {
            var noise = new GaussianStream(seed, stream: 77);
            for (int l = 1; l <= spec.LayerCount; l++)
                noise.Fill(parameters.Biases(l), (ulong)spec.BiasOffset(l), 0.1);
        }
        return parameters;
    }

    public static T[] Convert<T>(double[] values)
        where T : System.Numerics.IFloatingPointIeee754<T>
        => Array.ConvertAll(values, T.CreateTruncating);
}
