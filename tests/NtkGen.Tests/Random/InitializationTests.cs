using NtkGen.Tests.Support;

namespace NtkGen.Tests.Random;

/// <summary>Parameter initialization: reproducible, thread-independent, with the variances of THEORY.md §1.</summary>
[TestClass]
public sealed class InitializationTests
{
    [TestMethod]
    public void Same_seed_and_stream_give_the_same_network_on_any_thread()
    {
        var spec = OddWidthNet.Spec;
        var sequential = Enumerable.Range(0, 16).Select(s => spec.CreateParameters<double>(seed: 5, stream: (ulong)s).Values).ToArray();
        var parallel = new double[16][];
        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 4 }, s => parallel[15 - s] = spec.CreateParameters<double>(5, (ulong)(15 - s)).Values);
        for (int s = 0; s < 16; s++) CollectionAssert.AreEqual(sequential[s], parallel[s], $"stream {s}");
        CollectionAssert.AreNotEqual(sequential[0], sequential[1]);
    }

    [TestMethod]
    public void Float_parameters_are_the_rounded_double_parameters()
    {
        var doubles = TinyNet.CreateParameters<double>(seed: 8).Values;
        var floats = TinyNet.CreateParameters<float>(seed: 8).Values;
        CollectionAssert.AreEqual(doubles.Select(v => (float)v).ToArray(), floats);
    }

    [TestMethod]
    [DataRow(Parametrization.Standard, 1.5, 0.0)]
    [DataRow(Parametrization.Standard, 2.0, 0.3)]
    [DataRow(Parametrization.Ntk, 2.0, 0.1)]
    public void Layer_variances_match_the_parametrization(Parametrization parametrization, double sigmaW2, double sigmaB2)
    {
        var spec = new NetworkSpec(50, [200, 100], 30, sigmaW2: sigmaW2, sigmaB2: sigmaB2, parametrization: parametrization);
        var parameters = spec.CreateParameters<double>(seed: 1);
        for (int l = 1; l <= spec.LayerCount; l++)
        {
            double expected = parametrization == Parametrization.Ntk ? 1.0 : sigmaW2 / spec.Width(l - 1);
            var weights = parameters.Weights(l).ToArray();
            double variance = weights.Sum(w => w * w) / weights.Length;
            // The sample variance of n normal draws has relative standard error √(2/n).
            Assert.AreEqual(expected, variance, 4 * expected * Math.Sqrt(2.0 / weights.Length), $"layer {l} weights");
            var biases = parameters.Biases(l).ToArray();
            if (sigmaB2 == 0) Assert.IsTrue(biases.All(b => b == 0), $"layer {l} biases must be zero");
            else Assert.AreEqual(sigmaB2, biases.Sum(b => b * b) / biases.Length, 4 * sigmaB2 * Math.Sqrt(2.0 / biases.Length) + 1e-12, $"layer {l} biases");
        }
    }

    [TestMethod]
    public void Invalid_specifications_are_rejected()
    {
        Assert.ThrowsExactly<ArgumentException>(() => new NetworkSpec(0, [4], 1));
        Assert.ThrowsExactly<ArgumentException>(() => new NetworkSpec(3, [4, -1], 1));
        Assert.ThrowsExactly<ArgumentException>(() => new NetworkSpec(3, [4], 0));
        Assert.ThrowsExactly<ArgumentException>(() => new NetworkSpec(3, [4], 1, sigmaW2: 0));
        Assert.ThrowsExactly<ArgumentException>(() => new NetworkSpec(3, [4], 1, sigmaW2: double.NaN));
        Assert.ThrowsExactly<ArgumentException>(() => new NetworkSpec(3, [4], 1, sigmaB2: -0.5));
        Assert.ThrowsExactly<ArgumentException>(() => new NetworkSpec(3, [4], 1, activation: (Activation)42));
    }

    [TestMethod]
    public void Layout_offsets_follow_the_pytorch_order()
    {
        var spec = new NetworkSpec(2, [3], 1);
        Assert.AreEqual(0, spec.WeightOffset(1));
        Assert.AreEqual(6, spec.BiasOffset(1));
        Assert.AreEqual(9, spec.WeightOffset(2));
        Assert.AreEqual(12, spec.BiasOffset(2));
        Assert.AreEqual(13, spec.ParameterCount);
        Assert.AreEqual("2→3→1 ReLU, standard, σ_w²=2, σ_b²=0", spec.ToString());
    }
}
