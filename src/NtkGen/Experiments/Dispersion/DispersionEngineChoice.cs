namespace NtkGen.Experiments.Dispersion;

/// <summary>
/// The cost model behind <see cref="DispersionEngine.Auto"/>: brute force draws M² normals and multiplies K inputs
/// through each layer; the conditioned engine does P = 2K products per layer (K forward, K backward for one output),
/// each against up to P known directions, O(M·P²) per layer. Measured on two AVX-512 cores at L = 20, K = 11, brute force
/// in f32 (per network): M = 100 0.88 against 0.80 ms, M = 200 2.1 against 1.6 ms, M = 400 11.1 against 5.2 ms, and at
/// M = 1000, L = 50 26 against 2.4 s for 40 networks in f64; at M = 50 brute force is faster. So the conditioned engine
/// is chosen from M ≥ 5·P (110 at the authors' 11 correlations).
/// </summary>
public static class DispersionEngineChoice
{
    /// <summary>Width per product of a layer above which the conditioned engine is chosen.</summary>
    public const int WidthPerProduct = 5;

    /// <summary>The engine that runs <paramref name="config"/>: its own, or for <see cref="DispersionEngine.Auto"/> the cheaper sampler.</summary>
    public static DispersionEngine Resolve(DispersionConfig config)
        => config.Engine != DispersionEngine.Auto ? config.Engine
            : config.Width >= WidthPerProduct * ProductsPerLayer(config) ? DispersionEngine.Conditioned : DispersionEngine.Brute;

    /// <summary>Products of a layer's matrix per network in the conditioned engine: one per input forward and backward.</summary>
    public static int ProductsPerLayer(DispersionConfig config) => 2 * config.Correlations.Count;
}
