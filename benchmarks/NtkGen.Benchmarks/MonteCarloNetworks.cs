using NtkGen;

namespace NtkGen.Benchmarks;

// The brute-force Monte Carlo shapes: n0 = M = 100 at depths L = 10, 50, 100 (the shapes of the libtorch baselines), and
// M = 400, L = 160, a deep point of the dispersion study. One output, ReLU.

/// <summary>M = 100, L = 10.</summary>
[FullyConnectedNetwork(inputSize: 100, hiddenWidth: 100, hiddenLayers: 9, outputSize: 1, ElementTypes = ElementTypes.Float)]
public partial class MonteCarloNet100x10;

/// <summary>M = 100, L = 50.</summary>
[FullyConnectedNetwork(inputSize: 100, hiddenWidth: 100, hiddenLayers: 49, outputSize: 1, ElementTypes = ElementTypes.Float)]
public partial class MonteCarloNet100x50;

/// <summary>M = L = 100.</summary>
[FullyConnectedNetwork(inputSize: 100, hiddenWidth: 100, hiddenLayers: 99, outputSize: 1, ElementTypes = ElementTypes.Float)]
public partial class MonteCarloNet100x100;

/// <summary>M = 400, L = 160.</summary>
[FullyConnectedNetwork(inputSize: 400, hiddenWidth: 400, hiddenLayers: 159, outputSize: 1, ElementTypes = ElementTypes.Float)]
public partial class MonteCarloNet400x160;
