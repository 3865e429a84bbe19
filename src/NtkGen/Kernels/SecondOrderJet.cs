using System.Numerics;
using System.Numerics.Tensors;

namespace NtkGen.Kernels;

/// <summary>
/// The second derivative of an output along its own gradient, <c>∇f_kᵀ H ∇f_k = d²/dt² f_k(w + t∇f_k)|_{t=0}</c>, by
/// propagating a second-order Taylor jet through the layers (THEORY.md §5). The direction's blocks are the gradient's,
/// <c>V_l = s_l δ_l a_{l-1}ᵀ</c> and <c>c_l = δ_l</c> (when biases count), so <c>V_l a = s_l δ_l ⟨a_{l-1}, a⟩</c> costs a dot
/// product and the jet costs two matrix-vector products per layer:
/// <code>
/// ż_l = s_l² ‖a_{l-1}‖² δ_l + s_l W_l ȧ_{l-1} + c_l        ȧ_l = φ'(z_l) ż_l
/// z̈_l = 2 s_l² ⟨a_{l-1}, ȧ_{l-1}⟩ δ_l + s_l W_l ä_{l-1}    ä_l = φ'(z_l) z̈_l + φ''(z_l) ż_l²
/// </code>
/// with <c>ȧ_0 = ä_0 = 0</c>; then <c>z̈_L[k]</c> is the curvature and <c>ż_L[k] = ‖∇f_k‖² = Θ_kk(x, x)</c>.
/// </summary>
/// <remarks>
/// This is the runtime-shaped version every kernel inherits; generated kernels may override it with fixed-width code.
/// φ'' is 0 for the piecewise-linear activations; for the others it is the operator's, at z_l recomputed from the trace.
/// </remarks>
public static class SecondOrderJet
{
    /// <summary>
    /// Runs the jet from a forward trace (<paramref name="activations"/>, <paramref name="derivatives"/>) and the
    /// backward trace of output <paramref name="outputIndex"/> (<paramref name="deltas"/>); returns (curvature, Θ_kk).
    /// <paramref name="scratch"/> holds at least <c>5 · MaxWidth</c> elements, as kernels receive.
    /// </summary>
    public static (T Curvature, T Ntk) Run<T>(NetworkSpec spec, ReadOnlySpan<T> parameters, ReadOnlySpan<T> activations, ReadOnlySpan<T> derivatives,
        ReadOnlySpan<T> deltas, int outputIndex, Span<T> scratch)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int max = spec.MaxWidth, depth = spec.LayerCount;
        var aDot = scratch[..max];
        var aDdot = scratch.Slice(max, max);
        var zDot = scratch.Slice(2 * max, max);
        var zDdot = scratch.Slice(3 * max, max);
        aDot.Clear();
        aDdot.Clear();
        T biasWeight = spec.IncludeBiases ? T.One : T.Zero;
        for (int l = 1; l <= depth; l++)
        {
            int fanIn = spec.Width(l - 1), width = spec.Width(l);
            T scale = T.CreateTruncating(spec.WeightScale(l));
            var weights = parameters.Slice(spec.WeightOffset(l), width * fanIn);
            var previous = activations.Slice(spec.ActivationOffset(l - 1), fanIn);
            var delta = deltas.Slice(spec.DeltaOffset(l), width);
            var inDot = aDot[..fanIn];
            var inDdot = aDdot[..fanIn];
            T normSquared = TensorPrimitives.Dot(previous, previous);
            T inner = TensorPrimitives.Dot(previous, inDot);
            var outDot = zDot[..width];
            var outDdot = zDdot[..width];
            for (int i = 0; i < width; i++)
            {
                var row = weights.Slice(i * fanIn, fanIn);
                outDot[i] = scale * scale * normSquared * delta[i] + scale * TensorPrimitives.Dot(row, inDot) + biasWeight * delta[i];
                outDdot[i] = (scale + scale) * scale * inner * delta[i] + scale * TensorPrimitives.Dot(row, inDdot);
            }
            if (l == depth) return (outDdot[outputIndex], outDot[outputIndex]);

            var d = derivatives.Slice(spec.DerivativeOffset(l), width);
            if (spec.ActivationFunction.IsPiecewiseLinear)
            {
                for (int i = 0; i < width; i++)
                {
                    aDot[i] = d[i] * outDot[i];
                    aDdot[i] = d[i] * outDdot[i];
                }
                continue;
            }
            // φ'' needs z_l, which the trace does not keep: one more matrix-vector product.
            var second = scratch.Slice(4 * max, width);
            var biases = parameters.Slice(spec.BiasOffset(l), width);
            for (int i = 0; i < width; i++) second[i] = scale * TensorPrimitives.Dot(weights.Slice(i * fanIn, fanIn), previous) + biases[i];
            spec.ActivationFunction.SecondDerivatives<T>(second, second);
            for (int i = 0; i < width; i++)
            {
                aDot[i] = d[i] * outDot[i];
                aDdot[i] = d[i] * outDdot[i] + second[i] * outDot[i] * outDot[i];
            }
        }
        throw new InvalidOperationException("unreachable");
    }
}
