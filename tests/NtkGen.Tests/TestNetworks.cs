using NtkGen;

namespace NtkGen.Tests;

// Networks declared exactly as a user would: the generator emits their kernels at build time. Their shapes cover
// widths that are not multiples of any vector length, widths below 4 (scalar code inside vector kernels), rows longer
// than the unroll limit (loops), several outputs, no hidden layer, both parametrizations and every supported activation.

/// <summary>3 → 5 → 7 → 2: every width below one Vector512 of floats.</summary>
[FullyConnectedNetwork(inputSize: 3, hiddenWidths: [5, 7], outputSize: 2)]
public partial class TinyNet;

/// <summary>17 → 33 → 19 → 65 → 1: odd widths, masked tails everywhere.</summary>
[FullyConnectedNetwork(inputSize: 17, hiddenWidths: [33, 19, 65], outputSize: 1)]
public partial class OddWidthNet;

/// <summary>16 → 64×3 → 1 ReLU at He initialization (the acceptance network of the ntk command).</summary>
[FullyConnectedNetwork(inputSize: 16, hiddenWidth: 64, hiddenLayers: 3, outputSize: 1)]
public partial class HeNet;

/// <summary>LeakyReLU in NTK parametrization with random biases and three outputs.</summary>
[FullyConnectedNetwork(inputSize: 10, hiddenWidths: [24, 24], outputSize: 3, Activation = Activation.LeakyReLU, LeakySlope = 0.1,
    Parametrization = Parametrization.Ntk, SigmaW2 = 2.0, SigmaB2 = 0.1)]
public partial class LeakyNtkNet;

/// <summary>Non-zero biases that do not count in the NTK.</summary>
[FullyConnectedNetwork(inputSize: 8, hiddenWidths: [40], outputSize: 1, SigmaB2 = 0.05, IncludeBiases = false)]
public partial struct NoBiasNet;

/// <summary>A deep linear network in NTK parametrization with four outputs.</summary>
[FullyConnectedNetwork(inputSize: 6, hiddenWidths: [9], outputSize: 4, Activation = Activation.Linear, Parametrization = Parametrization.Ntk, SigmaW2 = 1.5)]
public partial class LinearNet;

/// <summary>Tanh (a smooth activation, through TensorPrimitives) with biases.</summary>
[FullyConnectedNetwork(inputSize: 5, hiddenWidths: [20, 12], outputSize: 2, Activation = Activation.Tanh, SigmaW2 = 1.5, SigmaB2 = 0.2)]
public partial class TanhNet;

/// <summary>Sigmoid, as in the MSML 2021 paper.</summary>
[FullyConnectedNetwork(inputSize: 4, hiddenWidths: [11], outputSize: 1, Activation = Activation.Sigmoid, SigmaW2 = 4.0)]
public partial class SigmoidNet;

/// <summary>GELU with biases and two outputs (its formulas in double, whatever the element type).</summary>
[FullyConnectedNetwork(inputSize: 6, hiddenWidths: [18, 10], outputSize: 2, Activation = Activation.Gelu, SigmaW2 = 2.0, SigmaB2 = 0.1)]
public partial class GeluNet;

/// <summary>erf in NTK parametrization, Williams' closed-form kernel.</summary>
[FullyConnectedNetwork(inputSize: 5, hiddenWidths: [21], outputSize: 1, Activation = Activation.Erf, Parametrization = Parametrization.Ntk, SigmaW2 = 1.5)]
public partial class ErfNet;

/// <summary>600 units: longer rows than the unroll limit, so the generator emits loops.</summary>
[FullyConnectedNetwork(inputSize: 40, hiddenWidths: [600], outputSize: 1)]
public partial class WideLoopNet;

/// <summary>No hidden layer: f = W x + b.</summary>
[FullyConnectedNetwork(inputSize: 7, hiddenWidths: [], outputSize: 3)]
public partial class ShallowNet;

/// <summary>Single precision only.</summary>
[FullyConnectedNetwork(inputSize: 12, hiddenWidth: 20, hiddenLayers: 2, outputSize: 1, ElementTypes = ElementTypes.Float)]
public partial class FloatOnlyNet;

/// <summary>A network nested in a partial class.</summary>
public static partial class Outer
{
    /// <summary>2 → 1 → 1: width 1 everywhere inside.</summary>
    [FullyConnectedNetwork(inputSize: 2, hiddenWidths: [1], outputSize: 1)]
    public partial record NestedNet;
}

/// <summary>8 → 16×2 → 1, used for Monte Carlo checks of the exact mean.</summary>
[FullyConnectedNetwork(inputSize: 8, hiddenWidth: 16, hiddenLayers: 2, outputSize: 1)]
public partial class MeanCheckNet;

/// <summary>
/// The networks of the data-driven kernel tests by name: the declared ones above, and shapes nobody declares, which the
/// run-time-width and generic kernels compute (widths 1 and 3, 17 and 100, widths just past a backward strip of 48, odd
/// n0, several outputs, every activation, both parametrizations, σ_b² &gt; 0 and biases left out).
/// </summary>
public static class TestNetworks
{
    public static readonly IReadOnlyDictionary<string, NetworkSpec> Undeclared = new Dictionary<string, NetworkSpec>
    {
        ["UndeclaredWidth1"] = new(13, [1], 1),
        ["UndeclaredWidth3"] = new(5, [3, 3], 2, sigmaB2: 0.2),
        ["UndeclaredLeaky"] = new(11, [17, 100], 3, Activation.LeakyReLU, sigmaW2: 2.0, sigmaB2: 0.1, parametrization: Parametrization.Ntk, leakySlope: 0.2),
        ["UndeclaredTanh"] = new(7, [100, 17], 1, Activation.Tanh, sigmaW2: 1.5, sigmaB2: 0.1),
        ["UndeclaredSigmoid"] = new(9, [49, 97], 2, Activation.Sigmoid, sigmaW2: 4.0, sigmaB2: 0.05, includeBiases: false),
        ["UndeclaredGelu"] = new(10, [33, 100], 2, Activation.Gelu, sigmaW2: 2.0, sigmaB2: 0.05),
        ["UndeclaredErf"] = new(7, [50, 19], 1, Activation.Erf, sigmaW2: 1.2, sigmaB2: 0.1, parametrization: Parametrization.Ntk),
        ["UndeclaredLinear"] = new(4, [6, 5], 3, Activation.Linear, sigmaW2: 1.0, parametrization: Parametrization.Ntk),
        ["UndeclaredShallow"] = new(3, [], 2),
    };

    public static readonly IReadOnlyDictionary<string, NetworkSpec> All = new Dictionary<string, NetworkSpec>(Undeclared)
    {
        ["Tiny"] = TinyNet.Spec,
        ["OddWidth"] = OddWidthNet.Spec,
        ["He"] = HeNet.Spec,
        ["LeakyNtk"] = LeakyNtkNet.Spec,
        ["NoBias"] = NoBiasNet.Spec,
        ["Linear"] = LinearNet.Spec,
        ["Tanh"] = TanhNet.Spec,
        ["Sigmoid"] = SigmoidNet.Spec,
        ["Gelu"] = GeluNet.Spec,
        ["Erf"] = ErfNet.Spec,
        ["WideLoop"] = WideLoopNet.Spec,
        ["Shallow"] = ShallowNet.Spec,
        ["FloatOnly"] = FloatOnlyNet.Spec,
        ["Nested"] = Outer.NestedNet.Spec,
    };

    /// <summary>The papers' networks: n0 → M × (L − 1) → 1, ReLU, standard parametrization, σ_b² = 0.</summary>
    public static NetworkSpec Uniform(int n0, int width, int depth, double sigmaW2)
        => new(n0, Enumerable.Repeat(width, depth - 1).ToArray(), 1, sigmaW2: sigmaW2);
}
