namespace NtkGen.Experiments.Dispersion;

/// <summary>
/// The cost model behind <see cref="DispersionEngine.Auto"/>: brute force draws M² normals and multiplies K inputs
/// through each layer; the conditioned engine does P = 2K products per layer (K forward, K backward for one output),
/// each against up to P known directions, O(M·P²) per layer. Measured on one AVX-512 core at L = 20, K = 11, tanh,
/// brute force in f32, per network (brute | conditioned): M = 12 0.12 | 0.21 ms, 22 0.15 | 0.24, 33 0.20 | 0.22, 50
/// 0.50 | 0.35, 100 0.75 | 0.54, 200 2.5 | 1.2, 400 8.0 | 1.8. So the conditioned engine is chosen from M ≥ 2·P (44 at
/// the authors' 11 correlations).
/// </summary>
public static class DispersionEngineChoice
{
    /// <summary>Width per product of a layer above which the conditioned engine is chosen.</summary>
    public const int WidthPerProduct = 2;

    /// <summary>The engine that runs <paramref name="config"/>: its own, or for <see cref="DispersionEngine.Auto"/> the cheaper sampler.</summary>
    public static DispersionEngine Resolve(DispersionConfig config)
        => config.Engine != DispersionEngine.Auto ? config.Engine
            : config.Width >= WidthPerProduct * ProductsPerLayer(config) ? DispersionEngine.Conditioned : DispersionEngine.Brute;

    /// <summary>Products of a layer's matrix per network in the conditioned engine: one per input forward, one per input and output backward.</summary>
    public static int ProductsPerLayer(DispersionConfig config) => (1 + config.OutputCount) * config.Correlations.Count;
}
