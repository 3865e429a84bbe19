using NtkGen;

namespace NtkGen.Cli;

// The training networks, declared as a user would: the default run and the authors' Figure-4 configuration
// (784 → 300 × 20 → 10) and a shallower one (784 → 300 × 10 → 10), single precision, ReLU and sigmoid.

[FullyConnectedNetwork(inputSize: 784, hiddenWidth: 300, hiddenLayers: 10, outputSize: 10, ElementTypes = ElementTypes.Float)]
internal partial class TrainingNetRelu10;

[FullyConnectedNetwork(inputSize: 784, hiddenWidth: 300, hiddenLayers: 10, outputSize: 10, Activation = Activation.Sigmoid, ElementTypes = ElementTypes.Float)]
internal partial class TrainingNetSigmoid10;

[FullyConnectedNetwork(inputSize: 784, hiddenWidth: 300, hiddenLayers: 20, outputSize: 10, ElementTypes = ElementTypes.Float)]
internal partial class TrainingNetRelu20;

[FullyConnectedNetwork(inputSize: 784, hiddenWidth: 300, hiddenLayers: 20, outputSize: 10, Activation = Activation.Sigmoid, ElementTypes = ElementTypes.Float)]
internal partial class TrainingNetSigmoid20;
