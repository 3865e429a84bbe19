using System.Numerics;

namespace NtkGen.Benchmarks;

/// <summary>
/// The baseline: the structured NTK of a ReLU network with one output written as plain scalar loops, one thread, the
/// way one would write it first (per-sample forward and backward passes, one dot product per pair and layer).
/// </summary>
public sealed class NaiveNtk<T>(NetworkSpec spec)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Θ(X, X), weights plus biases, N × N.</summary>
    public void Matrix(T[] parameters, T[] inputs, T[] theta)
    {
        int depth = spec.LayerCount, n0 = spec.InputSize, count = inputs.Length / n0;
        var a = new T[count][][];
        var delta = new T[count][][];
        for (int s = 0; s < count; s++)
        {
            a[s] = new T[depth][];
            delta[s] = new T[depth + 1][];
            var derivative = new T[depth][];
            a[s][0] = inputs.AsSpan(s * n0, n0).ToArray();
            for (int l = 1; l < depth; l++)
            {
                int fanIn = spec.Width(l - 1), width = spec.Width(l), w = spec.WeightOffset(l), b = spec.BiasOffset(l);
                a[s][l] = new T[width];
                derivative[l] = new T[width];
                for (int j = 0; j < width; j++)
                {
                    T z = parameters[b + j];
                    for (int k = 0; k < fanIn; k++) z += parameters[w + j * fanIn + k] * a[s][l - 1][k];
                    a[s][l][j] = z > T.Zero ? z : T.Zero;
                    derivative[l][j] = z > T.Zero ? T.One : T.Zero;
                }
            }
            delta[s][depth] = [T.One];
            for (int l = depth - 1; l >= 1; l--)
            {
                int width = spec.Width(l), above = spec.Width(l + 1), w = spec.WeightOffset(l + 1);
                delta[s][l] = new T[width];
                for (int j = 0; j < width; j++)
                {
                    T g = T.Zero;
                    for (int m = 0; m < above; m++) g += parameters[w + m * width + j] * delta[s][l + 1][m];
                    delta[s][l][j] = g * derivative[l][j];
                }
            }
        }
        for (int i = 0; i < count; i++)
        {
            for (int j = i; j < count; j++)
            {
                T value = T.Zero;
                for (int l = 1; l <= depth; l++)
                {
                    T gram = T.Zero, deltas = T.Zero;
                    for (int k = 0; k < spec.Width(l - 1); k++) gram += a[i][l - 1][k] * a[j][l - 1][k];
                    for (int k = 0; k < spec.Width(l); k++) deltas += delta[i][l][k] * delta[j][l][k];
                    value += deltas * (gram + T.One);
                }
                theta[i * count + j] = theta[j * count + i] = value;
            }
        }
    }
}
