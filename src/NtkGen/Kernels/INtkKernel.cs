using System.Numerics;

namespace NtkGen.Kernels;

/// <summary>
/// Forward pass, backward pass and exact empirical NTK of one network shape (THEORY.md §2). Parameters use the
/// layout of <see cref="NetworkSpec"/>; batches of inputs are row-major (<c>N × n0</c>). Implementations are
/// thread-safe: one instance may serve many threads.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public interface INtkKernel<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>A name that says what runs, e.g. <c>generated-v512-f32 (Demo.HeNet)</c> or <c>generic-f64</c>.</summary>
    string Name { get; }

    /// <summary>Which implementation this is.</summary>
    KernelTier Tier { get; }

    /// <summary>The tier, and whether it is the run-time-width kernel rather than a generated one.</summary>
    KernelPath Path { get; }

    /// <summary>The network this kernel computes.</summary>
    NetworkSpec Spec { get; }

    /// <summary>The outputs <c>f(x)</c> (length <c>O</c>) for one input.</summary>
    void Forward(ReadOnlySpan<T> parameters, ReadOnlySpan<T> input, Span<T> output);

    /// <summary>The outputs (<c>N × O</c>) for a batch of inputs (<c>N × n0</c>).</summary>
    void ForwardBatch(ReadOnlySpan<T> parameters, ReadOnlySpan<T> inputs, Span<T> outputs);

    /// <summary>
    /// Backpropagates output unit <paramref name="outputIndex"/>: writes <c>∂f_k/∂p</c> for every parameter into
    /// <paramref name="gradient"/> (parameter layout) and, unless empty, the per-layer <c>δ_l = ∂f_k/∂z_l</c>
    /// (<c>δ_1 … δ_L</c> concatenated, <see cref="NetworkSpec.DeltaTraceLength"/>) into <paramref name="deltas"/>.
    /// </summary>
    void Backward(ReadOnlySpan<T> parameters, ReadOnlySpan<T> input, int outputIndex, Span<T> gradient, Span<T> deltas);

    /// <summary><c>Θ(x, x)</c>, the trace over output units, split into weight and bias parts.</summary>
    NtkValue<T> NtkDiagonal(ReadOnlySpan<T> parameters, ReadOnlySpan<T> input);

    /// <summary>
    /// <c>Θ(X1, X2)</c> (trace over output units) as an <c>N1 × N2</c> row-major matrix split into the weight part and
    /// the bias part; their sum is the NTK. Passing the same span as both inputs computes only one triangle.
    /// </summary>
    void NtkMatrix(ReadOnlySpan<T> parameters, ReadOnlySpan<T> inputs1, ReadOnlySpan<T> inputs2, Span<T> weightPart, Span<T> biasPart);

    /// <summary>
    /// <c>Θ(X1, X2)</c> (trace over outputs) split by layer: for each pair <c>(i, j)</c>, <c>2L</c> values
    /// <c>[w_1, b_1, …, w_L, b_L]</c>, the weights and biases contributions of layers 1 … L, at
    /// <c>layers[(i·N2 + j)·2L …]</c>. Experiments rescale layers with them (e.g. to keep deep networks in range).
    /// </summary>
    void NtkMatrixByLayer(ReadOnlySpan<T> parameters, ReadOnlySpan<T> inputs1, ReadOnlySpan<T> inputs2, Span<T> layers);

    /// <summary>
    /// <c>∇f_kᵀ H_k ∇f_k</c>, the second derivative of output <paramref name="outputIndex"/> along its own gradient (H_k
    /// its Hessian in the parameters that count in the NTK), by a forward second-order jet (THEORY.md §5), and
    /// <c>Θ_kk(x, x) = ‖∇f_k‖²</c>. One gradient step on <c>½(f − y)²</c> changes Θ(x, x) by
    /// <c>−2η (f − y) ∇fᵀH∇f + O(η²)</c>.
    /// </summary>
    (T Curvature, T Ntk) GradientCurvature(ReadOnlySpan<T> parameters, ReadOnlySpan<T> input, int outputIndex);

    /// <summary>The full output blocks <c>Θ_kk'(x_i, x'_j)</c> as an <c>N1 × N2 × O × O</c> row-major array.</summary>
    void NtkBlocks(ReadOnlySpan<T> parameters, ReadOnlySpan<T> inputs1, ReadOnlySpan<T> inputs2, Span<T> blocks);
}
