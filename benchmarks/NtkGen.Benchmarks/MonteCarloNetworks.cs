using NtkGen;

namespace NtkGen.Benchmarks;

// The brute-force Monte Carlo shapes whose throughput the dispersion issue asks for: n0 = M, one output, ReLU.

/// <summary>M = L = 100.</summary>
[FullyConnectedNetwork(inputSize: 100, hiddenWidth: 100, hiddenLayers: 99, outputSize: 1, ElementTypes = ElementTypes.Float)]
public partial class MonteCarloNet100x100;

/// <summary>M = 400, L = 160.</summary>
[FullyConnectedNetwork(inputSize: 400, hiddenWidth: 400, hiddenLayers: 159, outputSize: 1, ElementTypes = ElementTypes.Float)]
public partial class MonteCarloNet400x160;
