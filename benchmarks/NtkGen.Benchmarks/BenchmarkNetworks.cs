using NtkGen;

namespace NtkGen.Benchmarks;

// The NTK matrix suites' networks: 64 → M × (L − 1) → 1 ReLU, declared so that generated kernels exist for every case:
// M = 16, 64, 256, 1024 at L = 2 and 8 (NtkMatrixBenchmarks), and M = 24, 100, 200, 300, 512, 1000 at L = 8 as well
// (RuntimeWidthBenchmarks compares the generated kernels with the run-time-width kernel at every width).

[FullyConnectedNetwork(inputSize: 64, hiddenWidth: 16, hiddenLayers: 1, outputSize: 1)]
public partial class Width16Depth2Net;

[FullyConnectedNetwork(inputSize: 64, hiddenWidth: 16, hiddenLayers: 7, outputSize: 1)]
public partial class Width16Depth8Net;

[FullyConnectedNetwork(inputSize: 64, hiddenWidth: 24, hiddenLayers: 7, outputSize: 1)]
public partial class Width24Depth8Net;

[FullyConnectedNetwork(inputSize: 64, hiddenWidth: 64, hiddenLayers: 1, outputSize: 1)]
public partial class Width64Depth2Net;

[FullyConnectedNetwork(inputSize: 64, hiddenWidth: 64, hiddenLayers: 7, outputSize: 1)]
public partial class Width64Depth8Net;

[FullyConnectedNetwork(inputSize: 64, hiddenWidth: 100, hiddenLayers: 7, outputSize: 1)]
public partial class Width100Depth8Net;

[FullyConnectedNetwork(inputSize: 64, hiddenWidth: 200, hiddenLayers: 7, outputSize: 1)]
public partial class Width200Depth8Net;

[FullyConnectedNetwork(inputSize: 64, hiddenWidth: 256, hiddenLayers: 1, outputSize: 1)]
public partial class Width256Depth2Net;

[FullyConnectedNetwork(inputSize: 64, hiddenWidth: 256, hiddenLayers: 7, outputSize: 1)]
public partial class Width256Depth8Net;

[FullyConnectedNetwork(inputSize: 64, hiddenWidth: 300, hiddenLayers: 7, outputSize: 1)]
public partial class Width300Depth8Net;

[FullyConnectedNetwork(inputSize: 64, hiddenWidth: 512, hiddenLayers: 7, outputSize: 1)]
public partial class Width512Depth8Net;

[FullyConnectedNetwork(inputSize: 64, hiddenWidth: 1000, hiddenLayers: 7, outputSize: 1)]
public partial class Width1000Depth8Net;

[FullyConnectedNetwork(inputSize: 64, hiddenWidth: 1024, hiddenLayers: 1, outputSize: 1)]
public partial class Width1024Depth2Net;

[FullyConnectedNetwork(inputSize: 64, hiddenWidth: 1024, hiddenLayers: 7, outputSize: 1)]
public partial class Width1024Depth8Net;

/// <summary>The declared network of each (width, depth) of the suite.</summary>
public static class BenchmarkNetworks
{
    public static NetworkSpec Of(int width, int depth) => (width, depth) switch
    {
        (16, 2) => Width16Depth2Net.Spec,
        (16, 8) => Width16Depth8Net.Spec,
        (24, 8) => Width24Depth8Net.Spec,
        (64, 2) => Width64Depth2Net.Spec,
        (64, 8) => Width64Depth8Net.Spec,
        (100, 8) => Width100Depth8Net.Spec,
        (200, 8) => Width200Depth8Net.Spec,
        (256, 2) => Width256Depth2Net.Spec,
        (256, 8) => Width256Depth8Net.Spec,
        (300, 8) => Width300Depth8Net.Spec,
        (512, 8) => Width512Depth8Net.Spec,
        (1000, 8) => Width1000Depth8Net.Spec,
        (1024, 2) => Width1024Depth2Net.Spec,
        (1024, 8) => Width1024Depth8Net.Spec,
        _ => throw new ArgumentOutOfRangeException(nameof(width), $"No declared network {width} × {depth}."),
    };
}
