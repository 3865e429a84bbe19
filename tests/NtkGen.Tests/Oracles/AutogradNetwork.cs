using MathNet.Numerics;

namespace NtkGen.Tests.Oracles;

/// <summary>
/// The network of THEORY.md §1 evaluated on a <see cref="Tape"/>: per-sample gradients by automatic differentiation,
/// and the NTK as the explicit Jacobian product <c>J Jᵀ</c>, summed over outputs or per pair of outputs — the oracle for the
/// structured NTK.
/// </summary>
internal static class AutogradNetwork
{
    /// <summary>∂f_k/∂p for every parameter p (layout of <see cref="NetworkSpec"/>) and every output k: [k][p].</summary>
    public static double[][] Jacobian(NetworkSpec spec, double[] parameters, ReadOnlySpan<double> input)
    {
        var tape = new Tape();
        var leaves = new int[parameters.Length];
        for (int p = 0; p < parameters.Length; p++) leaves[p] = tape.Leaf(parameters[p]);
        var activations = new int[input.Length];
        for (int j = 0; j < input.Length; j++) activations[j] = tape.Leaf(input[j]);

        for (int l = 1; l <= spec.LayerCount; l++)
        {
            int fanIn = spec.Width(l - 1), fanOut = spec.Width(l);
            var next = new int[fanOut];
            for (int i = 0; i < fanOut; i++)
            {
                int sum = tape.Multiply(leaves[spec.WeightOffset(l) + i * fanIn], activations[0]);
                for (int j = 1; j < fanIn; j++) sum = tape.Add(sum, tape.Multiply(leaves[spec.WeightOffset(l) + i * fanIn + j], activations[j]));
                int z = tape.Add(tape.Scale(sum, spec.WeightScale(l)), leaves[spec.BiasOffset(l) + i]);
                next[i] = l == spec.LayerCount ? z : ApplyActivation(tape, spec, z);
            }
            activations = next;
        }

        var jacobian = new double[spec.OutputSize][];
        for (int k = 0; k < spec.OutputSize; k++)
        {
            var adjoint = tape.Gradient(activations[k]);
            jacobian[k] = leaves.Select(leaf => adjoint[leaf]).ToArray();
        }
        return jacobian;
    }

    /// <summary><c>Θ(X1, X2) = Σ_k J_k(X1) J_k(X2)ᵀ</c> over the parameters that count in the NTK, N1 × N2 row-major.</summary>
    public static double[] NtkMatrix(NetworkSpec spec, double[] parameters, double[] inputs1, double[] inputs2)
    {
        int o = spec.OutputSize;
        var blocks = NtkBlocks(spec, parameters, inputs1, inputs2);
        return [.. Enumerable.Range(0, blocks.Length / (o * o)).Select(pair => Enumerable.Range(0, o).Sum(k => blocks[(pair * o + k) * o + k]))];
    }

    /// <summary><c>Θ_kk'(x_i, x'_j) = J_k(x_i) J_k'(x'_j)ᵀ</c> over the parameters that count in the NTK, N1 × N2 × O × O row-major.</summary>
    public static double[] NtkBlocks(NetworkSpec spec, double[] parameters, double[] inputs1, double[] inputs2)
    {
        int n0 = spec.InputSize, o = spec.OutputSize;
        var left = Enumerable.Range(0, inputs1.Length / n0).Select(i => Jacobian(spec, parameters, inputs1.AsSpan(i * n0, n0))).ToArray();
        var right = Enumerable.Range(0, inputs2.Length / n0).Select(i => Jacobian(spec, parameters, inputs2.AsSpan(i * n0, n0))).ToArray();
        var counts = CountsInNtk(spec);
        var blocks = new double[left.Length * right.Length * o * o];
        for (int i = 0; i < left.Length; i++)
            for (int j = 0; j < right.Length; j++)
                for (int k = 0; k < o; k++)
                    for (int k2 = 0; k2 < o; k2++)
                    {
                        double sum = 0;
                        for (int p = 0; p < counts.Length; p++)
                            if (counts[p]) sum += left[i][k][p] * right[j][k2][p];
                        blocks[((i * right.Length + j) * o + k) * o + k2] = sum;
                    }
        return blocks;
    }

    private static bool[] CountsInNtk(NetworkSpec spec)
    {
        var counts = new bool[spec.ParameterCount];
        for (int l = 1; l <= spec.LayerCount; l++)
        {
            for (int p = spec.WeightOffset(l); p < spec.BiasOffset(l); p++) counts[p] = true;
            for (int p = spec.BiasOffset(l); p < spec.BiasOffset(l) + spec.Width(l); p++) counts[p] = spec.IncludeBiases;
        }
        return counts;
    }

    private static int ApplyActivation(Tape tape, NetworkSpec spec, int z) => spec.Activation switch
    {
        Activation.ReLU => tape.Apply(z, v => Math.Max(v, 0), v => v > 0 ? 1 : 0),
        Activation.LeakyReLU => tape.Apply(z, v => v > 0 ? v : spec.LeakySlope * v, v => v > 0 ? 1 : spec.LeakySlope),
        Activation.Linear => z,
        Activation.Tanh => tape.Apply(z, Math.Tanh, v => 1 - Math.Tanh(v) * Math.Tanh(v)),
        Activation.Sigmoid => tape.Apply(z, v => 1 / (1 + Math.Exp(-v)), v => Math.Exp(-v) / Math.Pow(1 + Math.Exp(-v), 2)),
        // MathNet's erf: an implementation independent of ours.
        Activation.Erf => tape.Apply(z, SpecialFunctions.Erf, v => 2 / Math.Sqrt(Math.PI) * Math.Exp(-v * v)),
        Activation.Gelu => tape.Apply(z, v => v * 0.5 * SpecialFunctions.Erfc(-v / Math.Sqrt(2)),
            v => 0.5 * SpecialFunctions.Erfc(-v / Math.Sqrt(2)) + v * Math.Exp(-v * v / 2) / Math.Sqrt(2 * Math.PI)),
        _ => throw new NotSupportedException(spec.Activation.ToString()),
    };
}
