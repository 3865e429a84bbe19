using System.Numerics;

namespace NtkGen.Activations;

/// <summary>
/// An activation chosen at run time (a network's <see cref="Activation"/> and, for the leaky ReLU, its slope), over its
/// operator type: the scalar forms for the reference and the jets, the vector form for the generic kernels, the Gaussian
/// integrals for the mean-field theory and the infinite-width kernel, and <see cref="Accept{TResult}"/> for code that is
/// generic over the operator (the run-time-width kernels).
/// </summary>
public abstract class ActivationFunction
{
    private protected ActivationFunction(double leakySlope) => LeakySlope = leakySlope;

    /// <summary>Every activation, in the order of <see cref="Activation"/>.</summary>
    public static IReadOnlyList<Activation> All { get; } = Enum.GetValues<Activation>();

    /// <summary>The operator of <paramref name="kind"/>; <paramref name="leakySlope"/> matters only for the leaky ReLU.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a value of <see cref="Activation"/>.</exception>
    public static ActivationFunction For(Activation kind, double leakySlope = 0.01) => kind switch
    {
        Activation.ReLU => new Of<Relu>(leakySlope),
        Activation.LeakyReLU => new Of<LeakyRelu>(leakySlope),
        Activation.Sigmoid => new Of<Sigmoid>(leakySlope),
        Activation.Tanh => new Of<Tanh>(leakySlope),
        Activation.Erf => new Of<Erf>(leakySlope),
        Activation.Linear => new Of<Linear>(leakySlope),
        Activation.Gelu => new Of<Gelu>(leakySlope),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an activation."),
    };

    /// <summary>The name the command line and the outputs use (<c>relu</c>, <c>leaky-relu</c>, <c>gelu</c>, …).</summary>
    public static string NameOf(Activation kind) => For(kind).Name;

    /// <summary>The activation named <paramref name="name"/> (as <see cref="NameOf"/> writes it, any case), or <see langword="null"/>.</summary>
    public static Activation? Parse(string name)
    {
        foreach (var kind in All)
        {
            if (string.Equals(NameOf(kind), name, StringComparison.OrdinalIgnoreCase)) return kind;
        }
        return null;
    }

    /// <summary>The names of <see cref="All"/>, for help texts and error messages.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(NameOf)];

    /// <summary>The activation.</summary>
    public abstract Activation Kind { get; }

    /// <summary>See <see cref="NameOf"/>.</summary>
    public abstract string Name { get; }

    /// <summary>The leaky ReLU's negative slope (carried, unused, by the others).</summary>
    public double LeakySlope { get; }

    /// <inheritdoc cref="IActivationOperator.IsPiecewiseLinear"/>
    public abstract bool IsPiecewiseLinear { get; }

    /// <summary><c>φ(z)</c>.</summary>
    public abstract double Value(double z);

    /// <summary><c>φ'(z)</c>.</summary>
    public abstract double Derivative(double z);

    /// <summary><c>φ''(z)</c>.</summary>
    public abstract double SecondDerivative(double z);

    /// <inheritdoc cref="IActivationOperator.Apply{T}"/>
    public abstract void Apply<T>(ReadOnlySpan<T> z, Span<T> a, Span<T> d) where T : unmanaged, IBinaryFloatingPointIeee754<T>;

    /// <summary><c>φ''</c> of each element of <paramref name="z"/> into <paramref name="second"/>, which may be <paramref name="z"/> itself.</summary>
    public abstract void SecondDerivatives<T>(ReadOnlySpan<T> z, Span<T> second) where T : unmanaged, IBinaryFloatingPointIeee754<T>;

    /// <summary><c>E[φ(√q u)²]</c>, <c>u ~ N(0, 1)</c>: in closed form where one is known, else by <see cref="GaussianIntegrals"/>.</summary>
    public abstract double MeanSquareValue(double q);

    /// <summary><c>E[φ'(√q u)²]</c>, <c>u ~ N(0, 1)</c>.</summary>
    public abstract double MeanSquareDerivative(double q);

    /// <inheritdoc cref="IActivationOperator.TryDualKernel"/>
    /// <remarks>In closed form where one is known, else by <see cref="GaussianIntegrals.Bivariate"/>.</remarks>
    public abstract (double Kernel, double DerivativeKernel) DualKernel(double q11, double q22, double q12);

    /// <summary>Runs <paramref name="visitor"/> with this activation's operator type.</summary>
    public abstract TResult Accept<TResult>(IActivationVisitor<TResult> visitor);

    /// <inheritdoc/>
    public override string ToString() => Name;

    private sealed class Of<TOperator>(double leakySlope) : ActivationFunction(leakySlope)
        where TOperator : struct, IActivationOperator
    {
        public override Activation Kind => TOperator.Kind;

        public override string Name => TOperator.Name;

        public override bool IsPiecewiseLinear => TOperator.IsPiecewiseLinear;

        public override double Value(double z) => TOperator.Value(z, LeakySlope);

        public override double Derivative(double z) => TOperator.Derivative(z, LeakySlope);

        public override double SecondDerivative(double z) => TOperator.SecondDerivative(z, LeakySlope);

        public override void Apply<T>(ReadOnlySpan<T> z, Span<T> a, Span<T> d) => TOperator.Apply(z, a, d, T.CreateTruncating(LeakySlope));

        public override void SecondDerivatives<T>(ReadOnlySpan<T> z, Span<T> second)
        {
            T slope = T.CreateTruncating(LeakySlope);
            if (TOperator.TrySecondDerivatives(z, second, slope)) return;
            for (int i = 0; i < z.Length; i++) second[i] = TOperator.SecondDerivative(z[i], slope);
        }

        public override double MeanSquareValue(double q)
            => TOperator.TryMeanSquares(q, LeakySlope, out double value, out _) ? value : GaussianIntegrals.Expectation(u => Square(Value(u)), q);

        public override double MeanSquareDerivative(double q)
            => TOperator.TryMeanSquares(q, LeakySlope, out _, out double derivative) ? derivative : GaussianIntegrals.Expectation(u => Square(Derivative(u)), q);

        public override (double Kernel, double DerivativeKernel) DualKernel(double q11, double q22, double q12)
            => TOperator.TryDualKernel(q11, q22, q12, LeakySlope, out double kernel, out double derivativeKernel)
                ? (kernel, derivativeKernel)
                : (GaussianIntegrals.Bivariate(Value, Value, q11, q22, q12), GaussianIntegrals.Bivariate(Derivative, Derivative, q11, q22, q12));

        public override TResult Accept<TResult>(IActivationVisitor<TResult> visitor) => TOperator.Accept(visitor);

        private static double Square(double x) => x * x;
    }
}
