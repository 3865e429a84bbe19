namespace NtkGen.Training;

/// <summary>
/// The critical learning rate of plain gradient descent on the square loss <c>(1/N) Σ ½‖y − f(x)‖²</c>. Linearized about
/// the initialization, one step moves the outputs by <c>−(η/N) Θ (f − y)</c>, which diverges along the top eigenvector of
/// Θ once <c>η &gt; 2/λ_max(Θ/N)</c> (Lee et al. 2019, "Wide neural networks of any depth evolve as linear models"). A step
/// that is a fixed fraction of it is the same step relative to each network's own kernel, however far apart the kernels of
/// the initialization phases lie in scale (Θ_d ≈ 19 ordered against 4·10⁴ chaotic for the authors' MNIST networks).
/// </summary>
public static class CriticalLearningRate
{
    /// <summary>
    /// <c>2/λ_max(Θ/N)</c> estimated from the traced NTK <paramref name="tracedKernel"/> (<c>n × n</c>, summed over
    /// <paramref name="outputs"/> outputs) on <c>n</c> of the training inputs. The top eigenvalue of a kernel matrix over
    /// <c>n</c> samples divided by <c>n</c> estimates that of the kernel's integral operator, hence of Θ/N on the training
    /// set drawn alike; and the trace is divided by the number of outputs, as the per-output kernels of a random network
    /// are alike and those across outputs nearly zero (exactly so for a network linear in its parameters).
    /// </summary>
    public static double Of(ReadOnlySpan<float> tracedKernel, int n, int outputs = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        double largest = LargestEigenvalue(tracedKernel, n) / ((double)n * outputs);
        if (!(largest > 0) || double.IsInfinity(largest))
            throw new ArgumentException($"The NTK at initialization has no positive finite top eigenvalue ({largest:G4}): no critical learning rate.");
        return 2 / largest;
    }

    /// <summary>
    /// The largest eigenvalue of the symmetric positive semi-definite <paramref name="n"/> × <paramref name="n"/> matrix
    /// (row-major) by power iteration in double precision, stopped when the Rayleigh quotient settles to 1e-12.
    /// </summary>
    public static double LargestEigenvalue(ReadOnlySpan<float> symmetric, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (symmetric.Length != n * n) throw new ArgumentException($"Expected an {n} × {n} matrix, got {symmetric.Length} entries.");
        foreach (float value in symmetric)
            if (!float.IsFinite(value)) throw new ArgumentException("The matrix has a non-finite entry.");

        // Start off every axis and off the all-ones vector, so that no top eigenvector is orthogonal to the start.
        var vector = new double[n];
        for (int i = 0; i < n; i++) vector[i] = 1 + 0.5 * Math.Sin(i + 1);
        Normalize(vector);
        var product = new double[n];
        double eigenvalue = 0;
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            for (int i = 0; i < n; i++)
            {
                double sum = 0;
                var row = symmetric.Slice(i * n, n);
                for (int j = 0; j < n; j++) sum += row[j] * vector[j];
                product[i] = sum;
            }
            double rayleigh = 0;
            for (int i = 0; i < n; i++) rayleigh += vector[i] * product[i];
            if (Normalize(product) == 0) return 0;
            (vector, product) = (product, vector);
            // The Rayleigh quotient of a symmetric matrix converges twice as fast as the vector and never exceeds λ₁.
            if (iteration > 0 && Math.Abs(rayleigh - eigenvalue) <= 1e-12 * Math.Abs(rayleigh)) return rayleigh;
            eigenvalue = rayleigh;
        }
        return eigenvalue;
    }

    // The Rayleigh quotient's relative error falls as (λ₂/λ₁)^(2k): below 1e-8 at the cap whenever λ₂ ≤ 0.9995 λ₁; with
    // closer eigenvalues it is a mixture of values within λ₁ − λ₂ of λ₁ anyway. A learning rate needs far less.
    private const int MaxIterations = 20_000;

    private static double Normalize(double[] vector)
    {
        double norm = Math.Sqrt(vector.Sum(v => v * v));
        if (norm == 0) return 0;
        for (int i = 0; i < vector.Length; i++) vector[i] /= norm;
        return norm;
    }
}
