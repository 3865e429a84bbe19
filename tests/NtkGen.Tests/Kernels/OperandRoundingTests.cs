using NtkGen.Kernels;
using NtkGen.Tests.Support;

namespace NtkGen.Tests.Kernels;

/// <summary>
/// TF32 and bfloat16 rounding of float32 values against rounding in double arithmetic, and the batched cores that round
/// their products' operands against a double-precision network whose operands are rounded the same way.
/// </summary>
[TestClass]
public sealed class OperandRoundingTests
{
    [TestMethod]
    [DataRow(OperandRounding.Tf32)]
    [DataRow(OperandRounding.BFloat16)]
    public void Rounds_to_nearest_with_ties_to_even_as_double_arithmetic_does(OperandRounding rounding)
    {
        int bits = rounding.MantissaBits();
        var random = new System.Random(5);
        var values = new float[1037];
        for (int i = 0; i < values.Length; i++)
            values[i] = (float)((random.NextDouble() - 0.5) * Math.Pow(2, random.Next(-120, 120)));
        // Exact ties, just below and above them, and the edges of the range.
        values[0] = 1 + MathF.Pow(2, -bits - 1);
        values[1] = 1 + 3 * MathF.Pow(2, -bits - 1);
        values[2] = BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(values[0]) - 1);
        values[3] = BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(values[0]) + 1);
        values[4] = -values[1];
        values[5] = float.MaxValue;
        values[6] = float.Epsilon;
        var rounded = (float[])values.Clone();
        OperandRoundings.Round(rounded, rounding);
        for (int i = 0; i < values.Length; i++)
        {
            Assert.AreEqual(Expected(values[i], bits), rounded[i], $"value {values[i]:R}");
            Assert.AreEqual(rounded[i], OperandRoundings.Round(values[i], rounding), "the scalar form");
        }
        Assert.AreEqual(1f, rounded[0], "a tie goes to the even neighbour");
        Assert.AreEqual(1 + MathF.Pow(2, -bits + 1), rounded[1], "a tie goes to the even neighbour");
        Assert.AreEqual(float.PositiveInfinity, rounded[5], "past the format's largest value");
        float[] special = [float.NaN, float.PositiveInfinity, float.NegativeInfinity];
        OperandRoundings.Round(special, rounding);
        Assert.IsTrue(float.IsNaN(special[0]) && float.IsPositiveInfinity(special[1]) && float.IsNegativeInfinity(special[2]));
    }

    /// <summary>The nearest value with <paramref name="bits"/> mantissa bits, ties to even, computed in double.</summary>
    private static float Expected(float value, int bits)
    {
        if (value == 0) return value;
        // Subnormal floats have the spacing of the smallest normal exponent.
        int exponent = Math.Max(Math.ILogB(value), -126);
        double spacing = Math.ScaleB(1.0, exponent - bits);
        return (float)(Math.Round(value / spacing, MidpointRounding.ToEven) * spacing);
    }

    /// <remarks>
    /// The kernel computes in float32 and the oracle in double, so now and then an operand lies on the other side of a
    /// rounding boundary in the two and moves by one step of the format. With ReLU (products only) that is rare and the
    /// agreement is to float32 accumulation; tanh's vectorized float32 form differs from double by more, and a few such
    /// steps remain: there the difference is held to a tenth of what rounding changes.
    /// </remarks>
    [TestMethod]
    [DataRow(Activation.ReLU, OperandRounding.BFloat16, 2e-5)]
    [DataRow(Activation.ReLU, OperandRounding.Tf32, 2e-5)]
    [DataRow(Activation.Tanh, OperandRounding.BFloat16, 0.1)]
    [DataRow(Activation.Tanh, OperandRounding.Tf32, 0.1)]
    public void The_rounding_kernel_agrees_with_a_network_whose_operands_are_rounded(Activation activation, OperandRounding rounding, double tolerance)
    {
        var spec = new NetworkSpec(7, [33, 20], 3, activation, sigmaW2: 1.7, sigmaB2: 0.1);
        var kernel = KernelRegistry.Rounded(spec, rounding);
        const int count = 70;
        var parameters = NetworkParameters<float>.Initialize(spec, seed: 4, stream: 0).Values;
        for (int l = 1; l <= spec.LayerCount; l++) OperandRoundings.Round(parameters.AsSpan(spec.WeightOffset(l), spec.Width(l) * spec.Width(l - 1)), rounding);
        var inputs = TestInputs.Convert<float>(TestInputs.Gaussian(count, spec.InputSize, seed: 9));
        var oracle = new RoundedOracle(spec, rounding, parameters);

        var weights = new float[count * count];
        var biases = new float[count * count];
        kernel.NtkMatrix(parameters, inputs, inputs, weights, biases);
        var exactWeights = new float[count * count];
        var exactBiases = new float[count * count];
        // The same kernel without rounding.
        ((StructuredNtkKernel<float>)KernelRegistry.Resolve<float>(spec, new KernelPath(kernel.Tier, RuntimeWidth: true))).NtkMatrix(parameters, inputs, inputs, exactWeights, exactBiases);
        double largest = 0, worst = 0, rounded = 0;
        for (int i = 0; i < count; i++)
        {
            for (int j = 0; j < count; j++)
            {
                var (w, b) = oracle.Ntk(inputs.AsSpan(i * 7, 7), inputs.AsSpan(j * 7, 7));
                largest = Math.Max(largest, Math.Abs(w + b));
                worst = Math.Max(worst, Math.Max(Math.Abs(weights[i * count + j] - w), Math.Abs(biases[i * count + j] - b)));
                rounded = Math.Max(rounded, Math.Abs(exactWeights[i * count + j] + exactBiases[i * count + j] - w - b));
            }
        }
        // ReLU: relative to Θ; tanh: relative to the change rounding makes, which must be well beyond float32's own error.
        double bound = activation == Activation.ReLU ? tolerance * largest : tolerance * rounded;
        Assert.IsLessThan(bound, worst, $"rounding kernel against the rounded oracle: {worst:G3} (largest |Θ| {largest:G3}; rounding changes Θ by {rounded:G3})");
        Assert.IsGreaterThan(Math.Max(activation == Activation.ReLU ? 10 * bound : 0, 1e-4 * largest), rounded, "the rounding must change Θ well beyond the tolerance, or this test could not fail");

        // The loss gradient, seeded with cotangents that are rounded too.
        var cotangents = TestInputs.Convert<float>(TestInputs.Gaussian(count, spec.OutputSize, seed: 10));
        var gradient = new float[spec.ParameterCount];
        using (var forward = kernel.ForwardForGradient(parameters, inputs)) kernel.LossGradient(parameters, forward, cotangents, gradient);
        var expected = oracle.LossGradient(inputs, cotangents, count);
        var exactGradient = new float[spec.ParameterCount];
        var exactKernel = (StructuredNtkKernel<float>)KernelRegistry.Resolve<float>(spec, new KernelPath(kernel.Tier, RuntimeWidth: true));
        using (var forward = exactKernel.ForwardForGradient(parameters, inputs)) exactKernel.LossGradient(parameters, forward, cotangents, exactGradient);
        double scale = expected.Max(Math.Abs), gradientWorst = 0, gradientRounded = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            gradientWorst = Math.Max(gradientWorst, Math.Abs(gradient[i] - expected[i]));
            gradientRounded = Math.Max(gradientRounded, Math.Abs(exactGradient[i] - expected[i]));
        }
        double gradientBound = activation == Activation.ReLU ? tolerance * scale : tolerance * gradientRounded;
        Assert.IsLessThan(gradientBound, gradientWorst, $"loss gradient: {gradientWorst:G3} (largest {scale:G3}; rounding changes it by {gradientRounded:G3})");
        Assert.IsGreaterThan(Math.Max(activation == Activation.ReLU ? 10 * gradientBound : 0, 1e-4 * scale), gradientRounded, "the rounding must change the gradient well beyond the tolerance");
    }

    [TestMethod]
    public void A_single_sample_is_refused_rather_than_computed_unrounded()
    {
        var spec = new NetworkSpec(4, [8], 1, Activation.ReLU);
        var kernel = KernelRegistry.Rounded(spec, OperandRounding.Tf32);
        var parameters = NetworkParameters<float>.Initialize(spec, seed: 1, stream: 0).Values;
        StringAssert.EndsWith(kernel.Name, "-f32-tf32");
        var error = Assert.ThrowsExactly<NotSupportedException>(() => kernel.Forward(parameters, new float[4], new float[1]));
        StringAssert.Contains(error.Message, "batched cores only");
        Assert.ThrowsExactly<NotSupportedException>(() => kernel.NtkMatrix(parameters, new float[8], new float[8], new float[4], new float[4]));
    }

    /// <summary>
    /// The network in double precision (THEORY.md §2), each operand of a product rounded as the kernel rounds it: the
    /// inputs, every hidden activation, every δ below the output (the output's seeds e_k are exact) and the cotangents.
    /// </summary>
    private sealed class RoundedOracle(NetworkSpec spec, OperandRounding rounding, float[] parameters)
    {
        private double R(double value) => OperandRoundings.Round((float)value, rounding);

        private (double Z, double Phi, double Derivative) Unit(double z) => spec.Activation switch
        {
            Activation.Tanh => (z, Math.Tanh(z), 1 - Math.Tanh(z) * Math.Tanh(z)),
            Activation.ReLU => (z, Math.Max(z, 0), z > 0 ? 1 : 0),
            _ => throw new NotSupportedException(),
        };

        /// <summary>Rounded activations ã_0 … ã_{L−1} and derivatives φ'(z_l) of one input.</summary>
        private (double[][] A, double[][] D) Forward(ReadOnlySpan<float> input)
        {
            int depth = spec.LayerCount;
            var a = new double[depth][];
            var d = new double[depth][];
            a[0] = new double[spec.InputSize];
            for (int i = 0; i < a[0].Length; i++) a[0][i] = R(input[i]);
            for (int l = 1; l < depth; l++)
            {
                int fanIn = spec.Width(l - 1), fanOut = spec.Width(l);
                a[l] = new double[fanOut];
                d[l] = new double[fanOut];
                for (int i = 0; i < fanOut; i++)
                {
                    double sum = 0;
                    for (int j = 0; j < fanIn; j++) sum += parameters[spec.WeightOffset(l) + i * fanIn + j] * a[l - 1][j];
                    var (_, phi, derivative) = Unit(spec.WeightScale(l) * sum + parameters[spec.BiasOffset(l) + i]);
                    a[l][i] = R(phi);
                    d[l][i] = derivative;
                }
            }
            return (a, d);
        }

        /// <summary>Rounded δ_l for l = 1 … L from the seed δ_L (rounded by the caller).</summary>
        private double[][] Backward(double[][] d, double[] seed)
        {
            int depth = spec.LayerCount;
            var delta = new double[depth + 1][];
            delta[depth] = seed;
            for (int l = depth - 1; l >= 1; l--)
            {
                int width = spec.Width(l), above = spec.Width(l + 1);
                delta[l] = new double[width];
                for (int j = 0; j < width; j++)
                {
                    double sum = 0;
                    for (int i = 0; i < above; i++) sum += parameters[spec.WeightOffset(l + 1) + i * width + j] * delta[l + 1][i];
                    delta[l][j] = R(d[l][j] * spec.WeightScale(l + 1) * sum);
                }
            }
            return delta;
        }

        public (double Weights, double Biases) Ntk(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2)
        {
            var (a1, d1) = Forward(x1);
            var (a2, d2) = Forward(x2);
            double weights = 0, biases = 0;
            for (int k = 0; k < spec.OutputSize; k++)
            {
                var seed = new double[spec.OutputSize];
                seed[k] = 1;
                var delta1 = Backward(d1, seed);
                var delta2 = Backward(d2, seed);
                for (int l = 1; l <= spec.LayerCount; l++)
                {
                    double deltaDot = delta1[l].Zip(delta2[l], (u, v) => u * v).Sum();
                    double activationDot = a1[l - 1].Zip(a2[l - 1], (u, v) => u * v).Sum();
                    weights += deltaDot * spec.WeightScale(l) * spec.WeightScale(l) * activationDot;
                    biases += deltaDot;
                }
            }
            return (weights, biases);
        }

        public double[] LossGradient(float[] inputs, float[] cotangents, int count)
        {
            var gradient = new double[spec.ParameterCount];
            int n0 = spec.InputSize, o = spec.OutputSize;
            for (int n = 0; n < count; n++)
            {
                var (a, d) = Forward(inputs.AsSpan(n * n0, n0));
                var delta = Backward(d, [.. Enumerable.Range(0, o).Select(k => R(cotangents[n * o + k]))]);
                for (int l = 1; l <= spec.LayerCount; l++)
                {
                    int fanIn = spec.Width(l - 1);
                    for (int i = 0; i < spec.Width(l); i++)
                    {
                        for (int j = 0; j < fanIn; j++) gradient[spec.WeightOffset(l) + i * fanIn + j] += spec.WeightScale(l) * delta[l][i] * a[l - 1][j];
                        gradient[spec.BiasOffset(l) + i] += delta[l][i];
                    }
                }
            }
            return gradient;
        }
    }
}
