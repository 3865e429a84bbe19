using System.Numerics;
using System.Numerics.Tensors;
using NtkGen.Kernels;
using NtkGen.Random;

namespace NtkGen.Engines;

/// <summary>
/// Monte Carlo over real networks (THEORY.md §6): each sample draws a fresh network and a fresh pair of unit-norm
/// Gaussian inputs <c>x, y</c>, and computes <c>Θ(x, x_r)</c> for <c>x_r = r x + √(1−r²) y</c> at every requested
/// correlation <c>r</c>, with the kernel the registry picks for the shape (generated when declared).
/// </summary>
/// <remarks>
/// <para>Zero-bias ReLU (and LeakyReLU, linear) networks are positively homogeneous. So the sampler draws He-scaled
/// weights (σ_w² = 2) and restores σ_w² exactly per layer: with χ = σ_w²/2, layer l's weights term scales by χ^{L-1}
/// and its biases term by χ^{L-l}. Each value is divided by <c>e^S</c>, <c>S = max(0, (L-1) ln χ)</c>, so that deep chaotic
/// networks never overflow; other networks are drawn as they are (S = 0).</para>
/// <para>Network <c>s</c> uses Philox stream <c>networkStreams + s</c> and its inputs stream <c>inputStreams + s</c>, so a
/// sample is the same on any thread.</para>
/// </remarks>
public sealed class BruteForceSampler<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly NetworkSpec _spec;
    private readonly NetworkSpec _drawSpec;
    private readonly INtkKernel<T> _kernel;
    private readonly double[] _correlations;
    private readonly double _weightsFactor;
    private readonly double[] _biasFactors; // per layer, 1-based

    /// <summary>A sampler for <paramref name="spec"/> at the correlations <paramref name="correlations"/> (the first must be 1).</summary>
    public BruteForceSampler(NetworkSpec spec, IReadOnlyList<double> correlations, KernelTier? tier = null)
    {
        if (spec.OutputSize != 1) throw new NotSupportedException("The dispersion experiment uses one output unit.");
        if (correlations.Count == 0 || correlations[0] != 1.0) throw new ArgumentException("The first correlation must be 1 (Θ(x, x)).", nameof(correlations));
        _spec = spec;
        _correlations = [.. correlations];
        bool homogeneous = spec.ActivationFunction.IsPiecewiseLinear;
        Rescaled = homogeneous && spec.SigmaB2 == 0 && spec.Parametrization == Parametrization.Standard;
        _drawSpec = Rescaled ? spec.WithVariances(2.0, 0) : spec;
        _kernel = KernelRegistry.Resolve<T>(_drawSpec, tier);

        int depth = spec.LayerCount;
        double logChi = Rescaled ? Math.Log(spec.SigmaW2 / 2) : 0;
        LogScale = Math.Max(0, (depth - 1) * logChi);
        _weightsFactor = Math.Exp((depth - 1) * logChi - LogScale);
        _biasFactors = new double[depth + 1];
        for (int l = 1; l <= depth; l++) _biasFactors[l] = Math.Exp((depth - l) * logChi - LogScale);
    }

    /// <summary>The kernel that computes the NTKs.</summary>
    public string KernelName => _kernel.Name;

    /// <summary>Whether weights are drawn He-scaled and σ_w² restored per layer.</summary>
    public bool Rescaled { get; }

    /// <summary>Every value this sampler returns is the NTK divided by <c>e^{LogScale}</c>.</summary>
    public double LogScale { get; }

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
                biases += _biasFactors[l] * double.CreateTruncating(layers[2 * (l - 1) + 1]);
            }
            weights *= _weightsFactor;
            totals[r] = weights + biases;
            if (r == 0) (weights0, biases0) = (weights, biases);
        }
        if (!double.IsFinite(totals[0]))
            throw new OverflowException($"Θ overflowed for {_spec} in {PrecisionName.Of<T>()}; use f64 or a zero-bias ReLU network (rescaled in log scale).");
        return new DiagonalSample(weights0, biases0);
    }

    private void DrawInputs(ulong seed, ulong stream, Workspace workspace)
    {
        int n0 = _spec.InputSize;
        var xy = workspace.InputDraws;
        new GaussianStream(seed, stream).Fill<double>(xy);
        var x = xy.AsSpan(0, n0);
        var y = xy.AsSpan(n0, n0);
        TensorPrimitives.Divide(x, TensorPrimitives.Norm<double>(x), x);
        TensorPrimitives.Divide(y, TensorPrimitives.Norm<double>(y), y);
        for (int r = 0; r < _correlations.Length; r++)
        {
            double c = _correlations[r], s = Math.Sqrt(Math.Max(0, 1 - c * c));
            var row = workspace.Inputs.AsSpan(r * n0, n0);
            for (int i = 0; i < n0; i++) row[i] = T.CreateTruncating(c * x[i] + s * y[i]);
        }
    }

    private void DrawNetwork(ulong seed, ulong stream, Workspace workspace) => NetworkDraw.Draw(_drawSpec, seed, stream, workspace.Parameters.AsSpan());

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
