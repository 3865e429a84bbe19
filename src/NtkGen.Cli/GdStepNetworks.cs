using NtkGen;

namespace NtkGen.Cli;

// The default first-step grid (n0 = M = 100, L = 5, 10, …, 40, one output, ReLU) declared with the attribute, in
// double precision, the first-step engine's default: the generator emits their kernels, jets included.

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
