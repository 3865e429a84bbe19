namespace NtkGen.Training;

/// <summary>Full-batch optimizers over a flat parameter vector (single precision, deterministic).</summary>
public abstract class Optimizer
{
    /// <summary>Applies one update of <paramref name="gradient"/> to <paramref name="parameters"/>.</summary>
    public abstract void Step(Span<float> parameters, ReadOnlySpan<float> gradient);

    /// <summary>The optimizer's state, for checkpoints (empty for plain gradient descent).</summary>
    public abstract float[][] State { get; }

    /// <summary>Number of updates applied so far.</summary>
    public int Updates { get; protected set; }

    /// <summary>Restores a checkpointed state.</summary>
    public abstract void Restore(float[][] state, int updates);

    /// <summary>Creates the optimizer of <paramref name="kind"/> (<paramref name="adamEpsilon"/> is Adam's ε).</summary>
    public static Optimizer Create(OptimizerKind kind, double learningRate, int parameters, double adamEpsilon = Adam.DefaultEpsilon) => kind switch
    {
        OptimizerKind.Gd => new GradientDescent((float)learningRate),
        OptimizerKind.Adam => new Adam((float)learningRate, parameters, (float)adamEpsilon),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an optimizer."),
    };
}

/// <summary>Plain gradient descent, <c>w ← w − η g</c>.</summary>
public sealed class GradientDescent(float learningRate) : Optimizer
{
    /// <inheritdoc/>
    public override float[][] State => [];

    /// <inheritdoc/>
    public override void Step(Span<float> parameters, ReadOnlySpan<float> gradient)
    {
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(gradient, -learningRate, parameters, parameters);
        Updates++;
    }

    /// <inheritdoc/>
    public override void Restore(float[][] state, int updates) => Updates = updates;
}

/// <summary>Adam (Kingma &amp; Ba) with β1 = 0.9, β2 = 0.999 and by default ε = 1e-8, as in the authors' code.</summary>
public sealed class Adam : Optimizer
{
    /// <summary>ε of flax's Adam, which the authors used.</summary>
    public const double DefaultEpsilon = 1e-8;

    private const float Beta1 = 0.9f, Beta2 = 0.999f;
    private readonly float _learningRate, _epsilon;
    private float[] _m, _v;

    /// <summary>Adam with step size <paramref name="learningRate"/> for <paramref name="parameters"/> parameters, ε = <paramref name="epsilon"/>.</summary>
    public Adam(float learningRate, int parameters, float epsilon = (float)DefaultEpsilon)
    {
        _learningRate = learningRate;
        _epsilon = epsilon;
        _m = new float[parameters];
        _v = new float[parameters];
    }

    /// <inheritdoc/>
    public override float[][] State => [_m, _v];

    /// <inheritdoc/>
    public override void Step(Span<float> parameters, ReadOnlySpan<float> gradient)
    {
        Updates++;
        float correction1 = 1 - MathF.Pow(Beta1, Updates), correction2 = 1 - MathF.Pow(Beta2, Updates);
        float stepSize = _learningRate * MathF.Sqrt(correction2) / correction1;
        for (int i = 0; i < parameters.Length; i++)
        {
            float g = gradient[i];
            _m[i] = Beta1 * _m[i] + (1 - Beta1) * g;
            _v[i] = Beta2 * _v[i] + (1 - Beta2) * g * g;
            parameters[i] -= stepSize * _m[i] / (MathF.Sqrt(_v[i]) + _epsilon * MathF.Sqrt(correction2));
        }
    }

    /// <inheritdoc/>
    public override void Restore(float[][] state, int updates)
    {
        _m = state[0];
        _v = state[1];
        Updates = updates;
    }
}
