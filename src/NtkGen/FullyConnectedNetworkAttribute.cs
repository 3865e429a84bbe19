namespace NtkGen;

/// <summary>
/// Declares a fully-connected network on a <c>partial</c> class or struct. At build time the NtkGen generator
/// adds to that type fixed-width SIMD kernels for the network's forward pass, backward pass and exact empirical
/// neural tangent kernel, registers them with <see cref="Kernels.KernelRegistry"/>, and adds the static members
/// <c>Spec</c> (the <see cref="NetworkSpec"/>), <c>CreateParameters&lt;T&gt;(seed, stream)</c> and <c>Kernel&lt;T&gt;()</c>.
/// </summary>
/// <example>
/// <code>
/// [FullyConnectedNetwork(inputSize: 16, hiddenWidths: [64, 64, 64], outputSize: 1, SigmaW2 = 2.0)]
/// public partial class HeNet;
///
/// var parameters = HeNet.CreateParameters&lt;double&gt;(seed: 1);
/// double theta = HeNet.Kernel&lt;double&gt;().NtkDiagonal(parameters.Values, input).Total;
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class FullyConnectedNetworkAttribute : Attribute
{
    /// <summary>Declares a network with the given hidden widths, one entry per hidden layer.</summary>
    /// <param name="inputSize">Input dimension <c>n0</c>.</param>
    /// <param name="hiddenWidths">Widths <c>n_1 … n_{L-1}</c> of the hidden layers; the network has <c>L = hiddenWidths.Length + 1</c> weight layers.</param>
    /// <param name="outputSize">Number of output units <c>O</c>.</param>
    public FullyConnectedNetworkAttribute(int inputSize, int[] hiddenWidths, int outputSize)
    {
        InputSize = inputSize;
        HiddenWidths = hiddenWidths;
        OutputSize = outputSize;
    }

    /// <summary>Declares a network of <paramref name="hiddenLayers"/> hidden layers of equal width.</summary>
    /// <param name="inputSize">Input dimension <c>n0</c>.</param>
    /// <param name="hiddenWidth">Width <c>M</c> of every hidden layer.</param>
    /// <param name="hiddenLayers">Number of hidden layers; the network has <c>L = hiddenLayers + 1</c> weight layers.</param>
    /// <param name="outputSize">Number of output units <c>O</c>.</param>
    public FullyConnectedNetworkAttribute(int inputSize, int hiddenWidth, int hiddenLayers, int outputSize)
    {
        InputSize = inputSize;
        HiddenWidths = hiddenLayers > 0 ? Enumerable.Repeat(hiddenWidth, hiddenLayers).ToArray() : [];
        OutputSize = outputSize;
    }

    /// <summary>Input dimension <c>n0</c>.</summary>
    public int InputSize { get; }

    /// <summary>Hidden widths <c>n_1 … n_{L-1}</c>.</summary>
    public int[] HiddenWidths { get; }

    /// <summary>Number of output units <c>O</c>.</summary>
    public int OutputSize { get; }

    /// <summary>The hidden-layer nonlinearity. Default <see cref="Activation.ReLU"/>.</summary>
    public Activation Activation { get; set; } = Activation.ReLU;

    /// <summary>Negative-side slope of <see cref="Activation.LeakyReLU"/>. Default 0.01.</summary>
    public double LeakySlope { get; set; } = 0.01;

    /// <summary>Weight variance scale σ_w² (must be positive). Default 2 (He initialization, the ReLU edge of chaos).</summary>
    public double SigmaW2 { get; set; } = 2.0;

    /// <summary>Bias variance σ_b² (zero or positive). Default 0, as in the papers' experiments.</summary>
    public double SigmaB2 { get; set; }

    /// <summary>Standard (default) or NTK parametrization.</summary>
    public Parametrization Parametrization { get; set; } = Parametrization.Standard;

    /// <summary>Element types to generate kernels for. Default <see cref="ElementTypes.Both"/>.</summary>
    public ElementTypes ElementTypes { get; set; } = ElementTypes.Both;

    /// <summary>Whether the biases count as parameters of the NTK. Default <see langword="true"/>.</summary>
    public bool IncludeBiases { get; set; } = true;
}
