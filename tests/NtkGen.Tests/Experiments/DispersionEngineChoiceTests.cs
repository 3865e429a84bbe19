using NtkGen.Experiments.Dispersion;

namespace NtkGen.Tests.Experiments;

/// <summary>The auto engine's choice between brute force and the conditioned engine, and that it never runs unresolved.</summary>
[TestClass]
public sealed class DispersionEngineChoiceTests
{
    [TestMethod]
    [DataRow(16, 11, DispersionEngine.Brute)]
    [DataRow(43, 11, DispersionEngine.Brute)]
    [DataRow(44, 11, DispersionEngine.Conditioned)]
    [DataRow(1000, 11, DispersionEngine.Conditioned)]
    [DataRow(7, 2, DispersionEngine.Brute)]   // Θ(x, x) and one off-diagonal entry: 4 products per layer
    [DataRow(8, 2, DispersionEngine.Conditioned)]
    public void Auto_takes_the_conditioned_engine_from_twice_the_products_per_layer(int width, int correlations, DispersionEngine expected)
    {
        var config = new DispersionConfig { Width = width, Engine = DispersionEngine.Auto, Correlations = [.. Enumerable.Range(0, correlations).Select(i => 1.0 - 0.1 * i)] };
        Assert.AreEqual(expected, DispersionEngineChoice.Resolve(config));
    }

    [TestMethod]
    public void A_named_engine_is_kept()
        => Assert.AreEqual(DispersionEngine.Exact, DispersionEngineChoice.Resolve(new DispersionConfig { Width = 1000, Engine = DispersionEngine.Exact }));

    [TestMethod]
    public void An_unresolved_auto_engine_is_refused()
        => Assert.ThrowsExactly<InvalidConfigurationException>(() => new DispersionConfig { Engine = DispersionEngine.Auto }.Validate());
}
