using NtkGen;

namespace NtkGen.Cli;

// The shapes of 'ntkgen bench' that the baselines use, declared so that generated kernels run for them (other
// shapes are benchmarked on the generic kernel; the output names the kernel either way).
//   NTK matrix: 64 → M × 7 → 1, M = 64, 256, 1024 (8 weight layers), f32 and f64.
//   Monte Carlo: n0 = M = 100, L = 10, 50, 100 weight layers. The float kernels of L = 10 and 50 are the dispersion
//   experiment's (DispersionNetworks.cs); only their double kernels are declared here.

[FullyConnectedNetwork(inputSize: 64, hiddenWidth: 64, hiddenLayers: 7, outputSize: 1)]
internal partial class BenchNtkNet64;

[FullyConnectedNetwork(inputSize: 64, hiddenWidth: 256, hiddenLayers: 7, outputSize: 1)]
internal partial class BenchNtkNet256;

[FullyConnectedNetwork(inputSize: 64, hiddenWidth: 1024, hiddenLayers: 7, outputSize: 1)]
internal partial class BenchNtkNet1024;

[FullyConnectedNetwork(inputSize: 100, hiddenWidth: 100, hiddenLayers: 9, outputSize: 1, ElementTypes = ElementTypes.Double)]
internal partial class BenchMonteCarloNetL10;

[FullyConnectedNetwork(inputSize: 100, hiddenWidth: 100, hiddenLayers: 49, outputSize: 1, ElementTypes = ElementTypes.Double)]
internal partial class BenchMonteCarloNetL50;

[FullyConnectedNetwork(inputSize: 100, hiddenWidth: 100, hiddenLayers: 99, outputSize: 1)]
internal partial class BenchMonteCarloNetL100;
