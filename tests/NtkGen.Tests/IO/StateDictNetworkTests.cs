using NtkGen.IO;
using NtkGen.Tests.Support;

namespace NtkGen.Tests.IO;

/// <summary>Networks from PyTorch-style state dicts: both naming schemes, prefixes, bias-free models and shape errors.</summary>
[TestClass]
public sealed class StateDictNetworkTests
{
    [TestMethod]
    public void Sequential_names_round_trip()
    {
        using var directory = new TempDirectory();
        var parameters = TestInputs.Parameters(OddWidthNet.Spec, seed: 2);
        StateDictNetwork.Save(directory.File("net.safetensors"), parameters);
        var loaded = StateDictNetwork.Load(directory.File("net.safetensors"));
        Assert.AreEqual(OddWidthNet.Spec.KernelKey, loaded.Spec.KernelKey);
        CollectionAssert.AreEqual(parameters.Values, loaded.Values);
    }

    [TestMethod]
    [DataRow("layers.{0}")]
    [DataRow("model.net.{0}")]
    public void Layers_names_and_prefixes_are_understood(string pattern)
    {
        var w1 = new SafetensorsTensor(string.Format(pattern, 0) + ".weight", "F32", [3, 2], [1, 2, 3, 4, 5, 6]);
        var b1 = new SafetensorsTensor(string.Format(pattern, 0) + ".bias", "F32", [3], [0.5, 0, -0.5]);
        var w2 = new SafetensorsTensor(string.Format(pattern, 1) + ".weight", "F64", [1, 3], [1, -1, 2]);
        var b2 = new SafetensorsTensor(string.Format(pattern, 1) + ".bias", "F64", [1], [3]);
        var loaded = StateDictNetwork.FromTensors("n", new[] { w2, b1, w1, b2 }.ToDictionary(t => t.Name), Activation.Tanh);
        Assert.AreEqual("2→3→1 Tanh, standard, σ_w²=2, σ_b²=0", loaded.Spec.ToString());
        CollectionAssert.AreEqual(new double[] { 1, 2, 3, 4, 5, 6, 0.5, 0, -0.5, 1, -1, 2, 3 }, loaded.Values);
    }

    [TestMethod]
    public void Layer_indices_sort_numerically()
    {
        // 10 comes after 2, not between 0 and 2 as text would sort it.
        var tensors = new[]
        {
            new SafetensorsTensor("0.weight", "F64", [4, 3], new double[12]),
            new SafetensorsTensor("2.weight", "F64", [5, 4], new double[20]),
            new SafetensorsTensor("10.weight", "F64", [1, 5], new double[5]),
        };
        var loaded = StateDictNetwork.FromTensors("n", tensors.ToDictionary(t => t.Name), Activation.ReLU);
        Assert.AreEqual(3, loaded.Spec.LayerCount);
        Assert.IsFalse(loaded.Spec.IncludeBiases, "no biases in the file: they do not count in the NTK");
    }

    [TestMethod]
    [DataRow("chain", "takes 5 inputs but the previous layer has 4 outputs")]
    [DataRow("some-biases", "1 of 2 layers have a bias")]
    [DataRow("bias-shape", "expected [4]")]
    [DataRow("weight-1d", "a weight is [out, in]")]
    [DataRow("stray", "unexpected tensor 'running_mean'")]
    [DataRow("two-prefixes", "two prefixes")]
    [DataRow("index-overflow", "unexpected tensor '99999999999.weight'")]
    [DataRow("prefix-without-dot", "unexpected tensor 'fc1.weight'")]
    [DataRow("bias-only", "has a bias but no weight")]
    [DataRow("nan-weight", "tensor '2.weight' element [0, 3] is NaN in f64")]
    [DataRow("infinite-bias", "tensor '0.bias' element [2] is −∞ in f64")]
    public void Inconsistent_state_dicts_are_rejected(string kind, string expected)
    {
        var tensors = kind switch
        {
            "chain" => new[] { W("0", 4, 3), W("2", 1, 5) },
            "some-biases" => new[] { W("0", 4, 3), B("0", 4), W("2", 1, 4) },
            "bias-shape" => new[] { W("0", 4, 3), B("0", 5), W("2", 1, 4), B("2", 1) },
            "weight-1d" => new[] { new SafetensorsTensor("0.weight", "F64", [4], new double[4]) },
            "stray" => new[] { W("0", 4, 3), new SafetensorsTensor("running_mean", "F64", [4], new double[4]) },
            "two-prefixes" => new[] { W("a.0", 4, 3), W("b.1", 1, 4) },
            "index-overflow" => new[] { W("0", 4, 3), W("99999999999", 1, 4) },
            "prefix-without-dot" => new[] { W("fc1", 4, 3) },
            "bias-only" => new[] { B("0", 4), W("2", 1, 4), B("2", 1) },
            "nan-weight" => new[] { W("0", 4, 3), W("2", 1, 4) with { Values = [0, 0, 0, double.NaN] } },
            "infinite-bias" => new[] { W("0", 4, 3), B("0", 4) with { Values = [0, 0, double.NegativeInfinity, 0] }, W("2", 1, 4), B("2", 1) },
            _ => throw new ArgumentException(kind),
        };
        var error = Assert.ThrowsExactly<InputFileException>(() => StateDictNetwork.FromTensors("net.safetensors", tensors.ToDictionary(t => t.Name), Activation.ReLU));
        StringAssert.StartsWith(error.Message, "net.safetensors: ");
        StringAssert.Contains(error.Message, expected);
    }

    private static SafetensorsTensor W(string index, int rows, int columns) => new($"{index}.weight", "F64", [rows, columns], new double[rows * columns]);

    private static SafetensorsTensor B(string index, int rows) => new($"{index}.bias", "F64", [rows], new double[rows]);
}
