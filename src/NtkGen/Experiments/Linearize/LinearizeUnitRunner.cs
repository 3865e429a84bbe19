using NtkGen.Kernels;
using NtkGen.Random;
using NtkGen.Statistics;
using NtkGen.Theory;

namespace NtkGen.Experiments.Linearize;

/// <summary>
/// Computes one unit of a linearization experiment: for each network of the block, drawn from its own stream, its
/// outputs at the test inputs after each comparison step of (a) full-batch gradient descent on
/// <c>(1/2N) Σ_n (f(x_n) − y_n)²</c> at the point's rate and (b) its linearization at initialization with its own NTK
/// Θ₀, <c>f₀(x) + Θ₀(x, X) B_t (Y − f₀(X))</c> (<see cref="LinearizedDynamics"/>). Same numbers on any thread.
/// </summary>
public static class LinearizeUnitRunner
{
    /// <summary>Computes one unit.</summary>
    public static LinearizeUnitResult Run(LinearizeConfig config, GridUnit<LinearizeConfig> unit)
    {
        var point = unit.Point;
        var spec = point.Spec;
        var data = LinearizeData.Load(config);
        var theory = LinearizeTheory.Of(config, point, data);
        var kernel = KernelRegistry.Resolve<double>(spec) as StructuredNtkKernel<double>
            ?? throw new InvalidConfigurationException(KernelRegistry.OverrideVariable, "Training needs a structured kernel (generated or generic), not the reference.");
        int n = config.TrainCount, t = config.TestCount, steps = config.Steps.Count;
        var trained = new PowerSums[steps * t];
        var linearized = new PowerSums[(steps + 1) * t];
        var trainedLoss = new PowerSums[steps];
        var linearizedLoss = new PowerSums[steps + 1];
        var distance = new PowerSums[steps];
        var network = new Network(spec, kernel, data, theory.Rate, config.Steps);
        long diverged = 0;
        for (int i = 0; i < unit.Count; i++)
        {
            ulong sample = (uint)(unit.FirstSample + i);
            if (!network.Run(config.Seed, point.StreamBase | sample))
            {
                diverged++;
                continue;
            }
            for (int s = 0; s <= steps; s++)
            {
                double lossLinear = 0, lossTrained = 0, squaredDistance = 0;
                for (int x = 0; x < t; x++)
                {
                    double linear = network.Linearized[s * t + x];
                    linearized[s * t + x] = linearized[s * t + x].Add(linear);
                    lossLinear += Square(linear - data.TestTargets[x]) / t;
                    if (s == steps) continue;
                    double real = network.Trained[s * t + x];
                    trained[s * t + x] = trained[s * t + x].Add(real);
                    lossTrained += Square(real - data.TestTargets[x]) / t;
                    squaredDistance += Square(real - linear) / t;
                }
                linearizedLoss[s] = linearizedLoss[s].Add(lossLinear);
                if (s == steps) continue;
                trainedLoss[s] = trainedLoss[s].Add(lossTrained);
                distance[s] = distance[s].Add(Math.Sqrt(squaredDistance));
            }
        }
        return new LinearizeUnitResult
        {
            Unit = unit.Index, Point = point.Index, Depth = point.Depth, SigmaW2 = point.SigmaW2, Kernel = kernel.Name,
            Trained = trained, Linearized = linearized, TrainedLoss = trainedLoss, LinearizedLoss = linearizedLoss, Distance = distance,
            Diverged = diverged, Rate = theory.Rate,
            TheoryMean = unit.Block == 0 ? theory.Mean : null, TheoryVariance = unit.Block == 0 ? theory.Variance : null,
            TheoryLoss = unit.Block == 0 ? theory.Loss : null,
        };
    }

    private static double Square(double x) => x * x;

    /// <summary>One network at a time: its draw, its linearization and its training, in buffers kept across the block.</summary>
    private sealed class Network(NetworkSpec spec, StructuredNtkKernel<double> kernel, LinearizeData data, double rate, IReadOnlyList<int> steps)
    {
        private readonly double[] _parameters = new double[spec.ParameterCount];
        private readonly double[] _gradient = new double[spec.ParameterCount];
        private readonly double[] _trainOutputs = new double[data.TrainTargets.Length];
        private readonly double[] _testOutputs = new double[data.TestTargets.Length];
        private readonly double[] _residual = new double[data.TrainTargets.Length];

        /// <summary>Test outputs of the trained network per comparison step.</summary>
        public double[] Trained { get; } = new double[steps.Count * data.TestTargets.Length];

        /// <summary>Test outputs of the linearized network per comparison step, then t → ∞.</summary>
        public double[] Linearized { get; } = new double[(steps.Count + 1) * data.TestTargets.Length];

        /// <summary>Draws network <paramref name="stream"/> and fills both; false when either diverged.</summary>
        public bool Run(ulong seed, ulong stream)
        {
            int n = data.TrainTargets.Length, t = data.TestTargets.Length;
            NetworkDraw.Draw<double>(spec, seed, stream, _parameters);

            // The linearization: f₀(x) + Θ₀(x, X) B_t (Y − f₀(X)).
            kernel.ForwardBatch(_parameters, data.TrainInputs, _trainOutputs);
            kernel.ForwardBatch(_parameters, data.TestInputs, _testOutputs);
            for (int i = 0; i < n; i++) _residual[i] = data.TrainTargets[i] - _trainOutputs[i];
            var ntk = kernel.NtkMatrix(_parameters, data.TrainInputs);
            var cross = kernel.NtkMatrix(_parameters, data.TestInputs, data.TrainInputs);
            var dynamics = new LinearizedDynamics(ntk, n, rate);
            for (int s = 0; s <= steps.Count; s++)
            {
                var c = dynamics.Apply(_residual, s < steps.Count ? steps[s] : null);
                for (int x = 0; x < t; x++)
                {
                    double sum = _testOutputs[x];
                    for (int j = 0; j < n; j++) sum += cross[x * n + j] * c[j];
                    Linearized[s * t + x] = sum;
                }
            }
            if (!AllFinite(Linearized)) return false;

            // The network itself, by full-batch gradient descent: w ← w − η Σ_n ((f(x_n) − y_n)/N) ∇f(x_n).
            var cotangents = _residual;
            int done = 0;
            for (int s = 0; s < steps.Count; s++)
            {
                for (; done < steps[s]; done++)
                {
                    using (var forward = kernel.ForwardForGradient(_parameters, data.TrainInputs))
                    {
                        for (int i = 0; i < n; i++) cotangents[i] = (forward.Outputs[i] - data.TrainTargets[i]) / n;
                        if (!AllFinite(cotangents)) return false;
                        kernel.LossGradient(_parameters, forward, cotangents, _gradient);
                    }
                    System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(_gradient, -rate, _parameters, _parameters);
                }
                kernel.ForwardBatch(_parameters, data.TestInputs, Trained.AsSpan(s * t, t));
            }
            return AllFinite(Trained);
        }

        private static bool AllFinite(ReadOnlySpan<double> values)
        {
            foreach (double v in values)
                if (!double.IsFinite(v)) return false;
            return true;
        }
    }
}
