namespace NtkGen.Experiments.GdStep;

/// <summary>
/// The cost model behind <see cref="GdStepEngine.Auto"/>: brute force draws M² normals per layer and makes about 5 + 4B
/// matrix passes (forward, backward, the jet's two, the real step's passes, and each batch input's four); the conditioned
/// engine makes P = 6 + 4B products per layer, each against up to P known directions, O(M·P²). Measured on one AVX-512
/// core at L = 10, n0 = M, f64, per network (brute | conditioned): B = 0: M = 8 0.028 | 0.028 ms, 16 0.032 | 0.031, 32
/// 0.059 | 0.035; B = 8: M = 8 0.042 | 0.088, 16 0.065 | 0.135, 32 0.28 | 0.20, 64 0.85 | 0.54, 128 2.0 | 0.99, 512 29 | 4.5.
/// So the conditioned engine is chosen from M ≥ P, in f64 (the only precision it has: asking for f32 keeps brute force).
/// </summary>
public static class GdStepEngineChoice
{
    /// <summary>The engine that runs <paramref name="config"/>: its own, or for <see cref="GdStepEngine.Auto"/> the cheaper one.</summary>
    public static GdStepEngine Resolve(GdStepConfig config)
        => config.Engine != GdStepEngine.Auto ? config.Engine
            : config.Precision == Precision.F64 && config.Width >= ProductsPerLayer(config) ? GdStepEngine.Conditioned : GdStepEngine.Brute;

    /// <summary>Why <see cref="Resolve"/> chose as it did, for the run's first lines.</summary>
    public static string Why(GdStepConfig config)
        => config.Precision != Precision.F64 ? "the conditioned engine has only f64"
            : $"M = {config.Width} {(config.Width >= ProductsPerLayer(config) ? "≥" : "<")} {ProductsPerLayer(config)} products per layer";

    /// <summary>Products of a layer's matrix per network in the conditioned engine: six for the single input's step, four per batch input.</summary>
    public static int ProductsPerLayer(GdStepConfig config) => 6 + 4 * config.Batch;
}
