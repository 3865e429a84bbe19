namespace NtkGen.Generators.Tests;

/// <summary>
/// Declarations that compile but that NtkGen must reject, one mistake each (the fields' names say which). Shared by
/// the analyzer tests (which diagnostic) and the generator tests (no output, no crash) so both cover the same cases.
/// </summary>
internal static class InvalidDeclarations
{
    public const string NotPartial = """
        [FullyConnectedNetwork(2, [3], 1)]
        public class Net;
        """;

    public const string NestedInNonPartialClass = """
        public class Outer
        {
            [FullyConnectedNetwork(2, [3], 1)]
            public partial class Net;
        }
        """;

    public const string InputSizeZero = """
        [FullyConnectedNetwork(0, [3], 1)]
        public partial class Net;
        """;

    public const string NegativeHiddenWidth = """
        [FullyConnectedNetwork(2, [4, -1], 1)]
        public partial class Net;
        """;

    public const string NullHiddenWidths = """
        [FullyConnectedNetwork(2, null!, 1)]
        public partial class Net;
        """;

    public const string NegativeHiddenLayers = """
        [FullyConnectedNetwork(inputSize: 2, hiddenWidth: 8, hiddenLayers: -2, outputSize: 1)]
        public partial class Net;
        """;

    public const string ZeroEqualHiddenWidth = """
        [FullyConnectedNetwork(inputSize: 2, hiddenWidth: 0, hiddenLayers: 3, outputSize: 1)]
        public partial class Net;
        """;

    public const string OutputSizeZero = """
        [FullyConnectedNetwork(2, [3], 0)]
        public partial class Net;
        """;

    public const string InputAndOutputSizeZero = """
        [FullyConnectedNetwork(0, [3], 0)]
        public partial class Net;
        """;

    public const string SigmaW2Zero = """
        [FullyConnectedNetwork(2, [3], 1, SigmaW2 = 0)]
        public partial class Net;
        """;

    public const string SigmaW2Negative = """
        [FullyConnectedNetwork(2, [3], 1, SigmaW2 = -1.5)]
        public partial class Net;
        """;

    public const string SigmaW2Infinite = """
        [FullyConnectedNetwork(2, [3], 1, SigmaW2 = double.PositiveInfinity)]
        public partial class Net;
        """;

    public const string SigmaB2Negative = """
        [FullyConnectedNetwork(2, [3], 1, SigmaB2 = -1)]
        public partial class Net;
        """;

    public const string UnknownActivation = """
        [FullyConnectedNetwork(2, [3], 1, Activation = (Activation)42)]
        public partial class Net;
        """;

    public const string UnknownParametrization = """
        [FullyConnectedNetwork(2, [3], 1, Parametrization = (Parametrization)7)]
        public partial class Net;
        """;

    public const string NoElementTypes = """
        [FullyConnectedNetwork(2, [3], 1, ElementTypes = (ElementTypes)0)]
        public partial class Net;
        """;

    public const string UnknownElementTypes = """
        [FullyConnectedNetwork(2, [3], 1, ElementTypes = (ElementTypes)4)]
        public partial class Net;
        """;

    public const string GenericType = """
        [FullyConnectedNetwork(2, [3], 1)]
        public partial class Net<T>;
        """;

    public const string NestedInGenericType = """
        public partial class Outer<T>
        {
            [FullyConnectedNetwork(2, [3], 1)]
            public partial class Net;
        }
        """;

    public const string NestedInPrivateClass = """
        public partial class Outer
        {
            private partial class Hidden
            {
                [FullyConnectedNetwork(2, [3], 1)]
                public partial class Net;
            }
        }
        """;

    public const string PrivateNestedType = """
        public partial class Outer
        {
            [FullyConnectedNetwork(2, [3], 1)]
            private partial class Net;
        }
        """;

    public const string NaNLeakySlope = """
        [FullyConnectedNetwork(2, [3], 1, Activation = Activation.LeakyReLU, LeakySlope = double.NaN)]
        public partial class Net;
        """;

    public const string NonPartialStructWithZeroInput = """
        [FullyConnectedNetwork(0, [3], 1)]
        public struct Net;
        """;

    public const string SigmaW2TooLarge = """
        [FullyConnectedNetwork(2, [3], 1, Parametrization = Parametrization.Ntk, SigmaW2 = 1e300)]
        public partial class Net;
        """;

    public const string LeakySlopeTooLarge = """
        [FullyConnectedNetwork(2, [3], 1, Activation = Activation.LeakyReLU, LeakySlope = 1e40)]
        public partial class Net;
        """;

    public const string FileLocalType = """
        [FullyConnectedNetwork(2, [3], 1)]
        file partial class Net;
        """;

    public const string MemberNamedSpec = """
        [FullyConnectedNetwork(2, [3], 1)]
        public partial class Net
        {
            public int Spec;
        }
        """;

    public const string NestedTypeNamedLikeAKernel = """
        [FullyConnectedNetwork(2, [3], 1)]
        public partial class Net
        {
            private sealed class NtkKernelF32Vector512;
        }
        """;

    public const string LayerOfMaxIntWidth = """
        [FullyConnectedNetwork(2, [2147483647], 1)]
        public partial class Net;
        """;

    public const string TooManyParameters = """
        [FullyConnectedNetwork(inputSize: 16384, hiddenWidth: 16384, hiddenLayers: 8, outputSize: 1)]
        public partial class Net;
        """;

    /// <summary>A declaration wrapped in the usings and namespace of a user file.</summary>
    public static string InUserFile(string declaration) => "using NtkGen;\n\nnamespace Demo;\n\n" + declaration + "\n";
}
