using NtkGen;

namespace NtkGen.Benchmarks;

// The shapes of the libtorch baselines: 64 → M × 7 → 1 ReLU (8 weight layers).

/// <summary>64 → 64×7 → 1.</summary>
[FullyConnectedNetwork(inputSize: 64, hiddenWidth: 64, hiddenLayers: 7, outputSize: 1)]
public partial class Width64Net;

/// <summary>64 → 256×7 → 1.</summary>
[FullyConnectedNetwork(inputSize: 64, hiddenWidth: 256, hiddenLayers: 7, outputSize: 1)]
public partial class Width256Net;
