using NtkGen;

namespace NtkGen.Cli;

// The default dispersion grid (n0 = M = 100, L = 2, 6, …, 50, one output, ReLU) declared with the attribute, as a
// user would: the generator emits a fixed-width kernel for each depth, and the registry hands them to the
// brute-force engine. Other shapes run on the run-time-width kernel (every output row names its kernel).
// Float only: the default runs in single precision; --precision f64 uses the run-time-width kernel.

[FullyConnectedNetwork(inputSize: 100, hiddenWidth: 100, hiddenLayers: 1, outputSize: 1, ElementTypes = ElementTypes.Float)]
internal partial class DispersionNetL2;

[FullyConnectedNetwork(inputSize: 100, hiddenWidth: 100, hiddenLayers: 5, outputSize: 1, ElementTypes = ElementTypes.Float)]
internal partial class DispersionNetL6;

[FullyConnectedNetwork(inputSize: 100, hiddenWidth: 100, hiddenLayers: 9, outputSize: 1, ElementTypes = ElementTypes.Float)]
internal partial class DispersionNetL10;

[FullyConnectedNetwork(inputSize: 100, hiddenWidth: 100, hiddenLayers: 13, outputSize: 1, ElementTypes = ElementTypes.Float)]
internal partial class DispersionNetL14;

[FullyConnectedNetwork(inputSize: 100, hiddenWidth: 100, hiddenLayers: 17, outputSize: 1, ElementTypes = ElementTypes.Float)]
internal partial class DispersionNetL18;

[FullyConnectedNetwork(inputSize: 100, hiddenWidth: 100, hiddenLayers: 21, outputSize: 1, ElementTypes = ElementTypes.Float)]
internal partial class DispersionNetL22;

[FullyConnectedNetwork(inputSize: 100, hiddenWidth: 100, hiddenLayers: 25, outputSize: 1, ElementTypes = ElementTypes.Float)]
internal partial class DispersionNetL26;

[FullyConnectedNetwork(inputSize: 100, hiddenWidth: 100, hiddenLayers: 29, outputSize: 1, ElementTypes = ElementTypes.Float)]
internal partial class DispersionNetL30;

[FullyConnectedNetwork(inputSize: 100, hiddenWidth: 100, hiddenLayers: 33, outputSize: 1, ElementTypes = ElementTypes.Float)]
internal partial class DispersionNetL34;

[FullyConnectedNetwork(inputSize: 100, hiddenWidth: 100, hiddenLayers: 37, outputSize: 1, ElementTypes = ElementTypes.Float)]
internal partial class DispersionNetL38;

[FullyConnectedNetwork(inputSize: 100, hiddenWidth: 100, hiddenLayers: 41, outputSize: 1, ElementTypes = ElementTypes.Float)]
internal partial class DispersionNetL42;

[FullyConnectedNetwork(inputSize: 100, hiddenWidth: 100, hiddenLayers: 45, outputSize: 1, ElementTypes = ElementTypes.Float)]
internal partial class DispersionNetL46;

[FullyConnectedNetwork(inputSize: 100, hiddenWidth: 100, hiddenLayers: 49, outputSize: 1, ElementTypes = ElementTypes.Float)]
internal partial class DispersionNetL50;
