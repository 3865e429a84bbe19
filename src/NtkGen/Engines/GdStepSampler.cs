using System.Numerics;
using NtkGen.Kernels;
using NtkGen.Random;

namespace NtkGen.Engines;

/// <summary>How the regression target of the gradient step is chosen.</summary>
/// <param name="Fixed">The target value when <paramref name="Drawn"/> is false.</param>
/// <param name="Drawn">Draw y ~ N(0, 1) per network and input instead.</param>
public readonly record struct StepTarget(double Fixed, bool Drawn)
{
    /// <summary>y = 0 for every input (the default, as in THEORY.md §5's check).</summary>
    public static StepTarget Zero => new(0, false);

    /// <inheritdoc/>
    public override string ToString() => Drawn ? "normal" : Fixed.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>One network's first-step statistics (THEORY.md §5).</summary>
/// <param name="Theta">Θ(x, x) at initialization.</param>
/// <param name="ChangeOverEta">ΔΘ(x, x)/η to first order, −2(f − y) ∇fᵀH∇f (second-order jet).</param>
/// <param name="FiniteChangeOverEta">(Θ after a real step of size η − Θ)/η.</param>
/// <param name="MatrixRelativeChange">‖Θ'(X, X) − Θ(X, X)‖_F/‖Θ(X, X)‖_F after one full-batch step on a batch X (NaN without a batch).</param>
public readonly record struct GdStepSample(double Theta, double ChangeOverEta, double FiniteChangeOverEta, double MatrixRelativeChange);

/// <summary>
/// The change of the NTK in one gradient step on a fresh network (THEORY.md §5): square loss <c>½(f(x) − y)²</c> on one
/// unit-norm Gaussian input, step <c>Δw = −η (f − y) ∇f</c> over the parameters that count in the NTK. The first-order
/// change comes from the kernel's second-order jet, <c>ΔΘ/η = −2 (f − y) ∇fᵀH∇f</c>; a real step of size
/// <c>η = eta/Θ(x,x)</c> checks it. Optionally, a full-batch step on a batch of inputs gives the relative Frobenius change
/// of the whole NTK matrix.
/// </summary>
public sealed class GdStepSampler<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly NetworkSpec _spec;
    private readonly StructuredNtkKernel<T> _kernel;
    private readonly StepTarget _target;
    private readonly double _eta;
    private readonly int _batch;
    private readonly double _etaBatch;

    /// <summary>A sampler for <paramref name="spec"/> (one output).</summary>
    /// <param name="spec">The network.</param>
    /// <param name="target">The regression target.</param>
    /// <param name="eta">The real step for the check is <c>eta/Θ(x, x)</c>.</param>
    /// <param name="batch">Inputs of the batch step (0: none).</param>
    /// <param name="etaBatch">The batch step is <c>etaBatch</c> over the mean diagonal of Θ(X, X).</param>
    /// <param name="tier">Forces a kernel tier (null: the registry's choice).</param>
    public GdStepSampler(NetworkSpec spec, StepTarget target, double eta, int batch, double etaBatch, KernelTier? tier = null)
    {
        if (spec.OutputSize != 1) throw new NotSupportedException("The first-step experiment uses one output unit.");
        _spec = spec;
        _kernel = KernelRegistry.Resolve<T>(spec, tier) as StructuredNtkKernel<T>
            ?? throw new InvalidConfigurationException(KernelRegistry.OverrideVariable, "The first-step engine needs a structured kernel (generated or generic), not the reference.");
        _target = target;
        _eta = eta;
        _batch = batch;
        _etaBatch = etaBatch;
    }

    /// <summary>The kernel that computes everything.</summary>
    public string KernelName => _kernel.Name;

    /// <summary>Buffers for one thread.</summary>
    public Workspace CreateWorkspace() => new(_spec, _batch);

    /// <summary>
    /// One network from stream <paramref name="networkStream"/> and its inputs and targets from
    /// <paramref name="inputStream"/>: the same values on any thread.
    /// </summary>
    public GdStepSample Sample(ulong seed, ulong networkStream, ulong inputStream, Workspace workspace)
    {
        var draws = new StepDraws(new GaussianStream(seed, inputStream), _spec.InputSize, _batch, _target);
        DrawNetwork(seed, networkStream, workspace);
        var p = workspace.Parameters;

        // One input x, unit norm, and its target.
        var x = workspace.Input;
        draws.Input<T>(x);
        double y = draws.Target;
        double f = double.CreateTruncating(_kernel.Forward(p, x)[0]);
        var (curvature, thetaT) = _kernel.GradientCurvature(p, x, 0);
        double theta = double.CreateTruncating(thetaT);
        double change = -2 * (f - y) * double.CreateTruncating(curvature);

        // A real step of size η = eta/Θ on the same loss.
        double eta = _eta / theta;
        _kernel.Backward(p, x, 0, workspace.Gradient, default);
        Step(p, workspace.Gradient, T.CreateTruncating(eta * (f - y)), workspace.Stepped);
        double after = double.CreateTruncating(_kernel.NtkDiagonal(workspace.Stepped, x).Total);
        double finite = (after - theta) / eta;

        double matrix = _batch > 0 ? BatchChange(draws, workspace) : double.NaN;
        if (!double.IsFinite(theta) || !double.IsFinite(change) || !double.IsFinite(finite) || (_batch > 0 && !double.IsFinite(matrix)))
            throw new OverflowException($"Θ or its change overflowed for {_spec} in {PrecisionName.Of<T>()}; use fewer layers or f64.");
        return new GdStepSample(theta, change, finite, matrix);
    }

    /// <summary>‖Θ'(X, X) − Θ(X, X)‖_F/‖Θ(X, X)‖_F after one step on <c>Σ_n ½(f(x_n) − y_n)²</c>.</summary>
    private double BatchChange(StepDraws draws, Workspace workspace)
    {
        int n0 = _spec.InputSize;
        var inputs = workspace.BatchInputs;
        for (int n = 0; n < _batch; n++) draws.BatchInput<T>(n, inputs.AsSpan(n * n0, n0));
        var p = workspace.Parameters;
        var before = _kernel.NtkMatrix(p, inputs);
        double meanDiagonal = 0;
        for (int n = 0; n < _batch; n++) meanDiagonal += double.CreateTruncating(before[n * _batch + n]) / _batch;
        using (var forward = _kernel.ForwardForGradient(p, inputs))
        {
            var cotangents = workspace.Cotangents;
            for (int n = 0; n < _batch; n++)
            {
                cotangents[n] = forward.Outputs[n] - T.CreateTruncating(draws.BatchTarget(n));
            }
            _kernel.LossGradient(p, forward, cotangents, workspace.Gradient);
        }
        Step(p, workspace.Gradient, T.CreateTruncating(_etaBatch / meanDiagonal), workspace.Stepped);
        var after = _kernel.NtkMatrix(workspace.Stepped, inputs);
        double difference = 0, norm = 0;
        for (int i = 0; i < before.Length; i++)
        {
            double b = double.CreateTruncating(before[i]), d = double.CreateTruncating(after[i]) - b;
            difference += d * d;
            norm += b * b;
        }
        return Math.Sqrt(difference / norm);
    }

    /// <summary><c>w' = w − factor · g</c> over the parameters that count in the NTK (biases stay when they do not).</summary>
    private void Step(T[] parameters, T[] gradient, T factor, T[] stepped)
    {
        for (int i = 0; i < parameters.Length; i++) stepped[i] = parameters[i] - factor * gradient[i];
        if (_spec.IncludeBiases) return;
        for (int l = 1; l <= _spec.LayerCount; l++)
            parameters.AsSpan(_spec.BiasOffset(l), _spec.Width(l)).CopyTo(stepped.AsSpan(_spec.BiasOffset(l), _spec.Width(l)));
    }

    private void DrawNetwork(ulong seed, ulong stream, Workspace workspace) => NetworkDraw.Draw(_spec, seed, stream, workspace.Parameters.AsSpan());

    /// <summary>Per-thread buffers.</summary>
    public sealed class Workspace
    {
        internal Workspace(NetworkSpec spec, int batch)
        {
            Parameters = new T[spec.ParameterCount];
            Stepped = new T[spec.ParameterCount];
            Gradient = new T[spec.ParameterCount];
            Input = new T[spec.InputSize];
            BatchInputs = new T[batch * spec.InputSize];
            Cotangents = new T[batch];
        }

        internal T[] Parameters { get; }

        internal T[] Stepped { get; }

        internal T[] Gradient { get; }

        internal T[] Input { get; }

        internal T[] BatchInputs { get; }

        internal T[] Cotangents { get; }
    }
}
