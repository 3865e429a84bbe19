using System.Numerics.Tensors;
using NtkGen.Random;

namespace NtkGen.Engines;

/// <summary>
/// The first-step statistics of <see cref="GdStepSampler{T}"/> (THEORY.md §5) on networks whose weight matrices are never
/// drawn (THEORY.md §7): every layer's matrix <c>V_l</c> is a <see cref="ConditionedGaussianMatrix"/>, and everything the
/// step needs is a product with it — the forward and backward passes, the jet's <c>V_l ȧ</c> and <c>V_l ä</c>, and the
/// passes after the step. The step itself is explicit: <c>V'_l = V_l − κ s_l Σ_n e_n δ^n_l a^nᵀ_{l-1}</c> is
/// <c>V_l</c> plus known vectors, so <c>V'_l u = V_l u − κ s_l Σ_n e_n ⟨a^n_{l-1}, u⟩ δ^n_l</c> needs one more conditioned
/// product. Every product has the law it has in a network of drawn weights, so the statistics have the same law as brute
/// force's, in f64, for any activation, σ_b² and parametrization (one output).
/// </summary>
/// <remarks>
/// Per layer: 6 products for the single input (forward, backward, the jet's two, forward and backward after the step)
/// and 4 per batch input, each <c>O(M·P)</c> for P known directions — against <c>M²</c> normals per layer and
/// a few matrix passes for a drawn network. The inputs and targets are <see cref="StepDraws"/>' (the same as brute force's).
/// </remarks>
public sealed class ConditionedGdStepSampler
{
    private readonly NetworkSpec _spec;
    private readonly StepTarget _target;
    private readonly double _eta, _etaBatch, _biasWeight;
    private readonly int _batch;

    /// <summary>A sampler for <paramref name="spec"/> (one output); the arguments as <see cref="GdStepSampler{T}"/>'s.</summary>
    public ConditionedGdStepSampler(NetworkSpec spec, StepTarget target, double eta, int batch, double etaBatch)
    {
        if (spec.OutputSize != 1) throw new NotSupportedException("The first-step experiment uses one output unit.");
        _spec = spec;
        _target = target;
        _eta = eta;
        _batch = batch;
        _etaBatch = etaBatch;
        _biasWeight = spec.IncludeBiases ? 1 : 0;
    }

    /// <summary>What computes the statistics (in place of a kernel's name).</summary>
    public static string KernelName => "conditioned-f64";

    /// <summary>Buffers for one thread.</summary>
    public Workspace CreateWorkspace() => new(_spec, _batch);

    /// <summary>One network from stream <paramref name="networkStream"/>, its inputs and targets from <paramref name="inputStream"/>.</summary>
    public GdStepSample Sample(ulong seed, ulong networkStream, ulong inputStream, Workspace w)
    {
        int depth = _spec.LayerCount;
        var draws = new StepDraws(new GaussianStream(seed, inputStream), _spec.InputSize, _batch, _target);
        for (int l = 1; l <= depth && w.Matrices is not null; l++)
        {
            ConditionedLayers.Reset(w.Matrices[l], seed, networkStream, l);
            ConditionedLayers.DrawBias(_spec, seed, networkStream, l, w.Bias[l]);
        }

        draws.Input<double>(w.A[0]);
        double f = Forward(w, 1, w.A, w.Z, w.D, w.Delta, 0, [])[0];
        double theta = Backward(w, 1, w.A, w.D, w.Delta, 0, [], [], w.Delta);
        double change = -2 * (f - draws.Target) * Curvature(w);

        // A real step of size η = eta/Θ: κ = η (f − y) on the gradient, e = (1).
        double eta = _eta / theta;
        w.Errors[0] = 1;
        double kappa = eta * (f - draws.Target);
        w.A[0].CopyTo(w.SteppedA[0]);
        Forward(w, 1, w.SteppedA, null, w.SteppedD, w.Delta, kappa, w.Errors.AsSpan(0, 1), w.A);
        double after = Backward(w, 1, w.SteppedA, w.SteppedD, w.SteppedDelta, kappa, w.Errors.AsSpan(0, 1), w.A, w.Delta);
        double finite = (after - theta) / eta;

        double matrix = _batch > 0 ? BatchChange(draws, w) : double.NaN;
        if (!double.IsFinite(theta) || !double.IsFinite(change) || !double.IsFinite(finite) || (_batch > 0 && !double.IsFinite(matrix)))
            throw new OverflowException($"Θ or its change overflowed for {_spec}; use fewer layers.");
        return new GdStepSample(theta, change, finite, matrix);
    }

    /// <summary>‖Θ'(X, X) − Θ(X, X)‖_F/‖Θ(X, X)‖_F after one step on <c>Σ_n ½(f(x_n) − y_n)²</c> of size etaBatch/mean Θ(x_n, x_n).</summary>
    private double BatchChange(StepDraws draws, Workspace w)
    {
        int n0 = _spec.InputSize, b = _batch;
        for (int n = 0; n < b; n++) draws.BatchInput<double>(n, w.BatchA[0].AsSpan(n * n0, n0));
        var outputs = Forward(w, b, w.BatchA, null, w.BatchD, w.BatchDelta, 0, []);
        Backward(w, b, w.BatchA, w.BatchD, w.BatchDelta, 0, [], [], w.BatchDelta);
        var before = w.ThetaBefore;
        Gram(w.BatchA, w.BatchDelta, before);
        double meanDiagonal = 0;
        for (int n = 0; n < b; n++) meanDiagonal += before[n * b + n] / b;
        for (int n = 0; n < b; n++) w.Errors[n] = outputs[n] - draws.BatchTarget(n);

        w.BatchA[0].CopyTo(w.SteppedBatchA[0]);
        double kappa = _etaBatch / meanDiagonal;
        var errors = w.Errors.AsSpan(0, b);
        Forward(w, b, w.SteppedBatchA, null, w.SteppedBatchD, w.BatchDelta, kappa, errors, w.BatchA);
        Backward(w, b, w.SteppedBatchA, w.SteppedBatchD, w.SteppedBatchDelta, kappa, errors, w.BatchA, w.BatchDelta);
        var after = w.ThetaAfter;
        Gram(w.SteppedBatchA, w.SteppedBatchDelta, after);
        double difference = 0, norm = 0;
        for (int i = 0; i < b * b; i++)
        {
            double d = after[i] - before[i];
            difference += d * d;
            norm += before[i] * before[i];
        }
        return Math.Sqrt(difference / norm);
    }

    /// <summary>
    /// The forward pass of <paramref name="k"/> inputs (rows of <paramref name="a"/>[0]), keeping every layer's activations
    /// and derivatives, and pre-activations when <paramref name="z"/> is given; returns the k outputs (in scratch). With a step (<paramref name="kappa"/> ≠ 0), the
    /// network is the one after the step on the errors <paramref name="errors"/> of the inputs <paramref name="stepA"/> with
    /// backward vectors <paramref name="stepDelta"/>: <c>V'_l u = V_l u − κ s_l Σ_n e_n ⟨a^n, u⟩ δ^n</c>, <c>b' = b − κ Σ_n e_n δ^n</c>.
    /// </summary>
    private Span<double> Forward(Workspace w, int k, double[][] a, double[][]? z, double[][] d, double[][] stepDelta, double kappa,
        ReadOnlySpan<double> errors, double[][]? stepA = null)
    {
        int depth = _spec.LayerCount;
        var activation = _spec.ActivationFunction;
        for (int l = 1; l <= depth; l++)
        {
            int fanIn = _spec.Width(l - 1), width = _spec.Width(l);
            double s = _spec.WeightScale(l);
            var h = l == depth ? w.Outputs.AsSpan(0, k) : z is null ? w.Preactivation.AsSpan(0, k * width) : z[l].AsSpan(0, k * width);
            w.Products[l].MultiplyBlock(a[l - 1].AsSpan(0, k * fanIn), h);
            TensorPrimitives.Multiply(h, s, h);
            for (int r = 0; r < k; r++) TensorPrimitives.Add(h.Slice(r * width, width), w.Bias[l], h.Slice(r * width, width));
            if (kappa != 0) StepForward(w, k, l, a[l - 1], h, kappa, errors, stepA!, stepDelta);
            if (l == depth) return h;
            for (int r = 0; r < k; r++)
                activation.Apply<double>(h.Slice(r * width, width), a[l].AsSpan(r * width, width), d[l].AsSpan(r * width, width));
        }
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>Adds the step's known part to layer <paramref name="l"/>'s pre-activations <paramref name="h"/> of the k inputs <paramref name="a"/>.</summary>
    private void StepForward(Workspace w, int k, int l, double[] a, Span<double> h, double kappa, ReadOnlySpan<double> errors, double[][] stepA, double[][] stepDelta)
    {
        int fanIn = _spec.Width(l - 1), width = _spec.Width(l), sources = errors.Length;
        double s = _spec.WeightScale(l);
        for (int n = 0; n < sources; n++)
        {
            var delta = stepDelta[l].AsSpan(n * width, width);
            var source = stepA[l - 1].AsSpan(n * fanIn, fanIn);
            for (int r = 0; r < k; r++)
            {
                double c = -kappa * errors[n] * (s * s * TensorPrimitives.Dot(source, a.AsSpan(r * fanIn, fanIn)) + _biasWeight);
                TensorPrimitives.MultiplyAdd(delta, c, h.Slice(r * width, width), h.Slice(r * width, width));
            }
        }
    }

    /// <summary>
    /// The backward pass of the k inputs from the forward traces <paramref name="a"/>, <paramref name="d"/>, writing δ_l into
    /// <paramref name="delta"/>, after the step given as in <see cref="Forward"/>
    /// (<c>V'_lᵀ δ = V_lᵀ δ − κ s_l Σ_n e_n ⟨δ^n_l, δ⟩ a^n_{l-1}</c>); returns Θ of the first input,
    /// <c>Σ_l (s_l² ‖a_{l-1}‖² + 1) ‖δ_l‖²</c> (the 1 when biases count).
    /// </summary>
    private double Backward(Workspace w, int k, double[][] a, double[][] d, double[][] delta, double kappa, ReadOnlySpan<double> errors,
        double[][] stepA, double[][] stepDelta)
    {
        int depth = _spec.LayerCount;
        double theta = 0;
        delta[depth].AsSpan(0, k).Fill(1);
        for (int l = depth; l >= 1; l--)
        {
            int fanIn = _spec.Width(l - 1), width = _spec.Width(l);
            double s = _spec.WeightScale(l);
            var a0 = a[l - 1].AsSpan(0, fanIn);
            var d0 = delta[l].AsSpan(0, width);
            theta += (s * s * TensorPrimitives.Dot(a0, a0) + _biasWeight) * TensorPrimitives.Dot(d0, d0);
            if (l == 1) break;
            var back = w.Back.AsSpan(0, k * fanIn);
            w.Products[l].MultiplyTransposedBlock(delta[l].AsSpan(0, k * width), back);
            for (int n = 0; n < errors.Length && kappa != 0; n++)
            {
                var source = stepDelta[l].AsSpan(n * width, width);
                var sourceA = stepA[l - 1].AsSpan(n * fanIn, fanIn);
                for (int r = 0; r < k; r++)
                    TensorPrimitives.MultiplyAdd(sourceA, -kappa * errors[n] * s * TensorPrimitives.Dot(source, delta[l].AsSpan(r * width, width)),
                        back.Slice(r * fanIn, fanIn), back.Slice(r * fanIn, fanIn));
            }
            TensorPrimitives.Multiply(back, s, back);
            TensorPrimitives.Multiply(back, d[l - 1].AsSpan(0, k * fanIn), delta[l - 1].AsSpan(0, k * fanIn));
        }
        return theta;
    }

    /// <summary>
    /// <c>∇fᵀH∇f</c> of the single input by the second-order jet along the gradient (as <c>Kernels/SecondOrderJet</c>, every
    /// <c>V_l</c> product conditioned): <c>ż_l = (s_l² ‖a_{l-1}‖² + 1) δ_l + s_l V_l ȧ_{l-1}</c>,
    /// <c>z̈_l = 2 s_l² ⟨a_{l-1}, ȧ_{l-1}⟩ δ_l + s_l V_l ä_{l-1}</c>, <c>ȧ_l = φ'ż_l</c>, <c>ä_l = φ'z̈_l + φ''ż_l²</c>.
    /// </summary>
    private double Curvature(Workspace w)
    {
        int depth = _spec.LayerCount;
        var activation = _spec.ActivationFunction;
        var aDot = w.ADot.AsSpan(0, _spec.InputSize);
        var aDdot = w.ADdot.AsSpan(0, _spec.InputSize);
        aDot.Clear();
        aDdot.Clear();
        for (int l = 1; l <= depth; l++)
        {
            int width = _spec.Width(l);
            double s = _spec.WeightScale(l);
            var a = w.A[l - 1].AsSpan(0, _spec.Width(l - 1));
            var delta = w.Delta[l].AsSpan(0, width);
            var zDot = w.ZDot.AsSpan(0, width);
            var zDdot = w.ZDdot.AsSpan(0, width);
            if (l == 1)
            {
                zDot.Clear();
                zDdot.Clear();
            }
            else
            {
                w.Products[l].Multiply(aDot, zDot);
                w.Products[l].Multiply(aDdot, zDdot);
                TensorPrimitives.Multiply(zDot, s, zDot);
                TensorPrimitives.Multiply(zDdot, s, zDdot);
            }
            TensorPrimitives.MultiplyAdd(delta, s * s * TensorPrimitives.Dot(a, a) + _biasWeight, zDot, zDot);
            TensorPrimitives.MultiplyAdd(delta, 2 * s * s * TensorPrimitives.Dot(a, aDot), zDdot, zDdot);
            if (l == depth) return zDdot[0];

            var d = w.D[l].AsSpan(0, width);
            aDot = w.ADot.AsSpan(0, width);
            aDdot = w.ADdot.AsSpan(0, width);
            TensorPrimitives.Multiply(d, zDot, aDot);
            TensorPrimitives.Multiply(d, zDdot, aDdot);
            if (activation.IsPiecewiseLinear) continue;
            var second = w.Second.AsSpan(0, width);
            activation.SecondDerivatives<double>(w.Z[l].AsSpan(0, width), second);
            for (int i = 0; i < width; i++) aDdot[i] += second[i] * zDot[i] * zDot[i];
        }
        throw new InvalidOperationException("unreachable");
    }

    /// <summary><c>Θ(x_n, x_m) = Σ_l (s_l² ⟨a^n_{l-1}, a^m_{l-1}⟩ + 1) ⟨δ^n_l, δ^m_l⟩</c> for the batch's traces, into <paramref name="theta"/> (B × B).</summary>
    private void Gram(double[][] a, double[][] delta, Span<double> theta)
    {
        int b = _batch;
        theta.Clear();
        for (int l = 1; l <= _spec.LayerCount; l++)
        {
            int fanIn = _spec.Width(l - 1), width = _spec.Width(l);
            double s = _spec.WeightScale(l);
            for (int n = 0; n < b; n++)
            {
                for (int m = n; m < b; m++)
                {
                    double value = (s * s * TensorPrimitives.Dot(a[l - 1].AsSpan(n * fanIn, fanIn), a[l - 1].AsSpan(m * fanIn, fanIn)) + _biasWeight)
                        * TensorPrimitives.Dot(delta[l].AsSpan(n * width, width), delta[l].AsSpan(m * width, width));
                    theta[n * b + m] += value;
                    if (m != n) theta[m * b + n] += value;
                }
            }
        }
    }

    /// <summary>Per-thread buffers: a conditioned matrix and the biases per layer, the traces of every pass.</summary>
    public sealed class Workspace
    {
        internal Workspace(NetworkSpec spec, int batch)
            : this(spec, batch, null, null)
        {
        }

        /// <summary>
        /// Buffers whose network is always <paramref name="products"/>' matrices with biases <paramref name="biases"/>
        /// (index 1 … L), not a conditioned draw: for tests of the algebra against the kernels on one drawn network.
        /// </summary>
        internal Workspace(NetworkSpec spec, int batch, ILayerProducts[]? products, double[][]? biases)
        {
            int depth = spec.LayerCount, max = spec.MaxWidth, rows = Math.Max(batch, 1);
            if (products is null)
            {
                Matrices = new ConditionedGaussianMatrix[depth + 1];
                Bias = new double[depth + 1][];
                for (int l = 1; l <= depth; l++)
                {
                    double deviation = spec.InitialWeightStandardDeviation(l);
                    Matrices[l] = new ConditionedGaussianMatrix(spec.Width(l), spec.Width(l - 1), deviation * deviation, 0, 0);
                    Bias[l] = new double[spec.Width(l)];
                }
                Products = Matrices;
            }
            else
            {
                Products = products;
                Bias = biases ?? throw new ArgumentNullException(nameof(biases));
            }
            double[][] Trace(int count) => [.. Enumerable.Range(0, depth + 1).Select(l => new double[count * spec.Width(l)])];
            A = Trace(1);
            Z = Trace(1);
            D = Trace(1);
            Delta = Trace(1);
            SteppedA = Trace(1);
            SteppedD = Trace(1);
            SteppedDelta = Trace(1);
            BatchA = Trace(batch);
            BatchD = Trace(batch);
            BatchDelta = Trace(batch);
            SteppedBatchA = Trace(batch);
            SteppedBatchD = Trace(batch);
            SteppedBatchDelta = Trace(batch);
            ADot = new double[max];
            ADdot = new double[max];
            ZDot = new double[max];
            ZDdot = new double[max];
            Second = new double[max];
            Back = new double[rows * max];
            Preactivation = new double[rows * max];
            Outputs = new double[rows];
            Errors = new double[rows];
            ThetaBefore = new double[batch * batch];
            ThetaAfter = new double[batch * batch];
        }

        internal ConditionedGaussianMatrix[]? Matrices { get; }

        internal ILayerProducts[] Products { get; }

        internal double[][] Bias { get; }

        internal double[][] A { get; }

        internal double[][] Z { get; }

        internal double[][] D { get; }

        internal double[][] Delta { get; }

        internal double[][] SteppedA { get; }

        internal double[][] SteppedD { get; }

        internal double[][] SteppedDelta { get; }

        internal double[][] BatchA { get; }

        internal double[][] BatchD { get; }

        internal double[][] BatchDelta { get; }

        internal double[][] SteppedBatchA { get; }

        internal double[][] SteppedBatchD { get; }

        internal double[][] SteppedBatchDelta { get; }

        internal double[] ADot { get; }

        internal double[] ADdot { get; }

        internal double[] ZDot { get; }

        internal double[] ZDdot { get; }

        internal double[] Second { get; }

        internal double[] Back { get; }

        internal double[] Preactivation { get; }

        internal double[] Outputs { get; }

        internal double[] Errors { get; }

        internal double[] ThetaBefore { get; }

        internal double[] ThetaAfter { get; }
    }
}
