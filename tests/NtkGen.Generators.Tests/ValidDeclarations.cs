namespace NtkGen.Generators.Tests;

/// <summary>
/// Valid declarations that between them reach every branch of the emitter: each activation and parametrization,
/// widths that are not multiples of any vector, width 1 and widths below one vector, a width beyond the unroll limit
/// (loops), no hidden layer, several output units, every kind of type and nesting, float only and no biases.
/// Public types carry doc comments because the tests compile with documentation diagnostics on.
/// </summary>
internal static class ValidDeclarations
{
    /// <summary>How many networks <see cref="Sources"/> declare; each gets one <c>*.Network.g.cs</c>.</summary>
    public const int NetworkCount = 27;

    public static readonly string[] Sources =
    [
        """
        using NtkGen;

        namespace Valid.Activations;

        /// <summary>ReLU, standard parametrization, widths that are multiples of no vector width.</summary>
        [FullyConnectedNetwork(5, [17, 33], 2)]
        public partial class ReluNet;

        /// <summary>LeakyReLU with its own slope.</summary>
        [FullyConnectedNetwork(7, [19], 1, Activation = Activation.LeakyReLU, LeakySlope = 0.2)]
        public partial class LeakyNet;

        /// <summary>A deep linear network.</summary>
        [FullyConnectedNetwork(3, [9, 9], 1, Activation = Activation.Linear)]
        public partial class LinearNet;

        /// <summary>Tanh in NTK parametrization (scaled layers).</summary>
        [FullyConnectedNetwork(6, [21], 2, Activation = Activation.Tanh, Parametrization = Parametrization.Ntk)]
        public partial class TanhNtkNet;

        /// <summary>Sigmoid with bias variance.</summary>
        [FullyConnectedNetwork(4, [13], 1, Activation = Activation.Sigmoid, SigmaB2 = 0.1)]
        public partial class SigmoidNet;

        /// <summary>LeakyReLU in NTK parametrization, σ_w² not 2.</summary>
        [FullyConnectedNetwork(10, [24, 8], 3, Activation = Activation.LeakyReLU, Parametrization = Parametrization.Ntk, SigmaW2 = 1.5)]
        public partial class LeakyNtkNet;
        """,
        """
        using NtkGen;

        namespace Valid.Widths;

        /// <summary>Width 1 everywhere.</summary>
        [FullyConnectedNetwork(1, [1, 1], 1)]
        public partial class WidthOneNet;

        /// <summary>Every width below four floats (narrower than any vector), three outputs.</summary>
        [FullyConnectedNetwork(3, [2, 3], 3)]
        public partial class NarrowNet;

        /// <summary>A layer of 600 units: more vectors per row than the unroll limit, so loops are emitted.</summary>
        [FullyConnectedNetwork(600, [600], 1)]
        public partial class WideNet;

        /// <summary>No hidden layer: a linear model.</summary>
        [FullyConnectedNetwork(8, [], 1)]
        public partial class NoHiddenNet;

        /// <summary>No hidden layer, three outputs.</summary>
        [FullyConnectedNetwork(5, [], 3)]
        public partial class NoHiddenMultiOutputNet;

        /// <summary>Equal hidden widths through the (inputSize, hiddenWidth, hiddenLayers, outputSize) constructor.</summary>
        [FullyConnectedNetwork(inputSize: 2, hiddenWidth: 16, hiddenLayers: 3, outputSize: 1)]
        public partial class EqualWidthsNet;

        /// <summary>Exactly one vector of each width (16 floats, 8 doubles) and one more than that.</summary>
        [FullyConnectedNetwork(16, [8, 17], 1)]
        public partial class VectorBoundaryNet;
        """,
        """
        using NtkGen;

        namespace Valid.Shapes;

        /// <summary>A struct.</summary>
        [FullyConnectedNetwork(4, [5], 1)]
        public partial struct StructNet;

        /// <summary>A record class.</summary>
        [FullyConnectedNetwork(4, [6], 1)]
        public partial record RecordNet;

        /// <summary>A record struct.</summary>
        [FullyConnectedNetwork(4, [7], 1)]
        public partial record struct RecordStructNet;

        /// <summary>A static class.</summary>
        [FullyConnectedNetwork(4, [8], 1)]
        public static partial class StaticNet;

        /// <summary>Holds nested networks.</summary>
        public partial class Container
        {
            /// <summary>Nested in a partial class.</summary>
            [FullyConnectedNetwork(4, [9], 1)]
            public partial class NestedNet;

            internal partial struct Inner
            {
                [FullyConnectedNetwork(4, [10], 1)]
                internal sealed partial record class DeeplyNestedNet;
            }
        }
        """,
        """
        using NtkGen;

        /// <summary>A network in the global namespace.</summary>
        [FullyConnectedNetwork(3, [11], 1)]
        public partial class GlobalNamespaceNet;
        """,
        """
        using NtkGen;

        namespace Valid.Options;

        /// <summary>Float kernels only.</summary>
        [FullyConnectedNetwork(5, [12], 1, ElementTypes = ElementTypes.Float)]
        public partial class FloatOnlyNet;

        /// <summary>Double kernels only.</summary>
        [FullyConnectedNetwork(5, [13], 1, ElementTypes = ElementTypes.Double)]
        public partial class DoubleOnlyNet;

        /// <summary>Biases excluded from the NTK, three outputs.</summary>
        [FullyConnectedNetwork(5, [14], 3, IncludeBiases = false)]
        public partial class NoBiasesNet;
        """,
        """
        using NtkGen;

        namespace Valid.@class.Keywords;

        /// <summary>A network whose name is a keyword, in a namespace with a keyword part.</summary>
        [FullyConnectedNetwork(3, [5], 1)]
        public partial class @event;

        /// <summary>A ref struct: 'ref' must come before 'partial' in the generated part.</summary>
        [FullyConnectedNetwork(3, [6], 1)]
        public ref partial struct RefNet;

        /// <summary>A readonly struct.</summary>
        [FullyConnectedNetwork(3, [7], 1)]
        public readonly partial struct ReadonlyNet;

        /// <summary>A readonly record struct.</summary>
        [FullyConnectedNetwork(3, [8], 1)]
        public readonly partial record struct ReadonlyRecordNet;
        """,
    ];
}
