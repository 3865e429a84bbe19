namespace NtkGen.Engines;

/// <summary>
/// The NTK of a real network at initialization, sampled without drawing its weight matrices (THEORY.md §7): every
/// layer's matrix is a <see cref="ConditionedGaussianMatrix"/>, multiplied by the K inputs' activations on the way
/// forward and by every output's and input's backward vector on the way back, so each product has the law it has in a
/// network of drawn weights; biases are drawn. Any activation, σ_b², parametrization and number of outputs. Returns, per
/// network, <c>Θ(x_0, x_r)</c> for the K given inputs (the trace over the outputs, biases included) and the weights and
/// biases parts of <c>Θ(x_0, x_0)</c>, divided by <c>e^{LogScale}</c> (<see cref="HomogeneousRescaling"/>, as brute force).
/// </summary>
/// <remarks>
/// Work per network: for each layer, K forward products and K·O backward products, each <c>O(M·P)</c> with P ≤ K(1 + O)
/// known directions — against <c>M²</c> normals and <c>K·M²</c> multiply-adds per layer for a drawn network.
/// The randomness comes from <see cref="ConditionedLayers"/>, so a network is the same on any thread.
/// </remarks>
public sealed class ConditionedNetworkSampler
{
    private readonly NetworkSpec _network;
    private readonly HomogeneousRescaling _rescaling;
    private readonly NetworkSpec _spec; // the networks drawn: He-scaled where the rescaling applies

    /// <summary>A sampler for networks of <paramref name="spec"/>.</summary>
    public ConditionedNetworkSampler(NetworkSpec spec)
    {
        _network = spec;
        _rescaling = new HomogeneousRescaling(spec);
        _spec = _rescaling.DrawSpec;
    }

    /// <summary>Whether networks are drawn He-scaled and σ_w² restored per layer.</summary>
    public bool Rescaled => _rescaling.Applies;

    /// <summary>Every value this sampler returns is the NTK divided by <c>e^{LogScale}</c>.</summary>
    public double LogScale => _rescaling.LogScale;

    /// <summary>Buffers for one thread and <paramref name="inputs"/> inputs per network.</summary>
    public Workspace CreateWorkspace(int inputs) => new(_spec, inputs);

    /// <summary>
    /// One network, drawn from <paramref name="seed"/> and <paramref name="networkStream"/>, at the <c>K</c> inputs of
    /// <paramref name="inputs"/> (row-major, K × n0): writes <c>Θ(x_0, x_r)</c> into <paramref name="totals"/> (K values) and
    /// returns the weights and biases parts of <c>Θ(x_0, x_0)</c>.
    /// </summary>
    public DiagonalSample Sample(ReadOnlySpan<double> inputs, ulong seed, ulong networkStream, Workspace workspace, Span<double> totals)
    {
        int depth = _spec.LayerCount, k = workspace.Inputs, outputs = _spec.OutputSize;
        if (inputs.Length != k * _spec.InputSize || totals.Length != k) throw new ArgumentException($"Give {k} inputs of {_spec.InputSize} values and {k} totals.");
        var activation = _spec.ActivationFunction;

        // Forward: a_0 = x; h_l = s_l V_l a_{l-1} + b_l, the K inputs as one block; the activations a_l and derivatives
        // φ'(h_l) are kept. The output layer's forward products are not needed: Θ does not depend on f, and V_L's backward
        // products are independent of everything else whether or not V_L a_{L-1} was sampled (their law given it is the same).
        inputs.CopyTo(workspace.Activations[0]);
        ConditionedLayers.Reset(workspace.Matrices[depth], seed, networkStream, depth);
        for (int l = 1; l < depth; l++)
        {
            int width = _spec.Width(l);
            var matrix = workspace.Matrices[l];
            ConditionedLayers.Reset(matrix, seed, networkStream, l);
            var bias = workspace.Bias.AsSpan(0, width);
            ConditionedLayers.DrawBias(_spec, seed, networkStream, l, bias);
            double scale = _spec.WeightScale(l);
            var h = workspace.Preactivation.AsSpan(0, k * width);
            matrix.MultiplyBlock(workspace.Activations[l - 1], h);
            for (int r = 0; r < k; r++)
            {
                var row = h.Slice(r * width, width);
                for (int i = 0; i < width; i++) row[i] = scale * row[i] + bias[i];
                activation.Apply<double>(row, workspace.Activations[l].AsSpan(r * width, width), workspace.Derivatives[l].AsSpan(r * width, width));
            }
        }

        // Backward, every output's and input's vector of a layer as one block (row o·K + r): δ_L = e_o;
        // δ_{l-1} = φ'(h_{l-1}) ⊙ (s_l V_lᵀ δ_l). Θ(x_0, x_r) = Σ_o Σ_l (s_l² a_{l-1}·a'_{l-1} + 1) δ_l·δ'_l.
        totals.Clear();
        double weights0 = 0, biases0 = 0;
        int rows = outputs * k, size = outputs;
        var delta = workspace.Delta.AsSpan(0, rows * size);
        delta.Clear();
        for (int o = 0; o < outputs; o++)
            for (int r = 0; r < k; r++) delta[(o * k + r) * size + o] = 1;
        for (int l = depth; l >= 1; l--)
        {
            int fanIn = _spec.Width(l - 1);
            double scale = _spec.WeightScale(l);
            var a = workspace.Activations[l - 1];
            var a0 = a.AsSpan(0, fanIn);
            for (int r = 0; r < k; r++)
            {
                double deltas = 0;
                for (int o = 0; o < outputs; o++) deltas += Dot(delta.Slice(o * k * size, size), delta.Slice((o * k + r) * size, size));
                double weights = _rescaling.WeightsFactor * scale * scale * Dot(a0, a.AsSpan(r * fanIn, fanIn)) * deltas;
                double biases = _rescaling.BiasFactor(l) * deltas;
                totals[r] += weights + biases;
                if (r == 0)
                {
                    weights0 += weights;
                    biases0 += biases;
                }
            }
            if (l == 1) break;
            var back = workspace.Back.AsSpan(0, rows * fanIn);
            workspace.Matrices[l].MultiplyTransposedBlock(delta, back);
            delta = workspace.Delta.AsSpan(0, rows * fanIn);
            for (int o = 0; o < outputs; o++)
            {
                for (int r = 0; r < k; r++)
                {
                    var d = workspace.Derivatives[l - 1].AsSpan(r * fanIn, fanIn);
                    var from = back.Slice((o * k + r) * fanIn, fanIn);
                    var to = delta.Slice((o * k + r) * fanIn, fanIn);
                    for (int i = 0; i < fanIn; i++) to[i] = d[i] * scale * from[i];
                }
            }
            size = fanIn;
        }
        if (!double.IsFinite(totals[0])) throw new OverflowException($"Θ overflowed for {_network}: only zero-bias networks of a piecewise-linear activation are rescaled.");
        return new DiagonalSample(weights0, biases0);
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);

    /// <summary>Per-thread buffers: one conditioned matrix per layer, the forward traces of every input, the backward vectors.</summary>
    public sealed class Workspace
    {
        internal Workspace(NetworkSpec spec, int inputs)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
            Inputs = inputs;
            int depth = spec.LayerCount;
            Matrices = new ConditionedGaussianMatrix[depth + 1];
            Activations = new double[depth][];
            Derivatives = new double[depth][];
            for (int l = 1; l <= depth; l++)
            {
                double deviation = spec.InitialWeightStandardDeviation(l);
                Matrices[l] = new ConditionedGaussianMatrix(spec.Width(l), spec.Width(l - 1), deviation * deviation, 0, 0);
            }
            for (int l = 0; l < depth; l++)
            {
                Activations[l] = new double[inputs * spec.Width(l)];
                Derivatives[l] = new double[inputs * spec.Width(l)];
            }
            Preactivation = new double[inputs * spec.MaxWidth];
            Bias = new double[spec.MaxWidth];
            Back = new double[spec.OutputSize * inputs * spec.MaxWidth];
            Delta = new double[spec.OutputSize * inputs * spec.MaxWidth];
        }

        internal int Inputs { get; }

        internal ConditionedGaussianMatrix[] Matrices { get; }

        internal double[][] Activations { get; }

        internal double[][] Derivatives { get; }

        internal double[] Preactivation { get; }

        internal double[] Bias { get; }

        internal double[] Back { get; }

        internal double[] Delta { get; }
    }
}
