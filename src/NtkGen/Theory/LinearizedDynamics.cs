using MathNet.Numerics.LinearAlgebra;

namespace NtkGen.Theory;

/// <summary>
/// Full-batch gradient descent on a model linear in its parameters, square loss <c>(1/2N) Σ_n (f(x_n) − y_n)²</c>, rate
/// η, with kernel Θ on the N training inputs (Lee et al. 2019, "Wide neural networks of any depth evolve as linear
/// models", in discrete time): the training residual after t steps is <c>(I − ηΘ/N)^t (Y − f₀(X))</c>, and at any input
/// <code>f_t(x) = f₀(x) + Θ(x, X) B_t (Y − f₀(X)),   B_t = Θ⁻¹ (I − (I − ηΘ/N)^t)</code>
/// — for a model linear in its parameters exactly what gradient descent does, step by step. <c>B_t</c> comes from one
/// eigendecomposition <c>Θ = U Λ Uᵀ</c>, <c>B_t = U g_t(Λ) Uᵀ</c> with <c>g_t(λ) = (1 − (1 − ηλ/N)^t)/λ</c>, which is
/// <c>tη/N</c> at λ = 0, so B_t needs no inverse for finite t; for t → ∞ it is the pseudo-inverse of Θ (where every
/// mode contracts).
/// </summary>
public sealed class LinearizedDynamics
{
    /// <summary>Eigenvalues below this fraction of the largest are null modes for t → ∞ (rounding in a PSD kernel).</summary>
    private const double NullMode = 1e-12;

    private readonly int _n;
    private readonly double _rate;
    private readonly double[] _eigenvalues;
    private readonly Matrix<double> _vectors;

    /// <summary>The dynamics of kernel <paramref name="kernel"/> (N × N, row-major, symmetric) at rate <paramref name="rate"/>.</summary>
    public LinearizedDynamics(ReadOnlySpan<double> kernel, int n, double rate)
    {
        if (kernel.Length != n * n) throw new ArgumentException($"The kernel must be {n} × {n}.", nameof(kernel));
        if (!(rate > 0) || double.IsInfinity(rate)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "The rate must be positive.");
        _n = n;
        _rate = rate;
        var matrix = Matrix<double>.Build.Dense(n, n, kernel.ToArray()); // column-major: the transpose, the same matrix
        var evd = matrix.Evd(Symmetricity.Symmetric);
        _eigenvalues = [.. evd.EigenValues.Select(v => v.Real)];
        _vectors = evd.EigenVectors;
    }

    /// <summary>The largest eigenvalue of Θ (gradient descent on the linear model converges for η &lt; 2N/λ_max).</summary>
    public double LargestEigenvalue => _eigenvalues.Max();

    /// <summary>Whether every mode of Θ contracts at this rate (<c>|1 − ηλ/N| &lt; 1</c>), so that t → ∞ has a limit.</summary>
    public bool Converges => _eigenvalues.All(l => Math.Abs(1 - _rate * l / _n) < 1 || l <= NullMode * LargestEigenvalue);

    /// <summary><c>B_t</c> (N × N, row-major) after <paramref name="steps"/> steps, or for t → ∞ when null (NaN where it has no limit).</summary>
    public double[] Filter(int? steps)
    {
        double largest = LargestEigenvalue;
        var g = _eigenvalues.Select(l => Gain(l, largest, steps)).ToArray();
        var scaled = _vectors.Clone();
        for (int j = 0; j < _n; j++) scaled.SetColumn(j, _vectors.Column(j) * g[j]);
        var filter = scaled * _vectors.Transpose();
        return filter.ToRowMajorArray();
    }

    /// <summary><c>B_t r</c> for a vector <paramref name="residual"/> (N values), in O(N²).</summary>
    public double[] Apply(ReadOnlySpan<double> residual, int? steps)
    {
        if (residual.Length != _n) throw new ArgumentException($"The residual needs {_n} values.", nameof(residual));
        double largest = LargestEigenvalue;
        var projected = _vectors.TransposeThisAndMultiply(Vector<double>.Build.Dense(residual.ToArray()));
        for (int j = 0; j < _n; j++) projected[j] *= Gain(_eigenvalues[j], largest, steps);
        return (_vectors * projected).ToArray();
    }

    /// <summary><c>g_t(λ) = (1 − (1 − ηλ/N)^t)/λ</c>, in a form that keeps its accuracy for small ηλ/N.</summary>
    private double Gain(double lambda, double largest, int? steps)
    {
        bool nullMode = lambda <= NullMode * largest;
        double x = _rate * Math.Max(lambda, 0) / _n;
        if (steps is not int t)
        {
            if (nullMode) return 0;
            return Math.Abs(1 - x) < 1 ? 1 / lambda : double.NaN;
        }
        if (nullMode || x == 0) return t * _rate / _n;
        double decayed = x < 1 ? -Expm1(t * Log1p(-x)) : 1 - Math.Pow(1 - x, t);
        return decayed / lambda;
    }

    /// <summary><c>log(1 + x)</c> to rounding for small x (Goldberg's correction of the rounded 1 + x).</summary>
    private static double Log1p(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    /// <summary><c>e^x − 1</c> to rounding for small x (Kahan's correction).</summary>
    private static double Expm1(double x)
    {
        double u = Math.Exp(x);
        if (u == 1) return x;
        if (u - 1 == -1) return -1;
        return (u - 1) * x / Math.Log(u);
    }
}
