namespace NtkGen.Experiments;

/// <summary>The checks every depth × σ_w² grid of n0 → M × (L−1) → 1 networks needs, for the configs that have one.</summary>
internal static class GridChecks
{
    /// <summary>Throws <see cref="InvalidConfigurationException"/> for the first impossible value, in the configs' property names.</summary>
    public static void Validate(int inputSize, int width, Activation activation, IReadOnlyList<int> depths, IReadOnlyList<double> sigmaW2, double sigmaB2)
    {
        if (inputSize < 1) throw new InvalidConfigurationException("InputSize", $"InputSize must be at least 1 (got {inputSize}).");
        if (width < 1) throw new InvalidConfigurationException("Width", $"Width must be at least 1 (got {width}).");
        if (!Enum.IsDefined(activation)) throw new InvalidConfigurationException("Activation", $"Activation {(int)activation} is not an activation.");
        if (depths.Count == 0 || depths.Any(d => d < 1)) throw new InvalidConfigurationException("Depths", "Depths must list depths of at least 1 weight layer.");
        if (sigmaW2.Count == 0 || sigmaW2.Any(s => !(s > 0) || double.IsInfinity(s))) throw new InvalidConfigurationException("SigmaW2", "SigmaW2 must list positive numbers.");
        if (!(sigmaB2 >= 0) || double.IsInfinity(sigmaB2)) throw new InvalidConfigurationException("SigmaB2", $"SigmaB2 must be zero or positive (got {sigmaB2}).");
    }
}
