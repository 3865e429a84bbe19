using NtkGen.Activations;
using NtkGen.Kernels;

namespace NtkGen.Reference;

/// <summary>
/// The oracle: every quantity in double precision with plain loops, written straight from THEORY.md §1–2 and
/// sharing no code with the generated or generic kernels but the activation's scalar formulas. Slow on purpose; tests compare everything against it.
/// </summary>
public sealed class ReferenceKernel : INtkKernel<double>
{
    private readonly NetworkSpec _spec;
    private readonly ActivationFunction _activation;

    /// <summary>The reference kernel for <paramref name="spec"/>.</summary>
    public ReferenceKernel(NetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _spec = spec;
        _activation = spec.ActivationFunction;
    }

    /// <inheritdoc/>
    public string Name => "reference-f64";

    /// <inheritdoc/>
    public KernelTier Tier => KernelTier.Reference;

    /// <inheritdoc/>
    public KernelPath Path => new(KernelTier.Reference);

    /// <inheritdoc/>
    public NetworkSpec Spec => _spec;

    /// <inheritdoc/>
    public void Forward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, Span<double> output)
    {
        var pass = Run(parameters, input);
        Check(output.Length == _spec.OutputSize, "output length");
        pass.Z[_spec.LayerCount].CopyTo(output);
    }

    /// <inheritdoc/>
    public void ForwardBatch(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, Span<double> outputs)
    {
        int n0 = _spec.InputSize, o = _spec.OutputSize, count = Count(inputs);
        Check(outputs.Length == count * o, "outputs length");
        for (int i = 0; i < count; i++) Forward(parameters, inputs.Slice(i * n0, n0), outputs.Slice(i * o, o));
    }

    /// <inheritdoc/>
    public void Backward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, int outputIndex, Span<double> gradient, Span<double> deltas)
    {
        Check((uint)outputIndex < (uint)_spec.OutputSize, "output index");
        Check(gradient.Length == _spec.ParameterCount, "gradient length");
        var pass = Run(parameters, input);
        var delta = Deltas(parameters, pass, outputIndex);
        for (int l = 1; l <= _spec.LayerCount; l++)
        {
            int fanIn = _spec.Width(l - 1), fanOut = _spec.Width(l);
            double scale = _spec.WeightScale(l);
            for (int i = 0; i < fanOut; i++)
            {
                for (int j = 0; j < fanIn; j++)
                    gradient[_spec.WeightOffset(l) + i * fanIn + j] = scale * delta[l][i] * pass.A[l - 1][j];
                gradient[_spec.BiasOffset(l) + i] = delta[l][i];
            }
        }
        if (!deltas.IsEmpty)
        {
            Check(deltas.Length == _spec.DeltaTraceLength, "deltas length");
            for (int l = 1; l <= _spec.LayerCount; l++) delta[l].CopyTo(deltas[_spec.DeltaOffset(l)..]);
        }
    }

    /// <inheritdoc/>
    public NtkValue<double> NtkDiagonal(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input)
    {
        var weights = new double[1];
        var biases = new double[1];
        NtkMatrix(parameters, input, input, weights, biases);
        return new NtkValue<double>(weights[0], biases[0]);
    }

    /// <inheritdoc/>
    public void NtkMatrix(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs1, ReadOnlySpan<double> inputs2, Span<double> weightPart, Span<double> biasPart)
    {
        var (left, right) = (Samples(parameters, inputs1), Samples(parameters, inputs2));
        Check(weightPart.Length == left.Length * right.Length && biasPart.Length == weightPart.Length, "result length");
        for (int i = 0; i < left.Length; i++)
        {
            for (int j = 0; j < right.Length; j++)
            {
                double weights = 0, biases = 0;
                for (int k = 0; k < _spec.OutputSize; k++)
                {
                    var (w, b) = Contract(left[i], right[j], k, k);
                    weights += w;
                    biases += b;
                }
                weightPart[i * right.Length + j] = weights;
                biasPart[i * right.Length + j] = biases;
            }
        }
    }

    /// <inheritdoc/>
    public void NtkMatrixByLayer(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs1, ReadOnlySpan<double> inputs2, Span<double> layers)
    {
        var (left, right) = (Samples(parameters, inputs1), Samples(parameters, inputs2));
        int depth = _spec.LayerCount;
        Check(layers.Length == left.Length * right.Length * 2 * depth, "layers length");
        layers.Clear();
        for (int i = 0; i < left.Length; i++)
            for (int j = 0; j < right.Length; j++)
                for (int k = 0; k < _spec.OutputSize; k++)
                    for (int l = 1; l <= depth; l++)
                    {
                        var (w, b) = ContractLayer(left[i], right[j], k, k, l);
                        layers[(i * right.Length + j) * 2 * depth + 2 * (l - 1)] += w;
                        layers[(i * right.Length + j) * 2 * depth + 2 * (l - 1) + 1] += b;
                    }
    }

    /// <inheritdoc/>
    public (double Curvature, double Ntk) GradientCurvature(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, int outputIndex)
    {
        Check((uint)outputIndex < (uint)_spec.OutputSize, "output index");
        var pass = Run(parameters, input);
        var delta = Deltas(parameters, pass, outputIndex);
        int depth = _spec.LayerCount;
        // Second-order Taylor jet of f along its gradient (THEORY.md §5), one unit at a time.
        var aDot = new double[_spec.Width(0)];
        var aDdot = new double[_spec.Width(0)];
        for (int l = 1; l <= depth; l++)
        {
            int fanIn = _spec.Width(l - 1), width = _spec.Width(l);
            double s = _spec.WeightScale(l), normSquared = 0, inner = 0;
            for (int j = 0; j < fanIn; j++)
            {
                normSquared += pass.A[l - 1][j] * pass.A[l - 1][j];
                inner += pass.A[l - 1][j] * aDot[j];
            }
            var zDot = new double[width];
            var zDdot = new double[width];
            for (int i = 0; i < width; i++)
            {
                double wDot = 0, wDdot = 0;
                for (int j = 0; j < fanIn; j++)
                {
                    double w = parameters[_spec.WeightOffset(l) + i * fanIn + j];
                    wDot += w * aDot[j];
                    wDdot += w * aDdot[j];
                }
                zDot[i] = s * s * normSquared * delta[l][i] + s * wDot + (_spec.IncludeBiases ? delta[l][i] : 0);
                zDdot[i] = 2 * s * s * inner * delta[l][i] + s * wDdot;
            }
            if (l == depth) return (zDdot[outputIndex], zDot[outputIndex]);
            aDot = new double[width];
            aDdot = new double[width];
            for (int i = 0; i < width; i++)
            {
                double z = pass.Z[l][i];
                aDot[i] = PhiPrime(z) * zDot[i];
                aDdot[i] = PhiPrime(z) * zDdot[i] + PhiSecond(z) * zDot[i] * zDot[i];
            }
        }
        throw new InvalidOperationException("unreachable");
    }

    /// <inheritdoc/>
    public void NtkBlocks(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs1, ReadOnlySpan<double> inputs2, Span<double> blocks)
    {
        var (left, right) = (Samples(parameters, inputs1), Samples(parameters, inputs2));
        int o = _spec.OutputSize;
        Check(blocks.Length == left.Length * right.Length * o * o, "blocks length");
        for (int i = 0; i < left.Length; i++)
            for (int j = 0; j < right.Length; j++)
                for (int k = 0; k < o; k++)
                    for (int k2 = 0; k2 < o; k2++)
                    {
                        var (w, b) = Contract(left[i], right[j], k, k2);
                        blocks[((i * right.Length + j) * o + k) * o + k2] = w + b;
                    }
    }

    /// <summary>Σ_l ⟨δ^k_l(x), δ^k'_l(x')⟩ (s_l² ⟨a_{l-1}(x), a_{l-1}(x')⟩ + 1), split into weights and biases (THEORY.md §2).</summary>
    private (double Weights, double Biases) Contract(Sample x, Sample y, int k, int k2)
    {
        double weights = 0, biases = 0;
        for (int l = 1; l <= _spec.LayerCount; l++)
        {
            var (w, b) = ContractLayer(x, y, k, k2, l);
            weights += w;
            biases += b;
        }
        return (weights, biases);
    }

    /// <summary>Layer <paramref name="l"/>'s term: ⟨δ^k_l(x), δ^k'_l(x')⟩ s_l² ⟨a_{l-1}(x), a_{l-1}(x')⟩ and ⟨δ^k_l(x), δ^k'_l(x')⟩.</summary>
    private (double Weights, double Biases) ContractLayer(Sample x, Sample y, int k, int k2, int l)
    {
        double deltaDot = 0, activationDot = 0;
        for (int i = 0; i < _spec.Width(l); i++) deltaDot += x.Deltas[k][l][i] * y.Deltas[k2][l][i];
        for (int j = 0; j < _spec.Width(l - 1); j++) activationDot += x.Pass.A[l - 1][j] * y.Pass.A[l - 1][j];
        double scale = _spec.WeightScale(l);
        return (deltaDot * scale * scale * activationDot, _spec.IncludeBiases ? deltaDot : 0);
    }

    private Sample[] Samples(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs)
    {
        int n0 = _spec.InputSize, count = Count(inputs);
        var samples = new Sample[count];
        for (int i = 0; i < count; i++)
        {
            var pass = Run(parameters, inputs.Slice(i * n0, n0));
            var deltas = new double[_spec.OutputSize][][];
            for (int k = 0; k < _spec.OutputSize; k++) deltas[k] = Deltas(parameters, pass, k);
            samples[i] = new Sample(pass, deltas);
        }
        return samples;
    }

    /// <summary>z_l = s_l W_l a_{l-1} + b_l, a_l = φ(z_l) for l &lt; L (THEORY.md §1).</summary>
    private Pass Run(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input)
    {
        Check(parameters.Length == _spec.ParameterCount, "parameter count");
        Check(input.Length == _spec.InputSize, "input length");
        int depth = _spec.LayerCount;
        var z = new double[depth + 1][];
        var a = new double[depth + 1][];
        a[0] = input.ToArray();
        for (int l = 1; l <= depth; l++)
        {
            int fanIn = _spec.Width(l - 1), fanOut = _spec.Width(l);
            z[l] = new double[fanOut];
            a[l] = new double[fanOut];
            for (int i = 0; i < fanOut; i++)
            {
                double sum = 0;
                for (int j = 0; j < fanIn; j++) sum += parameters[_spec.WeightOffset(l) + i * fanIn + j] * a[l - 1][j];
                z[l][i] = _spec.WeightScale(l) * sum + parameters[_spec.BiasOffset(l) + i];
                a[l][i] = l == depth ? z[l][i] : Phi(z[l][i]);
            }
        }
        return new Pass(z, a);
    }

    /// <summary>δ_L = e_k, δ_l = φ'(z_l) ⊙ (s_{l+1} W_{l+1}ᵀ δ_{l+1}).</summary>
    private double[][] Deltas(ReadOnlySpan<double> parameters, Pass pass, int k)
    {
        int depth = _spec.LayerCount;
        var delta = new double[depth + 1][];
        delta[depth] = new double[_spec.OutputSize];
        delta[depth][k] = 1;
        for (int l = depth - 1; l >= 1; l--)
        {
            int width = _spec.Width(l), above = _spec.Width(l + 1);
            delta[l] = new double[width];
            for (int j = 0; j < width; j++)
            {
                double sum = 0;
                for (int i = 0; i < above; i++) sum += parameters[_spec.WeightOffset(l + 1) + i * width + j] * delta[l + 1][i];
                delta[l][j] = PhiPrime(pass.Z[l][j]) * _spec.WeightScale(l + 1) * sum;
            }
        }
        return delta;
    }

    // The operator's scalar forms in double; the kernels use its vector forms (TensorPrimitives, register tiles).
    private double Phi(double z) => _activation.Value(z);

    private double PhiPrime(double z) => _activation.Derivative(z);

    private double PhiSecond(double z) => _activation.SecondDerivative(z);

    private int Count(ReadOnlySpan<double> inputs)
    {
        Check(inputs.Length % _spec.InputSize == 0, "batch length (a multiple of n0)");
        return inputs.Length / _spec.InputSize;
    }

    private static void Check(bool condition, string what)
    {
        if (!condition) throw new ArgumentException($"Invalid {what}.");
    }

    private sealed record Pass(double[][] Z, double[][] A);

    private sealed record Sample(Pass Pass, double[][][] Deltas);
}
