using System.Numerics;
using NtkGen.Random;

namespace NtkGen;

/// <summary>
/// The weights and biases of a network in the layout of <see cref="NetworkSpec"/>: for each layer <c>l = 1 … L</c>,
/// <c>W_l</c> row-major (<c>n_l × n_{l-1}</c>) then <c>b_l</c>.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class NetworkParameters<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Wraps <paramref name="values"/> (not copied) as the parameters of <paramref name="spec"/>.</summary>
    public NetworkParameters(NetworkSpec spec, T[] values)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != spec.ParameterCount)
            throw new ArgumentException($"The network {spec} has {spec.ParameterCount} parameters, not {values.Length}.", nameof(values));
        Spec = spec;
        Values = values;
    }

    /// <summary>All-zero parameters of <paramref name="spec"/>.</summary>
    public NetworkParameters(NetworkSpec spec)
        : this(spec, new T[spec.ParameterCount])
    {
    }

    /// <summary>The network these parameters belong to.</summary>
    public NetworkSpec Spec { get; }

    /// <summary>All parameters, layer after layer.</summary>
    public T[] Values { get; }

    /// <summary><c>W_l</c>, row-major <c>n_l × n_{l-1}</c>.</summary>
    public Span<T> Weights(int layer) => Values.AsSpan(Spec.WeightOffset(layer), Spec.Width(layer) * Spec.Width(layer - 1));

    /// <summary><c>b_l</c>.</summary>
    public Span<T> Biases(int layer) => Values.AsSpan(Spec.BiasOffset(layer), Spec.Width(layer));

    /// <summary>
    /// Draws parameters at initialization (THEORY.md §1). Parameter <c>p</c> is standard normal number <c>p</c> of
    /// stream <paramref name="stream"/> of <paramref name="seed"/>, times the layer's standard deviation: the same seed
    /// and stream give the same network in <see cref="float"/> and <see cref="double"/> (up to rounding) on any thread.
    /// </summary>
    public static NetworkParameters<T> Initialize(NetworkSpec spec, ulong seed, ulong stream = 0)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var parameters = new NetworkParameters<T>(spec);
        parameters.Reinitialize(seed, stream);
        return parameters;
    }

    /// <summary>Overwrites these parameters with a fresh draw; see <see cref="Initialize"/>.</summary>
    public void Reinitialize(ulong seed, ulong stream = 0)
    {
        var gaussians = new GaussianStream(seed, stream);
        for (int l = 1; l <= Spec.LayerCount; l++)
        {
            int weightOffset = Spec.WeightOffset(l);
            gaussians.Fill(Weights(l), (ulong)weightOffset, Spec.InitialWeightStandardDeviation(l));
            var biases = Biases(l);
            if (Spec.SigmaB2 > 0) gaussians.Fill(biases, (ulong)Spec.BiasOffset(l), Spec.InitialBiasStandardDeviation);
            else biases.Clear();
        }
    }

    /// <summary>A copy converted to another element type.</summary>
    public NetworkParameters<TOther> ConvertTo<TOther>()
        where TOther : unmanaged, IBinaryFloatingPointIeee754<TOther>
    {
        var values = new TOther[Values.Length];
        for (int i = 0; i < values.Length; i++) values[i] = TOther.CreateTruncating(Values[i]);
        return new NetworkParameters<TOther>(Spec, values);
    }

    /// <summary>A copy of these parameters.</summary>
    public NetworkParameters<T> Clone() => new(Spec, (T[])Values.Clone());
}
