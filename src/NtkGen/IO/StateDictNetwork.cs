using System.Globalization;
using System.Text.RegularExpressions;
using NtkGen.Kernels;

namespace NtkGen.IO;

/// <summary>
/// Builds a network from a PyTorch-style state dict stored as safetensors: <c>nn.Sequential(Linear, ReLU, …, Linear)</c>
/// names (<c>0.weight</c> [out, in], <c>0.bias</c>, <c>2.weight</c>, …), <c>layers.{i}.weight/bias</c>, or either under
/// one common prefix such as <c>model.</c>. Layers are taken in increasing index order; each weight's input size must
/// equal the previous weight's output size.
/// </summary>
/// <remarks>
/// The activation is not stored in a state dict, so the caller supplies it. When no layer has a bias (PyTorch
/// <c>bias=False</c>), the biases are zero and do not count in the NTK; otherwise every layer must have one.
/// The weights are taken as they are (standard parametrization).
/// </remarks>
public static partial class StateDictNetwork
{
    /// <summary>Loads the network stored in <paramref name="path"/>.</summary>
    /// <exception cref="InputFileException">The file is missing, malformed, or does not describe a fully-connected network.</exception>
    public static NetworkParameters<double> Load(string path, Activation activation = Activation.ReLU) => Load<double>(path, activation);

    /// <summary>
    /// Loads the network stored in <paramref name="path"/> in precision <typeparamref name="T"/>, each tensor read from the
    /// file straight into its place in the parameters (a large model is held once, not as a copy in double precision too).
    /// </summary>
    /// <exception cref="InputFileException">The file is missing, malformed, or does not describe a fully-connected network.</exception>
    public static NetworkParameters<T> Load<T>(string path, Activation activation = Activation.ReLU)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        Microsoft.Win32.SafeHandles.SafeFileHandle file;
        try
        {
            file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (InputFileException.IsFileProblem(e))
        {
            throw InputFileException.From(path, e);
        }
        using (file)
        {
            var (entries, dataStart) = SafetensorsFile.ReadHeader(path, file);
            var (spec, layers) = Layout(path, entries.Values, e => e.Name, e => e.Shape, activation);
            var parameters = new NetworkParameters<T>(spec);
            for (int l = 1; l <= spec.LayerCount; l++)
            {
                SafetensorsFile.ReadInto(file, dataStart, layers[l - 1].Weight, parameters.Weights(l));
                CheckFinite<T>(path, layers[l - 1].Weight.Name, layers[l - 1].Weight.Shape, parameters.Weights(l));
                if (layers[l - 1].Bias is not { } bias) continue;
                SafetensorsFile.ReadInto(file, dataStart, bias, parameters.Biases(l));
                CheckFinite<T>(path, bias.Name, bias.Shape, parameters.Biases(l));
            }
            return parameters;
        }
    }

    /// <summary>Builds the network from already-read tensors; <paramref name="path"/> only names the source in errors.</summary>
    public static NetworkParameters<double> FromTensors(string path, IReadOnlyDictionary<string, SafetensorsTensor> tensors, Activation activation)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var (spec, layers) = Layout(path, tensors.Values, t => t.Name, t => t.Shape, activation);
        var parameters = new NetworkParameters<double>(spec);
        for (int l = 1; l <= spec.LayerCount; l++)
        {
            var (weight, bias) = layers[l - 1];
            CheckFinite<double>(path, weight.Name, weight.Shape, weight.Values);
            weight.Values.CopyTo(parameters.Weights(l));
            if (bias is null) continue;
            CheckFinite<double>(path, bias.Name, bias.Shape, bias.Values);
            bias.Values.CopyTo(parameters.Biases(l));
        }
        return parameters;
    }

    /// <summary>
    /// Refuses a tensor holding NaN or ±∞ (or a value past <typeparamref name="T"/>'s range, which became ∞ on reading),
    /// naming it and the element: such a network has no meaningful NTK, and the kernel would only return NaN.
    /// </summary>
    private static void CheckFinite<T>(string path, string name, int[] shape, ReadOnlySpan<T> values)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        int i = NonFinite.IndexOf(values);
        if (i < 0) return;
        string at = shape.Length == 2 ? $"[{i / shape[1]}, {i % shape[1]}]" : $"[{i}]";
        throw new InputFileException(path, $"tensor '{name}' element {at} is {NonFinite.Describe(values[i])} in {PrecisionName.Of<T>()}: the NTK needs finite weights");
    }

    /// <summary>The network the tensors' names and shapes describe, and each layer's weight and bias tensor in order.</summary>
    private static (NetworkSpec Spec, List<(TTensor Weight, TTensor? Bias)> Layers) Layout<TTensor>(
        string path, IEnumerable<TTensor> tensors, Func<TTensor, string> nameOf, Func<TTensor, int[]> shapeOf, Activation activation)
        where TTensor : class
    {
        var layers = new SortedDictionary<int, (TTensor? Weight, TTensor? Bias)>();
        string? prefix = null;
        foreach (var tensor in tensors.OrderBy(nameOf, StringComparer.Ordinal))
        {
            string name = nameOf(tensor);
            var match = LayerName().Match(name);
            if (!match.Success)
                throw new InputFileException(path, $"unexpected tensor '{name}': expected names like 0.weight, 0.bias or layers.0.weight");
            string thisPrefix = match.Groups["prefix"].Value;
            if (prefix is not null && prefix != thisPrefix)
                throw new InputFileException(path, $"tensors under two prefixes ('{prefix}' and '{thisPrefix}'); expected one sequence of layers");
            prefix = thisPrefix;
            int index = int.Parse(match.Groups["index"].Value, CultureInfo.InvariantCulture);
            layers.TryGetValue(index, out var layer);
            layers[index] = match.Groups["kind"].Value == "weight" ? layer with { Weight = tensor } : layer with { Bias = tensor };
        }
        if (layers.Count == 0) throw new InputFileException(path, "no layer tensors found (expected 0.weight, 0.bias, …)");

        int withBias = layers.Values.Count(l => l.Bias is not null);
        if (withBias != 0 && withBias != layers.Count)
            throw new InputFileException(path, $"{withBias} of {layers.Count} layers have a bias; expected all or none");

        var widths = new List<int>();
        var ordered = new List<(TTensor Weight, TTensor? Bias)>();
        foreach (var (index, layer) in layers)
        {
            if (layer.Weight is null) throw new InputFileException(path, $"layer {index} has a bias but no weight");
            var shape = shapeOf(layer.Weight);
            string weightName = nameOf(layer.Weight);
            if (shape.Length != 2 || shape[0] == 0 || shape[1] == 0)
                throw new InputFileException(path, $"tensor '{weightName}' has shape [{string.Join(", ", shape)}]; a weight is [out, in] with both positive");
            if (widths.Count == 0) widths.Add(shape[1]);
            else if (shape[1] != widths[^1])
                throw new InputFileException(path, $"tensor '{weightName}' takes {shape[1]} inputs but the previous layer has {widths[^1]} outputs");
            widths.Add(shape[0]);
            if (layer.Bias is not null && (shapeOf(layer.Bias).Length != 1 || shapeOf(layer.Bias)[0] != shape[0]))
                throw new InputFileException(path, $"tensor '{nameOf(layer.Bias)}' has shape [{string.Join(", ", shapeOf(layer.Bias))}]; expected [{shape[0]}]");
            ordered.Add((layer.Weight, layer.Bias));
        }
        var spec = new NetworkSpec(widths[0], widths.Skip(1).Take(widths.Count - 2).ToArray(), widths[^1], activation, includeBiases: withBias > 0);
        return (spec, ordered);
    }

    /// <summary>Writes <paramref name="parameters"/> with <c>nn.Sequential</c> names (<c>0.weight</c>, <c>0.bias</c>, <c>2.weight</c>, …).</summary>
    public static void Save(string path, NetworkParameters<double> parameters, string dtype = "F64")
    {
        var spec = parameters.Spec;
        var tensors = new List<SafetensorsTensor>();
        for (int l = 1; l <= spec.LayerCount; l++)
        {
            // In nn.Sequential(Linear, ReLU, Linear, …) the Linear modules sit at even indices.
            int index = 2 * (l - 1);
            tensors.Add(new SafetensorsTensor($"{index}.weight", dtype, [spec.Width(l), spec.Width(l - 1)], parameters.Weights(l).ToArray()));
            if (spec.IncludeBiases) tensors.Add(new SafetensorsTensor($"{index}.bias", dtype, [spec.Width(l)], parameters.Biases(l).ToArray()));
        }
        SafetensorsFile.Write(path, tensors);
    }

    [GeneratedRegex(@"^(?<prefix>(?:.*\.)?)(?<index>\d+)\.(?<kind>weight|bias)$", RegexOptions.CultureInvariant)]
    private static partial Regex LayerName();
}
