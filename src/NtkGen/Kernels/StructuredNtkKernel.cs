using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace NtkGen.Kernels;

/// <summary>
/// The structured-derivative NTK (THEORY.md §2) on top of four per-sample cores that a kernel supplies:
/// a forward pass that keeps the activations and derivatives, a backward pass of one output unit, the gradient's
/// outer products, and the contraction of two samples' traces. Generated kernels implement the cores with
/// fixed-width SIMD code; <see cref="GenericNtkKernel{T}"/> with runtime widths. This class validates arguments,
/// owns the buffers and loops over batches.
/// </summary>
/// <remarks>
/// A sample's trace is <c>[a_0 … a_{L-1} | φ'(z_1) … φ'(z_{L-1}) | δ^1_1 … δ^1_L | … | δ^O_1 … δ^O_L]</c>: everything
/// the NTK needs from that sample. <c>Θ(X, X')</c> is then one <see cref="Pair"/> per pair of samples, never a
/// per-sample Jacobian. Kernels that also have batched cores (the vector kernels, generated or run-time-width) run batches of at least one
/// vector of samples through them instead: layer products and Grams over blocks of samples, see
/// <c>StructuredNtkKernel.Batched.cs</c>.
/// </remarks>
public abstract partial class StructuredNtkKernel<T> : INtkKernel<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Below this many multiply-adds a batch runs on the calling thread only.</summary>
    private const long ParallelThreshold = 1 << 20;

    [ThreadStatic]
    private static T[]? t_workspace;

    private readonly int _activationLength;
    private readonly int _derivativeLength;
    private readonly int _deltaLength;
    private readonly int _traceLength;
    private readonly int _scratchLength;

    /// <summary>Sets up a kernel for <paramref name="spec"/>.</summary>
    protected StructuredNtkKernel(NetworkSpec spec, KernelTier tier, string name)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Spec = spec;
        Tier = tier;
        Name = name;
        _activationLength = spec.ActivationTraceLength;
        _derivativeLength = spec.DerivativeTraceLength;
        _deltaLength = spec.DeltaTraceLength;
        _traceLength = _activationLength + _derivativeLength + spec.OutputSize * _deltaLength;
        _scratchLength = spec.MaxWidth + spec.OutputSize;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public KernelTier Tier { get; }

    /// <inheritdoc/>
    public virtual KernelPath Path => new(Tier);

    /// <inheritdoc/>
    public NetworkSpec Spec { get; }

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>
    /// Forward pass of one input: writes <c>a_0 = x, a_1 … a_{L-1}</c> into <paramref name="activations"/>,
    /// <c>φ'(z_1) … φ'(z_{L-1})</c> into <paramref name="derivatives"/> and <c>f(x)</c> into <paramref name="output"/>.
    /// <paramref name="scratch"/> holds at least <see cref="NetworkSpec.MaxWidth"/> elements.
    /// </summary>
    protected abstract void ForwardTrace(ReadOnlySpan<T> parameters, ReadOnlySpan<T> input, Span<T> activations, Span<T> derivatives, Span<T> output, Span<T> scratch);

    /// <summary>
    /// Backward pass of output unit <paramref name="outputIndex"/>: <c>δ_L = e_k</c>,
    /// <c>δ_l = φ'(z_l) ⊙ (s_{l+1} W_{l+1}ᵀ δ_{l+1})</c>, written as <c>δ_1 … δ_L</c> into <paramref name="deltas"/>.
    /// A negative <paramref name="outputIndex"/> means <c>δ_L</c> already holds a cotangent (a vector-Jacobian product).
    /// </summary>
    protected abstract void BackwardTrace(ReadOnlySpan<T> parameters, ReadOnlySpan<T> derivatives, int outputIndex, Span<T> deltas, Span<T> scratch);

    /// <summary>The gradient in parameter layout: <c>∂f/∂W_l = s_l δ_l a_{l-1}ᵀ</c>, <c>∂f/∂b_l = δ_l</c>.</summary>
    protected abstract void Gradient(ReadOnlySpan<T> activations, ReadOnlySpan<T> deltas, Span<T> gradient);

    /// <summary>
    /// <c>Θ(x, x')</c> from two samples' traces: <c>Σ_l ⟨δ_l, δ'_l⟩ (s_l² ⟨a_{l-1}, a'_{l-1}⟩ + 1)</c> summed over output units
    /// (the return value, split into weights and biases); when <paramref name="blocks"/> is not empty, every
    /// <c>Θ_kk'</c> into it (<c>O × O</c>, weights plus biases); when <paramref name="layers"/> is not empty, each
    /// layer's weights and biases contributions into it (<c>[w_1, b_1, …, w_L, b_L]</c>). <paramref name="deltas1"/> and
    /// <paramref name="deltas2"/> hold <c>O</c> backward traces each.
    /// </summary>
    protected abstract NtkValue<T> Pair(ReadOnlySpan<T> activations1, ReadOnlySpan<T> deltas1, ReadOnlySpan<T> activations2, ReadOnlySpan<T> deltas2, Span<T> blocks, Span<T> layers);

    /// <inheritdoc/>
    public void Forward(ReadOnlySpan<T> parameters, ReadOnlySpan<T> input, Span<T> output)
    {
        ThrowIfRoundingSingleSamples();
        CheckParameters(parameters);
        CheckLength(input, Spec.InputSize, nameof(input));
        CheckLength(output, Spec.OutputSize, nameof(output));
        var workspace = Workspace(_activationLength + _derivativeLength + _scratchLength);
        ForwardTrace(parameters, input, workspace[.._activationLength], workspace.Slice(_activationLength, _derivativeLength),
            output, workspace[(_activationLength + _derivativeLength)..]);
    }

    /// <inheritdoc/>
    public void ForwardBatch(ReadOnlySpan<T> parameters, ReadOnlySpan<T> inputs, Span<T> outputs)
    {
        int count = SampleCount(inputs, nameof(inputs));
        CheckBatchFits(count, nameof(inputs));
        CheckLength(outputs, count * Spec.OutputSize, nameof(outputs));
        if (UsesBatchedCores(count, count))
        {
            CheckParameters(parameters);
            ForwardBatched(parameters, inputs, count, outputs);
            return;
        }
        int n0 = Spec.InputSize, outputSize = Spec.OutputSize;
        for (int i = 0; i < count; i++)
        {
            Forward(parameters, inputs.Slice(i * n0, n0), outputs.Slice(i * outputSize, outputSize));
        }
    }

    /// <inheritdoc/>
    public void Backward(ReadOnlySpan<T> parameters, ReadOnlySpan<T> input, int outputIndex, Span<T> gradient, Span<T> deltas)
    {
        ThrowIfRoundingSingleSamples();
        CheckParameters(parameters);
        CheckLength(input, Spec.InputSize, nameof(input));
        if ((uint)outputIndex >= (uint)Spec.OutputSize)
            throw new ArgumentOutOfRangeException(nameof(outputIndex), outputIndex, $"The network has {Spec.OutputSize} output units.");
        CheckLength(gradient, Spec.ParameterCount, nameof(gradient));
        if (!deltas.IsEmpty) CheckLength(deltas, _deltaLength, nameof(deltas));

        var workspace = Workspace(_activationLength + _derivativeLength + _deltaLength + _scratchLength);
        var activations = workspace[.._activationLength];
        var derivatives = workspace.Slice(_activationLength, _derivativeLength);
        var deltaTrace = workspace.Slice(_activationLength + _derivativeLength, _deltaLength);
        var scratch = workspace[(_activationLength + _derivativeLength + _deltaLength)..];
        ForwardTrace(parameters, input, activations, derivatives, scratch[Spec.MaxWidth..], scratch[..Spec.MaxWidth]);
        BackwardTrace(parameters, derivatives, outputIndex, deltaTrace, scratch);
        Gradient(activations, deltaTrace, gradient);
        if (!deltas.IsEmpty) deltaTrace.CopyTo(deltas);
    }

    /// <inheritdoc/>
    public NtkValue<T> NtkDiagonal(ReadOnlySpan<T> parameters, ReadOnlySpan<T> input)
    {
        ThrowIfRoundingSingleSamples();
        CheckParameters(parameters);
        CheckLength(input, Spec.InputSize, nameof(input));
        var workspace = Workspace(_traceLength + _scratchLength);
        var trace = workspace[.._traceLength];
        TraceSample(parameters, input, trace, workspace[_traceLength..]);
        var activations = trace[.._activationLength];
        var deltas = trace[(_activationLength + _derivativeLength)..];
        return Pair(activations, deltas, activations, deltas, default, default);
    }

    /// <summary>
    /// Θ(x, x) of every input, split into its weight and bias parts, as <see cref="NtkDiagonal"/> gives one input's: on the
    /// batched cores for batches they take (one block of inputs per thread at a time, so the memory is bounded whatever the
    /// count), else input by input.
    /// </summary>
    public void NtkDiagonalBatch(ReadOnlySpan<T> parameters, ReadOnlySpan<T> inputs, Span<T> weightPart, Span<T> biasPart)
    {
        CheckParameters(parameters);
        int count = SampleCount(inputs, nameof(inputs));
        CheckLength(weightPart, count, nameof(weightPart));
        CheckLength(biasPart, count, nameof(biasPart));
        if (UsesBatchedCores(count, count))
        {
            DiagonalBatched(parameters, inputs, count, weightPart, biasPart);
            return;
        }
        int n0 = Spec.InputSize;
        for (int i = 0; i < count; i++)
        {
            var value = NtkDiagonal(parameters, inputs.Slice(i * n0, n0));
            weightPart[i] = value.Weights;
            biasPart[i] = value.Biases;
        }
    }

    /// <summary>
    /// Every output pair of Θ(x, x) of every input, <c>O × O</c> per input as <see cref="NtkBlocks"/> gives them: on the
    /// batched cores for batches they take (a block of inputs per thread at a time), else input by input.
    /// </summary>
    public void NtkDiagonalBlocksBatch(ReadOnlySpan<T> parameters, ReadOnlySpan<T> inputs, Span<T> blocks)
    {
        CheckParameters(parameters);
        int count = SampleCount(inputs, nameof(inputs)), entry = Spec.OutputSize * Spec.OutputSize;
        CheckLength(blocks, count * entry, nameof(blocks));
        if (UsesBatchedCores(count, count))
        {
            DiagonalBlocksBatched(parameters, inputs, count, blocks);
            return;
        }
        int n0 = Spec.InputSize;
        for (int i = 0; i < count; i++)
        {
            var input = inputs.Slice(i * n0, n0);
            NtkBlocks(parameters, input, input, blocks.Slice(i * entry, entry));
        }
    }

    /// <inheritdoc/>
    public void NtkMatrix(ReadOnlySpan<T> parameters, ReadOnlySpan<T> inputs1, ReadOnlySpan<T> inputs2, Span<T> weightPart, Span<T> biasPart)
    {
        CheckParameters(parameters);
        int n1 = SampleCount(inputs1, nameof(inputs1));
        int n2 = SampleCount(inputs2, nameof(inputs2));
        CheckLength(weightPart, n1 * n2, nameof(weightPart));
        CheckLength(biasPart, n1 * n2, nameof(biasPart));
        bool symmetric = IsSameSpan(inputs1, inputs2);
        if (UsesBatchedCores(n1, n2))
        {
            MatrixBatched(parameters, inputs1, n1, inputs2, n2, symmetric, BatchedResult.Parts, weightPart, biasPart);
            return;
        }
        var sink = new PartsSink(weightPart, biasPart, n2);
        ForEachPair(parameters, inputs1, n1, inputs2, n2, symmetric, ref sink);
    }

    /// <inheritdoc/>
    public void NtkBlocks(ReadOnlySpan<T> parameters, ReadOnlySpan<T> inputs1, ReadOnlySpan<T> inputs2, Span<T> blocks)
    {
        CheckParameters(parameters);
        int n1 = SampleCount(inputs1, nameof(inputs1));
        int n2 = SampleCount(inputs2, nameof(inputs2));
        int outputs = Spec.OutputSize, blockSize = outputs * outputs;
        CheckLength(blocks, n1 * n2 * blockSize, nameof(blocks));
        bool symmetric = IsSameSpan(inputs1, inputs2);
        if (UsesBatchedCores(n1, n2))
        {
            MatrixBatched(parameters, inputs1, n1, inputs2, n2, symmetric, BatchedResult.Blocks, blocks, default);
            return;
        }
        var sink = new BlocksSink(blocks, n2, outputs);
        ForEachPair(parameters, inputs1, n1, inputs2, n2, symmetric, ref sink);
    }

    /// <inheritdoc/>
    public void NtkMatrixByLayer(ReadOnlySpan<T> parameters, ReadOnlySpan<T> inputs1, ReadOnlySpan<T> inputs2, Span<T> layers)
    {
        CheckParameters(parameters);
        int n1 = SampleCount(inputs1, nameof(inputs1));
        int n2 = SampleCount(inputs2, nameof(inputs2));
        int perPair = 2 * Spec.LayerCount;
        CheckLength(layers, n1 * n2 * perPair, nameof(layers));
        bool symmetric = IsSameSpan(inputs1, inputs2);
        if (UsesBatchedCores(n1, n2))
        {
            MatrixBatched(parameters, inputs1, n1, inputs2, n2, symmetric, BatchedResult.ByLayer, layers, default);
            return;
        }
        var sink = new ByLayerSink(layers, n2, perPair);
        ForEachPair(parameters, inputs1, n1, inputs2, n2, symmetric, ref sink);
    }

    /// <summary>
    /// The per-sample path of the NTK matrices: every sample's trace once, then one <see cref="Pair"/> per pair (one
    /// triangle when both batches are the same), each handed to <paramref name="sink"/>, which writes it where it belongs.
    /// </summary>
    private void ForEachPair<TSink>(ReadOnlySpan<T> parameters, ReadOnlySpan<T> inputs1, int n1, ReadOnlySpan<T> inputs2, int n2, bool symmetric, ref TSink sink)
        where TSink : IPairSink, allows ref struct
    {
        T[] traces1 = TraceBatch(parameters, inputs1, n1);
        T[] traces2 = symmetric ? traces1 : TraceBatch(parameters, inputs2, n2);
        try
        {
            for (int i = 0; i < n1; i++)
                for (int j = symmetric ? i : 0; j < n2; j++)
                    sink.Write(this, traces1, i, traces2, j, mirror: symmetric && j != i);
        }
        finally
        {
            ArrayPool<T>.Shared.Return(traces1);
            if (!symmetric) ArrayPool<T>.Shared.Return(traces2);
        }
    }

    /// <summary>Where one pair's NTK goes; <c>mirror</c> asks for (j, i) too.</summary>
    private interface IPairSink
    {
        void Write(StructuredNtkKernel<T> kernel, T[] traces1, int i, T[] traces2, int j, bool mirror);
    }

    /// <summary>Weights and biases parts of Θ(X1, X2).</summary>
    private readonly ref struct PartsSink(Span<T> weights, Span<T> biases, int columns) : IPairSink
    {
        private readonly Span<T> _weights = weights, _biases = biases;

        public void Write(StructuredNtkKernel<T> kernel, T[] traces1, int i, T[] traces2, int j, bool mirror)
        {
            var value = kernel.PairOf(traces1, i, traces2, j, default, default);
            _weights[i * columns + j] = value.Weights;
            _biases[i * columns + j] = value.Biases;
            if (!mirror) return;
            _weights[j * columns + i] = value.Weights;
            _biases[j * columns + i] = value.Biases;
        }
    }

    /// <summary>The O × O output blocks; Θ_kk'(x_j, x_i) = Θ_k'k(x_i, x_j).</summary>
    private readonly ref struct BlocksSink(Span<T> blocks, int columns, int outputs) : IPairSink
    {
        private readonly Span<T> _blocks = blocks;

        public void Write(StructuredNtkKernel<T> kernel, T[] traces1, int i, T[] traces2, int j, bool mirror)
        {
            int size = outputs * outputs;
            var block = _blocks.Slice((i * columns + j) * size, size);
            kernel.PairOf(traces1, i, traces2, j, block, default);
            if (!mirror) return;
            var mirrored = _blocks.Slice((j * columns + i) * size, size);
            for (int k = 0; k < outputs; k++)
                for (int k2 = 0; k2 < outputs; k2++)
                    mirrored[k * outputs + k2] = block[k2 * outputs + k];
        }
    }

    /// <summary>Each layer's weights and biases terms.</summary>
    private readonly ref struct ByLayerSink(Span<T> layers, int columns, int perPair) : IPairSink
    {
        private readonly Span<T> _layers = layers;

        public void Write(StructuredNtkKernel<T> kernel, T[] traces1, int i, T[] traces2, int j, bool mirror)
        {
            var pair = _layers.Slice((i * columns + j) * perPair, perPair);
            kernel.PairOf(traces1, i, traces2, j, default, pair);
            if (mirror) pair.CopyTo(_layers.Slice((j * columns + i) * perPair, perPair));
        }
    }

    /// <inheritdoc/>
    public (T Curvature, T Ntk) GradientCurvature(ReadOnlySpan<T> parameters, ReadOnlySpan<T> input, int outputIndex)
    {
        ThrowIfRoundingSingleSamples();
        CheckParameters(parameters);
        CheckLength(input, Spec.InputSize, nameof(input));
        if ((uint)outputIndex >= (uint)Spec.OutputSize)
            throw new ArgumentOutOfRangeException(nameof(outputIndex), outputIndex, $"The network has {Spec.OutputSize} output units.");
        int jetScratch = 5 * Spec.MaxWidth; // ȧ, ä, ż, z̈ and a zero vector
        var workspace = Workspace(_activationLength + _derivativeLength + _deltaLength + _scratchLength + jetScratch);
        var activations = workspace[.._activationLength];
        var derivatives = workspace.Slice(_activationLength, _derivativeLength);
        var deltaTrace = workspace.Slice(_activationLength + _derivativeLength, _deltaLength);
        var scratch = workspace.Slice(_activationLength + _derivativeLength + _deltaLength, _scratchLength);
        var jet = workspace[(_activationLength + _derivativeLength + _deltaLength + _scratchLength)..];
        ForwardTrace(parameters, input, activations, derivatives, scratch[Spec.MaxWidth..], scratch[..Spec.MaxWidth]);
        BackwardTrace(parameters, derivatives, outputIndex, deltaTrace, scratch);
        return Jet(parameters, activations, derivatives, deltaTrace, outputIndex, jet);
    }

    /// <summary>
    /// The second-order jet along the gradient of output <paramref name="outputIndex"/> from its traces; see
    /// <see cref="SecondOrderJet"/>. Generated kernels may override it with fixed-width code.
    /// </summary>
    protected virtual (T Curvature, T Ntk) Jet(ReadOnlySpan<T> parameters, ReadOnlySpan<T> activations, ReadOnlySpan<T> derivatives, ReadOnlySpan<T> deltas, int outputIndex, Span<T> scratch)
        => SecondOrderJet.Run(Spec, parameters, activations, derivatives, deltas, outputIndex, scratch);

    /// <summary>
    /// The most samples one <see cref="ForwardBatch"/> or <see cref="ForwardForGradient"/> call holds: the batch's traces
    /// live in one array, of at most <see cref="Array.MaxLength"/> elements (about 29 000 digits for
    /// <c>784 → 300 × 20 → 10</c>). Larger sets go in parts.
    /// </summary>
    public int MaxBatch
    {
        get
        {
            // Batched cores keep every output's delta rows in their panels, blocks of BatchColumns samples plus alignment.
            if (BatchColumns > 0) return (int)Math.Min(int.MaxValue, (Array.MaxLength - 1024L) / PanelLength * BatchColumns);
            return (int)Math.Min(int.MaxValue, Array.MaxLength / (long)(_activationLength + _derivativeLength + _deltaLength));
        }
    }

    private void CheckBatchFits(int count, string name)
    {
        if (count > MaxBatch)
            throw new ArgumentException($"A batch of {count} samples does not fit in one array of traces ({MaxBatch} at most for this network): pass it in parts.", name);
    }

    /// <summary>
    /// Forward pass of a batch that keeps what <see cref="LossGradient"/> needs; <see cref="BatchTraces.Outputs"/>
    /// holds f(x_n) (<c>N × O</c>). Dispose it to return its buffers.
    /// </summary>
    public BatchTraces ForwardForGradient(ReadOnlySpan<T> parameters, ReadOnlySpan<T> inputs)
    {
        CheckParameters(parameters);
        int count = SampleCount(inputs, nameof(inputs));
        CheckBatchFits(count, nameof(inputs));
        if (UsesBatchedCores(count, count)) return ForwardForGradientBatched(parameters, inputs[..(count * Spec.InputSize)], count);
        int n0 = Spec.InputSize, outputs = Spec.OutputSize, stride = _activationLength + _derivativeLength + _deltaLength;
        var traces = ArrayPool<T>.Shared.Rent(Math.Max(1, count * stride));
        var result = new BatchTraces(count, new T[count * outputs], traces, stride);
        unsafe
        {
            fixed (T* p = parameters, x = inputs)
            {
                var parameterSpan = new PinnedSpan<T>(p, parameters.Length);
                var inputSpan = new PinnedSpan<T>(x, count * n0);
                ForEachSample(count, (long)Spec.ParameterCount, i =>
                {
                    var scratch = Workspace(_scratchLength);
                    var trace = traces.AsSpan(i * stride, stride);
                    ForwardTrace(parameterSpan.Span, inputSpan.Span.Slice(i * n0, n0), trace[.._activationLength], trace.Slice(_activationLength, _derivativeLength),
                        result.Outputs.AsSpan(i * outputs, outputs), scratch[..Spec.MaxWidth]);
                });
            }
        }
        return result;
    }

    /// <summary>
    /// <c>Σ_n J(x_n)ᵀ c_n</c>: the gradient of a loss whose derivative with respect to f(x_n) is
    /// <paramref name="cotangents"/> row n (<c>N × O</c>), in parameter layout, overwriting <paramref name="gradient"/>.
    /// Every row of every weight matrix is summed over samples in sample order, so the result does not depend on threads.
    /// </summary>
    public void LossGradient(ReadOnlySpan<T> parameters, BatchTraces forward, ReadOnlySpan<T> cotangents, Span<T> gradient)
    {
        CheckParameters(parameters);
        CheckLength(gradient, Spec.ParameterCount, nameof(gradient));
        int count = forward.Count, outputs = Spec.OutputSize, stride = forward.Stride;
        CheckLength(cotangents, count * outputs, nameof(cotangents));
        if (forward.IsPanels)
        {
            LossGradientBatched(parameters, forward, cotangents, gradient);
            return;
        }
        var traces = forward.Traces;
        int deltaStart = _activationLength + _derivativeLength;
        var spec = Spec;
        var rows = new List<(int Layer, int Row)>();
        for (int l = 1; l <= spec.LayerCount; l++)
            for (int r = 0; r < spec.Width(l); r++) rows.Add((l, r));
        unsafe
        {
            fixed (T* p = parameters, c = cotangents, g = gradient)
            {
                var parameterSpan = new PinnedSpan<T>(p, parameters.Length);
                var cotangentSpan = new PinnedSpan<T>(c, count * outputs);
                var gradientSpan = new PinnedSpan<T>(g, gradient.Length);
                ForEachSample(count, (long)Spec.ParameterCount, i =>
                {
                    var scratch = Workspace(_scratchLength);
                    var trace = traces.AsSpan(i * stride, stride);
                    var deltas = trace.Slice(deltaStart, _deltaLength);
                    cotangentSpan.Span.Slice(i * outputs, outputs).CopyTo(deltas.Slice(Spec.DeltaOffset(Spec.LayerCount), outputs));
                    BackwardTrace(parameterSpan.Span, trace.Slice(_activationLength, _derivativeLength), -1, deltas, scratch);
                });

                // ∂/∂W_l = s_l Σ_n δ_l(x_n) a_{l-1}(x_n)ᵀ, ∂/∂b_l = Σ_n δ_l(x_n): one output row per task, samples in order.
                Parallel.For(0, rows.Count, new ParallelOptions { MaxDegreeOfParallelism = count * (long)spec.ParameterCount < ParallelThreshold ? 1 : -1 }, task =>
                {
                    var (l, r) = rows[task];
                    int fanIn = spec.Width(l - 1);
                    T scale = T.CreateTruncating(spec.WeightScale(l));
                    var row = gradientSpan.Span.Slice(spec.WeightOffset(l) + r * fanIn, fanIn);
                    row.Clear();
                    T bias = T.Zero;
                    int activationOffset = spec.ActivationOffset(l - 1), deltaOffset = deltaStart + spec.DeltaOffset(l) + r;
                    for (int n = 0; n < count; n++)
                    {
                        T delta = traces[n * stride + deltaOffset];
                        if (delta == T.Zero) continue;
                        bias += delta;
                        TensorPrimitives.MultiplyAdd(traces.AsSpan(n * stride + activationOffset, fanIn), scale * delta, row, row);
                    }
                    gradientSpan.Span[spec.BiasOffset(l) + r] = bias;
                });
            }
        }
    }

    /// <summary>Per-sample work on all cores when it is worth it; each sample's result is the same on any thread.</summary>
    private static void ForEachSample(int count, long workPerSample, Action<int> body)
    {
        if (count * workPerSample < ParallelThreshold || Environment.ProcessorCount == 1)
        {
            for (int i = 0; i < count; i++) body(i);
            return;
        }
        Parallel.For(0, count, body);
    }

    /// <summary>The traces of a batch kept between <see cref="ForwardForGradient"/> and <see cref="LossGradient"/>.</summary>
    public sealed class BatchTraces : IDisposable
    {
        internal BatchTraces(int count, T[] outputs, T[] traces, int stride)
        {
            Count = count;
            Outputs = outputs;
            Traces = traces;
            Stride = stride;
        }

        /// <summary>Traces kept as the batched cores' panels (<see cref="Traces"/> from the aligned pool, panels from <paramref name="offset"/>).</summary>
        internal static BatchTraces OfPanels(int count, T[] outputs, T[] panels, int offset)
            => new(count, outputs, panels, stride: 0) { IsPanels = true, PanelOffset = offset };

        /// <summary>Whether <see cref="Traces"/> holds the batched cores' panels rather than one trace per sample.</summary>
        internal bool IsPanels { get; private init; }

        /// <summary>Where the panels start in <see cref="Traces"/>.</summary>
        internal int PanelOffset { get; private init; }

        /// <summary>Number of samples.</summary>
        public int Count { get; }

        /// <summary>f(x_n), <c>N × O</c> row-major.</summary>
        public T[] Outputs { get; }

        internal T[] Traces { get; private set; }

        internal int Stride { get; }

        /// <inheritdoc/>
        public void Dispose()
        {
            if (Traces.Length == 0) return;
            if (IsPanels) AlignedArrayPool<T>.Return(Traces);
            else ArrayPool<T>.Shared.Return(Traces);
            Traces = [];
        }
    }

    private NtkValue<T> PairOf(T[] traces1, int i, T[] traces2, int j, Span<T> blocks, Span<T> layers)
    {
        var trace1 = traces1.AsSpan(i * _traceLength, _traceLength);
        var trace2 = traces2.AsSpan(j * _traceLength, _traceLength);
        int deltaStart = _activationLength + _derivativeLength;
        return Pair(trace1[.._activationLength], trace1[deltaStart..], trace2[.._activationLength], trace2[deltaStart..], blocks, layers);
    }

    /// <summary>Traces of every input of a batch, one after another, in a pooled array the caller returns.</summary>
    private T[] TraceBatch(ReadOnlySpan<T> parameters, ReadOnlySpan<T> inputs, int count)
    {
        var traces = ArrayPool<T>.Shared.Rent(Math.Max(1, count * _traceLength));
        int n0 = Spec.InputSize;
        long work = (long)count * Spec.ParameterCount * (1 + Spec.OutputSize);
        // Small batches (e.g. one Monte Carlo sample) stay on the calling thread, which may itself be one of many.
        if (work < ParallelThreshold || count < 4 * Environment.ProcessorCount || Environment.ProcessorCount == 1)
        {
            var scratch = Workspace(_scratchLength);
            for (int i = 0; i < count; i++)
                TraceSample(parameters, inputs.Slice(i * n0, n0), traces.AsSpan(i * _traceLength, _traceLength), scratch);
        }
        else
        {
            // Each sample's trace is computed the same way on any thread: results do not depend on the thread count.
            unsafe
            {
                fixed (T* p = parameters, x = inputs)
                {
                    var parameterSpan = new PinnedSpan<T>(p, parameters.Length);
                    var inputSpan = new PinnedSpan<T>(x, count * n0);
                    KernelThreading.For(count, i =>
                    {
                        var scratch = Workspace(_scratchLength);
                        TraceSample(parameterSpan.Span, inputSpan.Span.Slice(i * n0, n0), traces.AsSpan(i * _traceLength, _traceLength), scratch);
                    });
                }
            }
        }
        return traces;
    }

    private void TraceSample(ReadOnlySpan<T> parameters, ReadOnlySpan<T> input, Span<T> trace, Span<T> scratch)
    {
        var activations = trace[.._activationLength];
        var derivatives = trace.Slice(_activationLength, _derivativeLength);
        var deltas = trace[(_activationLength + _derivativeLength)..];
        ForwardTrace(parameters, input, activations, derivatives, scratch.Slice(Spec.MaxWidth, Spec.OutputSize), scratch[..Spec.MaxWidth]);
        for (int k = 0; k < Spec.OutputSize; k++)
        {
            BackwardTrace(parameters, derivatives, k, deltas.Slice(k * _deltaLength, _deltaLength), scratch[..Spec.MaxWidth]);
        }
    }

    /// <summary>A per-thread buffer of at least <paramref name="length"/> elements, reused across calls.</summary>
    private static Span<T> Workspace(int length)
    {
        var workspace = t_workspace;
        if (workspace is null || workspace.Length < length)
        {
            workspace = new T[Math.Max(length, 256)];
            t_workspace = workspace;
        }
        return workspace.AsSpan(0, length);
    }

    private static bool IsSameSpan(ReadOnlySpan<T> first, ReadOnlySpan<T> second)
        => first.Length == second.Length
           && Unsafe.AreSame(ref Unsafe.AsRef(in first.GetPinnableReference()), ref Unsafe.AsRef(in second.GetPinnableReference()));

    private int SampleCount(ReadOnlySpan<T> inputs, string name)
    {
        if (inputs.Length % Spec.InputSize != 0)
            throw new ArgumentException($"A batch of inputs holds a multiple of n0 = {Spec.InputSize} values, not {inputs.Length}.", name);
        return inputs.Length / Spec.InputSize;
    }

    private void CheckParameters(ReadOnlySpan<T> parameters) => CheckLength(parameters, Spec.ParameterCount, nameof(parameters));

    private static void CheckLength(ReadOnlySpan<T> span, int expected, string name)
    {
        if (span.Length != expected)
            throw new ArgumentException($"Expected {expected} values, got {span.Length}.", name);
    }
}
