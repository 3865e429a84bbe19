using System.Globalization;
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
public static class StateDictNetwork
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
            var (spec, weights, biases) = Layout(path, entries.Values, e => e.Name, e => e.Shape, activation);
            var parameters = new NetworkParameters<T>(spec);
            for (int l = 1; l <= spec.LayerCount; l++)
            {
                var weight = weights[l - 1];
                SafetensorsFile.ReadInto(file, dataStart, weight, parameters.Weights(l));
                CheckFinite<T>(path, weight.Name, weight.Shape, parameters.Weights(l));
                if (biases[l - 1] is not { } bias) continue;
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
        var (spec, weights, biases) = Layout(path, tensors.Values, t => t.Name, t => t.Shape, activation);
        var parameters = new NetworkParameters<double>(spec);
        for (int l = 1; l <= spec.LayerCount; l++)
        {
            var (weight, bias) = (weights[l - 1], biases[l - 1]);
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
    /// <remarks>
    /// Plain arrays and a hand-read name rather than a sorted dictionary and a regular expression: a command loads one
    /// network, and compiling that machinery on its first use took longer than the rest of the loading.
    /// </remarks>
    private static (NetworkSpec Spec, TTensor[] Weights, TTensor?[] Biases) Layout<TTensor>(
        string path, IEnumerable<TTensor> tensors, Func<TTensor, string> nameOf, Func<TTensor, int[]> shapeOf, Activation activation)
        where TTensor : class
    {
        var all = tensors.ToArray();
        var names = Array.ConvertAll(all, t => nameOf(t));
        Array.Sort(names, all, StringComparer.Ordinal);
        var indices = new int[all.Length];
        var isWeight = new bool[all.Length];
        string? prefix = null;
        for (int i = 0; i < all.Length; i++)
        {
            if (!TryParseName(names[i], out string thisPrefix, out indices[i], out isWeight[i]))
                throw new InputFileException(path, $"unexpected tensor '{names[i]}': expected names like 0.weight, 0.bias or layers.0.weight");
            if (prefix is not null && prefix != thisPrefix)
                throw new InputFileException(path, $"tensors under two prefixes ('{prefix}' and '{thisPrefix}'); expected one sequence of layers");
            prefix = thisPrefix;
        }
        if (all.Length == 0) throw new InputFileException(path, "no layer tensors found (expected 0.weight, 0.bias, …)");

        // The layers in increasing index order (numeric: 10 after 2), each index once.
        var order = (int[])indices.Clone();
        Array.Sort(order);
        int layerCount = 0;
        foreach (int index in order)
            if (layerCount == 0 || order[layerCount - 1] != index) order[layerCount++] = index;
        var weights = new TTensor[layerCount];
        var biases = new TTensor?[layerCount];
        for (int i = 0; i < all.Length; i++)
        {
            int layer = Array.BinarySearch(order, 0, layerCount, indices[i]);
            if (isWeight[i]) weights[layer] = all[i];
            else biases[layer] = all[i];
        }

        int withBias = 0;
        foreach (var bias in biases) withBias += bias is null ? 0 : 1;
        if (withBias != 0 && withBias != layerCount)
            throw new InputFileException(path, $"{withBias} of {layerCount} layers have a bias; expected all or none");

        var widths = new int[layerCount + 1];
        for (int l = 0; l < layerCount; l++)
        {
            var weight = (TTensor?)weights[l] ?? throw new InputFileException(path, $"layer {order[l]} has a bias but no weight");
            var shape = shapeOf(weight);
            string weightName = nameOf(weight);
            if (shape.Length != 2 || shape[0] == 0 || shape[1] == 0)
                throw new InputFileException(path, $"tensor '{weightName}' has shape [{string.Join(", ", shape)}]; a weight is [out, in] with both positive");
            if (l == 0) widths[0] = shape[1];
            else if (shape[1] != widths[l])
                throw new InputFileException(path, $"tensor '{weightName}' takes {shape[1]} inputs but the previous layer has {widths[l]} outputs");
            widths[l + 1] = shape[0];
            if (biases[l] is { } bias && (shapeOf(bias).Length != 1 || shapeOf(bias)[0] != shape[0]))
                throw new InputFileException(path, $"tensor '{nameOf(bias)}' has shape [{string.Join(", ", shapeOf(bias))}]; expected [{shape[0]}]");
        }
        var spec = new NetworkSpec(widths[0], widths[1..^1], widths[^1], activation, includeBiases: withBias > 0);
        return (spec, weights, biases);
    }

    /// <summary>
    /// Splits <c>{prefix}{index}.weight</c> or <c>{prefix}{index}.bias</c>, where the prefix is empty or ends with a dot
    /// (<c>layers.</c>, <c>model.net.</c>) and the index is decimal digits.
    /// </summary>
    private static bool TryParseName(string name, out string prefix, out int index, out bool isWeight)
    {
        prefix = "";
        index = 0;
        isWeight = name.EndsWith(".weight", StringComparison.Ordinal);
        int stem = isWeight ? name.Length - ".weight".Length : name.EndsWith(".bias", StringComparison.Ordinal) ? name.Length - ".bias".Length : -1;
        if (stem <= 0) return false;
        int digits = stem;
        while (digits > 0 && char.IsAsciiDigit(name[digits - 1])) digits--;
        if (digits == stem || (digits > 0 && name[digits - 1] != '.')) return false;
        prefix = name[..digits];
        // An index past int's range names no layer of a network this tool can hold.
        return int.TryParse(name.AsSpan(digits, stem - digits), NumberStyles.None, CultureInfo.InvariantCulture, out index);
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

}
