using System.Collections.Concurrent;
using NtkGen.Theory;

namespace NtkGen.Experiments.Linearize;

/// <summary>
/// What NTK theory predicts for a grid point: the network at infinite width is a Gaussian process at initialization
/// (NNGP kernel K) and trains as its linearization with the deterministic kernel Θ* (Lee et al. 2019), so after t steps
/// the output at a test input x is Gaussian with
/// <code>
/// mean      μ_t(x) = Θ*(x, X) B_t Y
/// variance  σ²_t(x) = K(x, x) − 2 Θ*(x, X) B_t K(X, x) + Θ*(x, X) B_t K(X, X) B_t Θ*(X, x)
/// </code>
/// with <c>B_t = Θ*⁻¹(I − (I − ηΘ*/N)^t)</c> (<see cref="LinearizedDynamics"/>). The rate of the point is
/// <see cref="LinearizeConfig.RateFraction"/> of the critical <c>2N/λ_max(Θ*(X, X))</c>. Computed once per point and process.
/// </summary>
public sealed class LinearizeTheory
{
    // Lazy: the units of one point start together, and the theory of a point is computed once, not once per worker.
    private static readonly ConcurrentDictionary<(string, int), Lazy<LinearizeTheory>> s_points = new();

    private LinearizeTheory(LinearizeConfig config, GridPoint<LinearizeConfig> point, LinearizeData data)
    {
        var spec = point.Spec;
        int n = config.TrainCount, t = config.TestCount, n0 = spec.InputSize;
        var ntk = new double[n * n];
        var nngp = new double[n * n];
        // Every pair on its own (numerical Gaussian integration makes a pair of a smooth activation milliseconds per layer).
        Parallel.For(0, n, i =>
        {
            for (int j = i; j < n; j++)
            {
                var (theta, k) = Kernels(spec, data.TrainInputs.AsSpan(i * n0, n0), data.TrainInputs.AsSpan(j * n0, n0));
                ntk[i * n + j] = ntk[j * n + i] = theta;
                nngp[i * n + j] = nngp[j * n + i] = k;
            }
        });
        var crossNtk = new double[t * n];
        var crossNngp = new double[t * n];
        var testNngp = new double[t];
        Parallel.For(0, t, x =>
        {
            var input = data.TestInputs.AsSpan(x * n0, n0);
            for (int j = 0; j < n; j++) (crossNtk[x * n + j], crossNngp[x * n + j]) = Kernels(spec, input, data.TrainInputs.AsSpan(j * n0, n0));
            testNngp[x] = Kernels(spec, input, input).Nngp;
        });

        var critical = new LinearizedDynamics(ntk, n, 1.0);
        Rate = config.RateFraction * 2 * n / critical.LargestEigenvalue;
        var dynamics = new LinearizedDynamics(ntk, n, Rate);
        int steps = config.Steps.Count + 1;
        Mean = new double[steps * t];
        Variance = new double[steps * t];
        Loss = new double[steps];
        var a = new double[n];
        for (int s = 0; s < steps; s++)
        {
            var filter = dynamics.Filter(s < config.Steps.Count ? config.Steps[s] : null);
            for (int x = 0; x < t; x++)
            {
                // a = Θ*(x, X) B_t; μ = a·Y; σ² = K(x,x) − 2 a·K(X, x) + a K(X, X) aᵀ.
                for (int j = 0; j < n; j++)
                {
                    double sum = 0;
                    for (int i = 0; i < n; i++) sum += crossNtk[x * n + i] * filter[i * n + j];
                    a[j] = sum;
                }
                double mean = 0, cross = 0, quadratic = 0;
                for (int j = 0; j < n; j++)
                {
                    mean += a[j] * data.TrainTargets[j];
                    cross += a[j] * crossNngp[x * n + j];
                    double row = 0;
                    for (int i = 0; i < n; i++) row += nngp[j * n + i] * a[i];
                    quadratic += a[j] * row;
                }
                Mean[s * t + x] = mean;
                Variance[s * t + x] = testNngp[x] - 2 * cross + quadratic;
                Loss[s] += ((mean - data.TestTargets[x]) * (mean - data.TestTargets[x]) + Variance[s * t + x]) / t;
            }
        }
    }

    /// <summary>The point's learning rate η.</summary>
    public double Rate { get; }

    /// <summary>μ_t(x) per step (the configuration's, then t → ∞) and test input, row-major.</summary>
    public double[] Mean { get; }

    /// <summary>σ²_t(x), the same layout.</summary>
    public double[] Variance { get; }

    /// <summary>The expected test loss per step, mean_x ((μ_t(x) − y)² + σ²_t(x)).</summary>
    public double[] Loss { get; }

    /// <summary>The theory of <paramref name="point"/> of <paramref name="config"/> on <paramref name="data"/>, computed once per process.</summary>
    public static LinearizeTheory Of(LinearizeConfig config, GridPoint<LinearizeConfig> point, LinearizeData data)
        => s_points.GetOrAdd((config.Fingerprint(), point.Index), _ => new Lazy<LinearizeTheory>(() => new LinearizeTheory(config, point, data))).Value;

    private static (double Ntk, double Nngp) Kernels(NetworkSpec spec, ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double xx = 0, yy = 0, xy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            xx += x[i] * x[i];
            yy += y[i] * y[i];
            xy += x[i] * y[i];
        }
        return InfiniteWidthNtk.Kernels(spec, xx, yy, xy);
    }
}
