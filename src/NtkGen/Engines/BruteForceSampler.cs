using System.Numerics;
using NtkGen.Kernels;
using NtkGen.Random;

namespace NtkGen.Engines;

/// <summary>
/// Monte Carlo over real networks (THEORY.md §6): each sample draws a fresh network and a fresh pair of unit-norm
/// Gaussian inputs <c>x, y</c>, and computes <c>Θ(x, x_r)</c> for <c>x_r = r x + √(1−r²) y</c> at every requested
/// correlation <c>r</c> (the trace over the outputs when there are several), with the kernel the registry picks for the
/// shape (generated when declared).
/// </summary>
/// <remarks>
/// <para>Deep zero-bias ReLU networks are drawn He-scaled and rescaled exactly (<see cref="HomogeneousRescaling"/>).</para>
/// <para>Network <c>s</c> uses Philox stream <c>networkStreams + s</c> and its inputs stream <c>inputStreams + s</c>, so a
/// sample is the same on any thread.</para>
/// </remarks>
public sealed class BruteForceSampler<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly NetworkSpec _spec;
    private readonly HomogeneousRescaling _rescaling;
    private readonly INtkKernel<T> _kernel;
    private readonly double[] _correlations;

    /// <summary>A sampler for <paramref name="spec"/> at the correlations <paramref name="correlations"/> (the first must be 1).</summary>
    public BruteForceSampler(NetworkSpec spec, IReadOnlyList<double> correlations, KernelTier? tier = null)
    {
        if (correlations.Count == 0 || correlations[0] != 1.0) throw new ArgumentException("The first correlation must be 1 (Θ(x, x)).", nameof(correlations));
        _spec = spec;
        _correlations = [.. correlations];
        _rescaling = new HomogeneousRescaling(spec);
        _kernel = KernelRegistry.Resolve<T>(_rescaling.DrawSpec, tier);
    }

    /// <summary>The kernel that computes the NTKs.</summary>
    public string KernelName => _kernel.Name;

    /// <summary>Whether weights are drawn He-scaled and σ_w² restored per layer.</summary>
    public bool Rescaled => _rescaling.Applies;

    /// <summary>Every value this sampler returns is the NTK divided by <c>e^{LogScale}</c>.</summary>
    public double LogScale => _rescaling.LogScale;

    /// <summary>Buffers for one thread.</summary>
    public Workspace CreateWorkspace() => new(_spec, _correlations.Length);

    /// <summary>
    /// One sample, from network stream <paramref name="networkStream"/> and input stream <paramref name="inputStream"/>: writes <c>Θ(x, x_r)/e^S</c> for every correlation into <paramref name="totals"/> and
    /// returns the weights and biases parts of <c>Θ(x, x)/e^S</c>.
    /// </summary>
    public DiagonalSample Sample(ulong seed, ulong networkStream, ulong inputStream, Workspace workspace, Span<double> totals)
    {
        int n0 = _spec.InputSize, depth = _spec.LayerCount, count = _correlations.Length;
        DrawInputs(seed, inputStream, workspace);
        DrawNetwork(seed, networkStream, workspace);
        _kernel.NtkMatrixByLayer(workspace.Parameters, workspace.Inputs.AsSpan(0, n0), workspace.Inputs, workspace.Layers);

        double weights0 = 0, biases0 = 0;
        for (int r = 0; r < count; r++)
        {
            var layers = workspace.Layers.AsSpan(r * 2 * depth, 2 * depth);
            double weights = 0, biases = 0;
            for (int l = 1; l <= depth; l++)
            {
                weights += double.CreateTruncating(layers[2 * (l - 1)]);
                biases += _rescaling.BiasFactor(l) * double.CreateTruncating(layers[2 * (l - 1) + 1]);
            }
            weights *= _rescaling.WeightsFactor;
            totals[r] = weights + biases;
            if (r == 0) (weights0, biases0) = (weights, biases);
        }
        if (!double.IsFinite(totals[0]))
            throw new OverflowException($"Θ overflowed for {_spec} in {PrecisionName.Of<T>()}; use f64 or a zero-bias ReLU network (rescaled in log scale).");
        return new DiagonalSample(weights0, biases0);
    }

    private void DrawInputs(ulong seed, ulong stream, Workspace workspace)
        => CorrelatedInputs.Draw<T>(seed, stream, _correlations, workspace.InputDraws, workspace.Inputs);

    private void DrawNetwork(ulong seed, ulong stream, Workspace workspace) => NetworkDraw.Draw(_rescaling.DrawSpec, seed, stream, workspace.Parameters.AsSpan());

    /// <summary>Per-thread buffers: parameters, inputs and the per-layer NTK terms.</summary>
    public sealed class Workspace
    {
        internal Workspace(NetworkSpec spec, int correlations)
        {
            Parameters = new T[spec.ParameterCount];
            Inputs = new T[correlations * spec.InputSize];
            InputDraws = new double[2 * spec.InputSize];
            Layers = new T[correlations * 2 * spec.LayerCount];
        }

        internal T[] Parameters { get; }

        internal T[] Inputs { get; }

        internal double[] InputDraws { get; }

        internal T[] Layers { get; }
    }
}
