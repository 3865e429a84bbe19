using NtkGen;

namespace NtkGen.Cli;

// The default grids of `dispersion` and `gd-step` declared with the attribute, as a user would: the generator emits a
// fixed-width kernel for each depth, and the registry hands them to the brute-force engines. Other shapes run on the
// run-time-width kernel (every output row names its kernel). A test checks that every default grid point finds one.

// dispersion: n0 = M = 100, L = 2, 6, …, 50, one output, ReLU, in single precision (the default; --precision f64 uses
// the run-time-width kernel).
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

// gd-step: n0 = M = 100, L = 5, 10, …, 40, one output, ReLU, in double precision (the default), jets included.

[FullyConnectedNetwork(inputSize: 100, hiddenWidth: 100, hiddenLayers: 4, outputSize: 1, ElementTypes = ElementTypes.Double)]
internal partial class GdStepNetL5;

[FullyConnectedNetwork(inputSize: 100, hiddenWidth: 100, hiddenLayers: 9, outputSize: 1, ElementTypes = ElementTypes.Double)]
internal partial class GdStepNetL10;

[FullyConnectedNetwork(inputSize: 100, hiddenWidth: 100, hiddenLayers: 14, outputSize: 1, ElementTypes = ElementTypes.Double)]
internal partial class GdStepNetL15;

[FullyConnectedNetwork(inputSize: 100, hiddenWidth: 100, hiddenLayers: 19, outputSize: 1, ElementTypes = ElementTypes.Double)]
internal partial class GdStepNetL20;

[FullyConnectedNetwork(inputSize: 100, hiddenWidth: 100, hiddenLayers: 24, outputSize: 1, ElementTypes = ElementTypes.Double)]
internal partial class GdStepNetL25;

[FullyConnectedNetwork(inputSize: 100, hiddenWidth: 100, hiddenLayers: 29, outputSize: 1, ElementTypes = ElementTypes.Double)]
internal partial class GdStepNetL30;

[FullyConnectedNetwork(inputSize: 100, hiddenWidth: 100, hiddenLayers: 34, outputSize: 1, ElementTypes = ElementTypes.Double)]
internal partial class GdStepNetL35;

[FullyConnectedNetwork(inputSize: 100, hiddenWidth: 100, hiddenLayers: 39, outputSize: 1, ElementTypes = ElementTypes.Double)]
internal partial class GdStepNetL40;

// M = L = 100: the shape whose first-step throughput is reported.
[FullyConnectedNetwork(inputSize: 100, hiddenWidth: 100, hiddenLayers: 99, outputSize: 1, ElementTypes = ElementTypes.Double)]
internal partial class GdStepNetL100;
