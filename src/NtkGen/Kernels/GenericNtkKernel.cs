using System.Numerics;
using System.Numerics.Tensors;

namespace NtkGen.Kernels;

/// <summary>
/// The portable kernel for any shape: the structured NTK with the widths read at run time and the per-sample inner
/// loops on <see cref="TensorPrimitives"/> (vectorized, but not unrolled for a width). Batches of shapes nobody declared
/// run on <see cref="RuntimeWidthNtkKernel{T, TVector, TOps, TActivation, TTile}"/>, which adds the batched cores to these per-sample ones.
/// </summary>
public class GenericNtkKernel<T> : StructuredNtkKernel<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly T[] _scales;

    /// <summary>A generic kernel for <paramref name="spec"/>.</summary>
    public GenericNtkKernel(NetworkSpec spec)
        : this(spec, KernelTier.Generic, $"generic-{PrecisionName.Of<T>()}")
    {
    }

    /// <summary>A kernel named <paramref name="name"/> whose per-sample cores are these.</summary>
    private protected GenericNtkKernel(NetworkSpec spec, KernelTier tier, string name)
        : base(spec, tier, name)
    {
        _scales = new T[spec.LayerCount + 1];
        for (int l = 1; l <= spec.LayerCount; l++) _scales[l] = T.CreateTruncating(spec.WeightScale(l));
    }

    /// <inheritdoc/>
    protected sealed override void ForwardTrace(ReadOnlySpan<T> parameters, ReadOnlySpan<T> input, Span<T> activations, Span<T> derivatives, Span<T> output, Span<T> scratch)
    {
        var spec = Spec;
        input.CopyTo(activations);
        for (int l = 1; l <= spec.LayerCount; l++)
        {
            int fanIn = spec.Width(l - 1), fanOut = spec.Width(l);
            var weights = parameters.Slice(spec.WeightOffset(l), fanIn * fanOut);
            var biases = parameters.Slice(spec.BiasOffset(l), fanOut);
            var previous = activations.Slice(spec.ActivationOffset(l - 1), fanIn);
            var z = l == spec.LayerCount ? output : scratch[..fanOut];
            T scale = _scales[l];
            for (int i = 0; i < fanOut; i++)
            {
                z[i] = scale * TensorPrimitives.Dot(weights.Slice(i * fanIn, fanIn), previous) + biases[i];
            }
            if (l < spec.LayerCount)
            {
                spec.ActivationFunction.Apply<T>(z,
                    activations.Slice(spec.ActivationOffset(l), fanOut), derivatives.Slice(spec.DerivativeOffset(l), fanOut));
            }
        }
    }

    /// <inheritdoc/>
    protected sealed override void BackwardTrace(ReadOnlySpan<T> parameters, ReadOnlySpan<T> derivatives, int outputIndex, Span<T> deltas, Span<T> scratch)
    {
        var spec = Spec;
        int depth = spec.LayerCount;
        if (outputIndex >= 0)
        {
            var last = deltas.Slice(spec.DeltaOffset(depth), spec.OutputSize);
            last.Clear();
            last[outputIndex] = T.One;
        }
        for (int l = depth - 1; l >= 1; l--)
        {
            int width = spec.Width(l), above = spec.Width(l + 1);
            var weights = parameters.Slice(spec.WeightOffset(l + 1), above * width);
            ReadOnlySpan<T> deltaAbove = deltas.Slice(spec.DeltaOffset(l + 1), above);
            var pulled = scratch[..width];
            pulled.Clear();
            for (int i = 0; i < above; i++)
            {
                // W_{l+1}ᵀ δ_{l+1} as a sum of rows: contiguous memory access.
                if (deltaAbove[i] != T.Zero) TensorPrimitives.MultiplyAdd(weights.Slice(i * width, width), deltaAbove[i], pulled, pulled);
            }
            var delta = deltas.Slice(spec.DeltaOffset(l), width);
            TensorPrimitives.Multiply(pulled, derivatives.Slice(spec.DerivativeOffset(l), width), delta);
            if (_scales[l + 1] != T.One) TensorPrimitives.Multiply(delta, _scales[l + 1], delta);
        }
    }

    /// <inheritdoc/>
    protected sealed override void Gradient(ReadOnlySpan<T> activations, ReadOnlySpan<T> deltas, Span<T> gradient)
    {
        var spec = Spec;
        for (int l = 1; l <= spec.LayerCount; l++)
        {
            int fanIn = spec.Width(l - 1), fanOut = spec.Width(l);
            var previous = activations.Slice(spec.ActivationOffset(l - 1), fanIn);
            var delta = deltas.Slice(spec.DeltaOffset(l), fanOut);
            var weightGradient = gradient.Slice(spec.WeightOffset(l), fanIn * fanOut);
            for (int i = 0; i < fanOut; i++)
            {
                TensorPrimitives.Multiply(previous, _scales[l] * delta[i], weightGradient.Slice(i * fanIn, fanIn));
            }
            delta.CopyTo(gradient.Slice(spec.BiasOffset(l), fanOut));
        }
    }

    /// <inheritdoc/>
    protected sealed override NtkValue<T> Pair(ReadOnlySpan<T> activations1, ReadOnlySpan<T> deltas1, ReadOnlySpan<T> activations2, ReadOnlySpan<T> deltas2, Span<T> blocks, Span<T> layers)
    {
        var spec = Spec;
        int outputs = spec.OutputSize, traceLength = spec.DeltaTraceLength;
        T biasWeight = spec.IncludeBiases ? T.One : T.Zero;
        T weights = T.Zero, biases = T.Zero;
        blocks.Clear();
        for (int l = 1; l <= spec.LayerCount; l++)
        {
            int fanIn = spec.Width(l - 1), width = spec.Width(l), deltaOffset = spec.DeltaOffset(l);
            int activationOffset = spec.ActivationOffset(l - 1);
            T gram = _scales[l] * _scales[l] * TensorPrimitives.Dot(activations1.Slice(activationOffset, fanIn), activations2.Slice(activationOffset, fanIn));
            T trace = T.Zero;
            for (int k = 0; k < outputs; k++)
            {
                var delta1 = deltas1.Slice(k * traceLength + deltaOffset, width);
                for (int k2 = 0; k2 < outputs; k2++)
                {
                    if (blocks.IsEmpty && k2 != k) continue;
                    T deltaDot = TensorPrimitives.Dot(delta1, deltas2.Slice(k2 * traceLength + deltaOffset, width));
                    if (k2 == k) trace += deltaDot;
                    if (!blocks.IsEmpty) blocks[k * outputs + k2] += deltaDot * (gram + biasWeight);
                }
            }
            weights += trace * gram;
            biases += trace * biasWeight;
            if (!layers.IsEmpty)
            {
                layers[2 * (l - 1)] = trace * gram;
                layers[2 * (l - 1) + 1] = trace * biasWeight;
            }
        }
        return new NtkValue<T>(weights, biases);
    }
}
