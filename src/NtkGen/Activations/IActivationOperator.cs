using System.Numerics;
using NtkGen.Kernels.Tiles;

namespace NtkGen.Activations;

/// <summary>
/// One activation φ as an operator type, in the manner of TensorPrimitives' operator structs: everything the kernels, the
/// reference, the jets and the mean-field theory need to know about φ lives in the one struct that implements this. Code
/// generic over the operator is compiled by the JIT once per activation, so a tile or a loop pays no dispatch per element.
/// </summary>
/// <remarks>
/// Adding an activation: one struct here, one line in <see cref="ActivationFunction.For"/>, a value in
/// <see cref="Activation"/>, and the generator's table (generators/…/Models/ActivationTable.cs).
/// </remarks>
public interface IActivationOperator
{
    /// <summary>The activation's value in <see cref="Activation"/>.</summary>
    static abstract Activation Kind { get; }

    /// <summary>The name the command line and the outputs use, e.g. <c>leaky-relu</c>.</summary>
    static abstract string Name { get; }

    /// <summary>
    /// Whether φ is linear on each side of 0 (ReLU, leaky ReLU, linear): then φ'' = 0, φ is positively homogeneous
    /// (φ(c z) = c φ(z) for c &gt; 0), and a register tile applies φ to its accumulators (<see cref="IFusedActivation"/>).
    /// </summary>
    static abstract bool IsPiecewiseLinear { get; }

    /// <summary><c>φ(z)</c>; <paramref name="slope"/> is the leaky ReLU's negative slope (unused by the others).</summary>
    static abstract T Value<T>(T z, T slope) where T : IFloatingPointIeee754<T>;

    /// <summary><c>φ'(z)</c>.</summary>
    static abstract T Derivative<T>(T z, T slope) where T : IFloatingPointIeee754<T>;

    /// <summary><c>φ''(z)</c> (0 at a kink).</summary>
    static abstract T SecondDerivative<T>(T z, T slope) where T : IFloatingPointIeee754<T>;

    /// <summary>
    /// The vector form: <c>a = φ(z)</c>, <c>d = φ'(z)</c> for a whole row. <paramref name="a"/> may be <paramref name="z"/>
    /// itself (the kernels overwrite z with φ(z)); <paramref name="d"/> may not.
    /// </summary>
    static abstract void Apply<T>(ReadOnlySpan<T> z, Span<T> a, Span<T> d, T slope) where T : unmanaged, IBinaryFloatingPointIeee754<T>;

    /// <summary>
    /// <c>second = φ''(z)</c> for a whole row (<paramref name="second"/> may be <paramref name="z"/> itself), where the
    /// activation has a vector form of φ''; otherwise <see langword="false"/>, and <see cref="ActivationFunction"/> applies
    /// <see cref="SecondDerivative{T}"/> element by element.
    /// </summary>
    static virtual bool TrySecondDerivatives<T>(ReadOnlySpan<T> z, Span<T> second, T slope) where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => false;

    /// <summary>
    /// <c>E[φ(√q u)²]</c> and <c>E[φ'(√q u)²]</c> for <c>u ~ N(0, 1)</c> in closed form, where one is known; otherwise
    /// <see langword="false"/>, and <see cref="ActivationFunction"/> integrates numerically.
    /// </summary>
    static virtual bool TryMeanSquares(double q, double slope, out double value, out double derivative)
    {
        value = derivative = 0;
        return false;
    }

    /// <summary>
    /// The dual kernel <c>K = E[φ(u) φ(v)]</c> and <c>K̇ = E[φ'(u) φ'(v)]</c> for <c>(u, v)</c> centred Gaussian with
    /// variances <paramref name="q11"/>, <paramref name="q22"/> and covariance <paramref name="q12"/>, in closed form where
    /// one is known (the infinite-width kernel's layer map); otherwise <see langword="false"/>.
    /// </summary>
    static virtual bool TryDualKernel(double q11, double q22, double q12, double slope, out double kernel, out double derivativeKernel)
    {
        kernel = derivativeKernel = 0;
        return false;
    }

    /// <summary>
    /// Hands the operator to <paramref name="visitor"/> with the register-tile form the forward tiles use for it: itself
    /// when <see cref="IsPiecewiseLinear"/>, else <see cref="FusedAffine"/> (the tile stores z and <see cref="Apply{T}"/>
    /// follows row by row).
    /// </summary>
    static abstract TResult Accept<TResult>(IActivationVisitor<TResult> visitor);
}

/// <summary>Code generic over an activation, reached from a run-time <see cref="ActivationFunction"/> (double dispatch, once per kernel).</summary>
/// <typeparam name="TResult">What the visit returns, e.g. a kernel.</typeparam>
public interface IActivationVisitor<TResult>
{
    /// <summary>Called with the activation's operator and its register-tile form.</summary>
    TResult Visit<TActivation, TTile>()
        where TActivation : struct, IActivationOperator
        where TTile : struct, IFusedActivation;
}
