using System.Text.RegularExpressions;

namespace NtkGen.Cli.Commands;

/// <summary>
/// The options behind each configuration property, one table for every command (the flags are the same wherever they
/// occur), so that a configuration the library refuses (<see cref="InvalidConfigurationException"/>, reported by
/// <see cref="NtkGenCli.Report"/>) reads in the user's terms.
/// </summary>
internal static partial class ConfigurationOptions
{
    private static readonly Dictionary<string, string> s_flags = new(StringComparer.Ordinal)
    {
        ["InputSize"] = "--n0", ["Width"] = "--width", ["HiddenLayers"] = "--hidden-layers", ["Depths"] = "--depths",
        ["Activation"] = "--activation", ["Engine"] = "--engine", ["Parametrization"] = "--parametrization", ["SigmaW2"] = "--sigma-w2", ["SigmaB2"] = "--sigma-b2", ["Samples"] = "--samples",
        ["Precision"] = "--precision", ["Eta"] = "--eta", ["EtaBatch"] = "--eta-batch", ["Batch"] = "--batch", ["Target"] = "--target",
        ["Optimizer"] = "--optimizer", ["LearningRate"] = "--lr", ["CriticalLrFraction"] = "--lr-critical", ["AdamEpsilon"] = "--adam-epsilon", ["Steps"] = "--steps",
        ["TrainPerClass"] = "--train-per-class", ["TestPerClass"] = "--test-per-class", ["NtkPerClass"] = "--ntk-per-class", ["Outputs"] = "--outputs",
        ["Classes"] = "--classes", ["RateFraction"] = "--rate-fraction",
    };

    /// <summary><paramref name="message"/> with every property name replaced by its flag.</summary>
    public static string InFlags(string message)
        => PropertyName().Replace(message, m => s_flags.TryGetValue(m.Value, out var flag) ? flag : m.Value);

    [GeneratedRegex(@"\b[A-Z][A-Za-z0-9]*\b")]
    private static partial Regex PropertyName();
}
