using System.Numerics;
using NtkGen.Kernels;

namespace NtkGen.Training;

/// <summary>
/// The critical learning rate of plain gradient descent on the square loss <c>(1/N) Σ ½‖y − f(x)‖²</c>. Linearized about
/// the initialization, one step moves the outputs by <c>−(η/N) Θ (f − y)</c>, which diverges along the top eigenvector of
/// Θ once <c>η &gt; 2/λ_max(Θ/N)</c> (Lee et al. 2019, "Wide neural networks of any depth evolve as linear models"). A step
/// that is a fixed fraction of it is the same step relative to each network's own kernel, however far apart the kernels of
/// the initialization phases lie in scale (Θ_d ≈ 19 ordered against 4·10⁴ chaotic for the authors' MNIST networks).
/// </summary>
/// <remarks>
/// Θ here is the kernel of all outputs, <c>Θ_kk'(x_i, x_j)</c> on <c>N·O</c> rows, not the trace over outputs. Its
/// cross-output blocks vanish only in the infinite-width limit: for the authors' <c>784 → 300 × 20 → 10</c> networks at
/// initialization they make λ_max 1.3 (ordered) to 2.2 (edge of chaos, chaotic) times what the trace divided by the 10
/// outputs gives, so a rate taken from the trace would lie above the critical one.
/// </remarks>
public static class CriticalLearningRate
{
    /// <summary>
    /// <c>2/λ_max(Θ/N)</c> of the network with <paramref name="parameters"/>, estimated from its NTK with every pair of
    /// outputs on <c>n</c> of the training <paramref name="inputs"/>: the top eigenvalue of a kernel matrix over <c>n</c>
    /// samples divided by <c>n</c> estimates that of the kernel's integral operator, hence of Θ/N on a training set drawn alike.
    /// </summary>
    public static double Of<T>(INtkKernel<T> kernel, ReadOnlySpan<T> parameters, ReadOnlySpan<T> inputs)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => FromBlocks<T>(kernel.NtkBlocks(parameters, inputs), inputs.Length / kernel.Spec.InputSize, kernel.Spec.OutputSize);

    /// <summary><c>2/λ_max(Θ/n)</c> from the NTK <paramref name="blocks"/> of <paramref name="n"/> inputs (<c>n × n × O × O</c>, as
    /// <see cref="INtkKernel{T}.NtkBlocks"/> writes it).</summary>
    public static double FromBlocks<T>(ReadOnlySpan<T> blocks, int n, int outputs)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double largest = LargestEigenvalue(blocks, n, outputs) / n;
        if (!(largest > 0) || double.IsInfinity(largest))
            throw new InvalidConfigurationException(nameof(TrainingConfig.CriticalLrFraction), $"The NTK at initialization has no positive finite top eigenvalue ({largest:G4}): no critical learning rate.");
        return 2 / largest;
    }

    /// <summary>
    /// The largest eigenvalue of the symmetric positive semi-definite matrix on <c>n·O</c> rows whose entry
    /// <c>((i, k), (j, m))</c> is <c>blocks[((i n + j) O + k) O + m]</c> (with <paramref name="outputs"/> = 1, an
    /// <c>n × n</c> row-major matrix), by power iteration in double precision, stopped when the Rayleigh quotient
    /// settles to 1e-12.
    /// </summary>
    public static double LargestEigenvalue<T>(ReadOnlySpan<T> blocks, int n, int outputs = 1)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        int blockSize = outputs * outputs, size = n * outputs;
        if (blocks.Length != (long)n * n * blockSize)
            throw new ArgumentException($"Expected {n} × {n} blocks of {outputs} × {outputs}, got {blocks.Length} entries.");
        foreach (T value in blocks)
            if (!T.IsFinite(value)) throw new ArgumentException("The matrix has a non-finite entry.");

        // Start off every axis and off the all-ones vector, so that no top eigenvector is orthogonal to the start.
        var vector = new double[size];
        for (int r = 0; r < size; r++) vector[r] = 1 + 0.5 * Math.Sin(r + 1);
        Normalize(vector);
        var product = new double[size];
        double eigenvalue = 0;
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            Array.Clear(product);
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    var block = blocks.Slice((i * n + j) * blockSize, blockSize);
                    for (int k = 0; k < outputs; k++)
                    {
                        double sum = 0;
                        for (int m = 0; m < outputs; m++) sum += double.CreateTruncating(block[k * outputs + m]) * vector[j * outputs + m];
                        product[i * outputs + k] += sum;
                    }
                }
            }
            double rayleigh = 0;
            for (int r = 0; r < size; r++) rayleigh += vector[r] * product[r];
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
