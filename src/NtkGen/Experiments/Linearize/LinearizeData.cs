using System.Collections.Concurrent;
using NtkGen.Data;

namespace NtkGen.Experiments.Linearize;

/// <summary>
/// The inputs of a linearization run: the first <see cref="LinearizeConfig.TrainPerClass"/> images of each of the two
/// classes train, the next <see cref="LinearizeConfig.TestPerClass"/> test; targets −1 and +1; every image scaled to
/// <c>‖x‖² = n0</c>, so that the first layer's pre-activations have variance σ_w² + σ_b² whatever the digit's ink.
/// </summary>
public sealed class LinearizeData
{
    private static readonly ConcurrentDictionary<string, LinearizeData> s_loaded = new();

    private LinearizeData(LinearizeConfig config, DigitDataset digits)
    {
        int n0 = DigitDataset.Pixels;
        var train = new List<int>();
        var test = new List<int>();
        foreach (int digit in config.Classes)
        {
            var ofClass = Enumerable.Range(0, digits.Count).Where(i => digits.Labels[i] == digit).ToList();
            if (ofClass.Count < config.TrainPerClass + config.TestPerClass)
                throw new InvalidConfigurationException(nameof(config.TrainPerClass), $"The data have only {ofClass.Count} images of digit {digit}; {config.TrainPerClass + config.TestPerClass} are needed.");
            train.AddRange(ofClass.Take(config.TrainPerClass));
            test.AddRange(ofClass.Skip(config.TrainPerClass).Take(config.TestPerClass));
        }
        (TrainInputs, TrainTargets) = Inputs(digits, train, config.Classes, n0);
        (TestInputs, TestTargets) = Inputs(digits, test, config.Classes, n0);
        Digest = DigitDataset.Digest(digits.Select(train), digits.Select(test));
    }

    /// <summary>Training inputs, N × n0 row-major.</summary>
    public double[] TrainInputs { get; }

    /// <summary>Training targets ±1.</summary>
    public double[] TrainTargets { get; }

    /// <summary>Test inputs, T × n0.</summary>
    public double[] TestInputs { get; }

    /// <summary>Test targets ±1.</summary>
    public double[] TestTargets { get; }

    /// <summary>SHA-256 of the digits used.</summary>
    public string Digest { get; }

    /// <summary>The inputs of <paramref name="config"/> from <paramref name="digits"/>.</summary>
    public static LinearizeData From(LinearizeConfig config, DigitDataset digits) => new(config, digits);

    /// <summary><paramref name="config"/> with the digest of the inputs it selects from its <see cref="LinearizeConfig.DataFolder"/> (read once per process).</summary>
    public static LinearizeConfig WithDigest(LinearizeConfig config) => config with { DataDigest = Read(config).Digest };

    /// <summary>
    /// The inputs of <paramref name="config"/>, read once per process from its <see cref="LinearizeConfig.DataFolder"/>;
    /// refuses data whose digest is not the configuration's.
    /// </summary>
    public static LinearizeData Load(LinearizeConfig config)
    {
        var data = Read(config);
        if (data.Digest != config.DataDigest)
            throw new InvalidConfigurationException(nameof(config.DataDigest), $"the digits in {config.DataFolder} are not the ones this run was started on (digest {data.Digest[..12]}…, expected {config.DataDigest[..Math.Min(12, config.DataDigest.Length)]}…).");
        return data;
    }

    private static LinearizeData Read(LinearizeConfig config)
        => s_loaded.GetOrAdd($"{Path.GetFullPath(config.DataFolder)}|{string.Join(",", config.Classes)}|{config.TrainPerClass}|{config.TestPerClass}",
            _ => new LinearizeData(config, DigitDataset.LoadNpmDigits(config.DataFolder)));

    private static (double[] Inputs, double[] Targets) Inputs(DigitDataset digits, List<int> indices, IReadOnlyList<int> classes, int n0)
    {
        var inputs = new double[indices.Count * n0];
        var targets = new double[indices.Count];
        for (int r = 0; r < indices.Count; r++)
        {
            var image = digits.Images.AsSpan(indices[r] * n0, n0);
            double norm = 0;
            foreach (float v in image) norm += (double)v * v;
            if (norm == 0) throw new InvalidConfigurationException(nameof(LinearizeConfig.Classes), $"image {indices[r]} of the digits is blank: it has no direction to scale.");
            double scale = Math.Sqrt(n0 / norm);
            for (int i = 0; i < n0; i++) inputs[r * n0 + i] = image[i] * scale;
            targets[r] = digits.Labels[indices[r]] == classes[1] ? 1 : -1;
        }
        return (inputs, targets);
    }
}
