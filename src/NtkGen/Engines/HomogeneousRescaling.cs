namespace NtkGen.Engines;

/// <summary>
/// How the Monte Carlo engines keep deep networks in floating-point range. Zero-bias networks of a positively homogeneous
/// activation (ReLU, leaky ReLU, linear) in standard parametrization scale exactly with σ_w²: drawn He-scaled
/// (σ_w² = 2), layer l's weights term of Θ is multiplied by χ^{L−1} and its biases term by χ^{L−l}, χ = σ_w²/2. Every
/// value is then carried divided by <c>e^S</c>, <c>S = max(0, (L−1) ln χ)</c>, so deep chaotic networks never overflow.
/// Other networks are drawn as they are (<c>S = 0</c>, factors 1).
/// </summary>
public sealed class HomogeneousRescaling
{
    private readonly double[] _biasFactors; // per layer, 1-based

    /// <summary>The rescaling of networks of <paramref name="spec"/>.</summary>
    public HomogeneousRescaling(NetworkSpec spec)
    {
        Applies = spec.ActivationFunction.IsPiecewiseLinear && spec.SigmaB2 == 0 && spec.Parametrization == Parametrization.Standard;
        DrawSpec = Applies ? spec.WithVariances(2.0, 0) : spec;
        int depth = spec.LayerCount;
        double logChi = Applies ? Math.Log(spec.SigmaW2 / 2) : 0;
        LogScale = Math.Max(0, (depth - 1) * logChi);
        WeightsFactor = Math.Exp((depth - 1) * logChi - LogScale);
        _biasFactors = new double[depth + 1];
        for (int l = 1; l <= depth; l++) _biasFactors[l] = Math.Exp((depth - l) * logChi - LogScale);
    }

    /// <summary>Whether networks are drawn He-scaled and σ_w² restored per layer.</summary>
    public bool Applies { get; }

    /// <summary>The networks to draw: He-scaled where the rescaling applies, else the networks themselves.</summary>
    public NetworkSpec DrawSpec { get; }

    /// <summary>Every value is the NTK divided by <c>e^{LogScale}</c>.</summary>
    public double LogScale { get; }

    /// <summary>The factor of the weights part of Θ of a drawn network (every layer's).</summary>
    public double WeightsFactor { get; }

    /// <summary>The factor of layer <paramref name="layer"/>'s biases term of a drawn network.</summary>
    public double BiasFactor(int layer) => _biasFactors[layer];
}
