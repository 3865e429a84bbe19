using Microsoft.CodeAnalysis;

namespace NtkGen.Generators.Diagnostics
{
    /// <summary>Every diagnostic NtkGen reports, in one place (ids are listed in AnalyzerReleases.*.md).</summary>
    internal static class DiagnosticDescriptors
    {
        private const string Category = "NtkGen";
        // Relative to the repository root; the page lists every id with how to fix it.
        private const string HelpBase = "docs/diagnostics.md#";

        public static readonly DiagnosticDescriptor TypeMustBePartial = Error(
            "NTK0001", "Network type must be partial",
            "'{0}' declares a network with [FullyConnectedNetwork] and must be partial so that NtkGen can add its kernels; add the 'partial' modifier");

        public static readonly DiagnosticDescriptor ContainingTypeMustBePartial = Error(
            "NTK0002", "Containing type must be partial",
            "'{0}' is nested in '{1}', which must also be partial; add the 'partial' modifier to '{1}'");

        public static readonly DiagnosticDescriptor InputSizeMustBePositive = Error(
            "NTK0003", "Input size must be positive",
            "The input size of '{0}' is {1}; it must be at least 1");

        public static readonly DiagnosticDescriptor HiddenWidthMustBePositive = Error(
            "NTK0004", "Hidden widths must be positive",
            "{1} of '{0}' is invalid: {2}");

        public static readonly DiagnosticDescriptor OutputSizeMustBePositive = Error(
            "NTK0005", "Output size must be positive",
            "The output size of '{0}' is {1}; it must be at least 1");

        public static readonly DiagnosticDescriptor SigmaW2MustBePositive = Error(
            "NTK0006", "σ_w² must be positive",
            "SigmaW2 of '{0}' is {1}; the weight variance must be positive and at most 1e6 (2 is He initialization, the ReLU edge of chaos)");

        public static readonly DiagnosticDescriptor SigmaB2MustBeNonNegative = Error(
            "NTK0007", "σ_b² must not be negative",
            "SigmaB2 of '{0}' is {1}; the bias variance must be zero or positive and finite");

        public static readonly DiagnosticDescriptor UnknownActivation = Error(
            "NTK0008", "Unknown activation",
            "Activation of '{0}' is {1}, which is not a member of NtkGen.Activation; use one of {2}");

        public static readonly DiagnosticDescriptor UnknownParametrization = Error(
            "NTK0009", "Unknown parametrization",
            "Parametrization of '{0}' is {1}, which is not a member of NtkGen.Parametrization; use Standard or Ntk");

        public static readonly DiagnosticDescriptor InvalidElementTypes = Error(
            "NTK0010", "Invalid element types",
            "ElementTypes of '{0}' is {1}; use ElementTypes.Float, ElementTypes.Double or ElementTypes.Both");

        public static readonly DiagnosticDescriptor GenericTypeNotSupported = Error(
            "NTK0011", "Generic network types are not supported",
            "'{0}' is generic or nested in a generic type; declare the network on a non-generic type");

        public static readonly DiagnosticDescriptor TypeMustBeAccessible = Error(
            "NTK0013", "Network type must be accessible in its assembly",
            "'{0}' is nested in a private or protected type, so its kernels cannot be registered; make the containing types internal or public");

        public static readonly DiagnosticDescriptor InvalidLeakySlope = Error(
            "NTK0014", "Leaky slope out of range",
            "LeakySlope of '{0}' is {1}; it must be a number between -1e6 and 1e6");

        public static readonly DiagnosticDescriptor FileLocalTypeNotSupported = Error(
            "NTK0015", "File-local network types are not supported",
            "'{0}' is a file-local type, which generated code in another file cannot extend; make it internal or public");

        public static readonly DiagnosticDescriptor MemberNameTaken = Error(
            "NTK0016", "Member name reserved for generated code",
            "'{0}' declares a member named '{1}', which NtkGen generates for the network; rename the member");

        public static readonly DiagnosticDescriptor NetworkExceedsUnrollLimit = new(
            "NTK0017", "Layers too wide to unroll fully",
            "'{0}' has layers of width {1}, which is {2} {3} vectors per row, more than NtkGenUnrollLimit ({4}); the generator emits loops for them instead of fully unrolled code. To unroll them, set <NtkGenUnrollLimit>{2}</NtkGenUnrollLimit> in the project file (more generated code, longer builds).",
            Category, DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: HelpLink("NTK0017"));

        public static readonly DiagnosticDescriptor TargetFrameworkLacksVector512 = Error(
            "NTK0018", "Target framework too old for NtkGen",
            "'{0}' gets no kernels: the target framework has no System.Runtime.Intrinsics.Vector512<T>, so it is older than .NET 8, and NtkGen needs .NET 10; set <TargetFramework>net10.0</TargetFramework> (or later) in the project file");

        public static readonly DiagnosticDescriptor InvalidOption = new(
            "NTK0019", "Invalid NtkGen MSBuild option",
            "The MSBuild property {0} is '{1}', which NtkGen cannot use: it must be {2}; the generator uses {3} instead. Fix or remove the property in the project file.",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink("NTK0019"),
            // Reported once per compilation, from its end: the option belongs to the project, not to a declaration.
            customTags: WellKnownDiagnosticTags.CompilationEnd);

        public static readonly DiagnosticDescriptor NetworkTooLarge = Error(
            "NTK0020", "Network too large to generate",
            "'{0}' has {1}; generated kernels hold every width as a constant and all parameters in one array, so NtkGen generates them for layers up to {2} wide and up to 2147483647 parameters. Remove the attribute and use KernelRegistry.Resolve, which serves any shape with the run-time-width kernel.");

        public static readonly DiagnosticDescriptor GeneratorFailed = Error(
            "NTK0021", "NtkGen could not generate a network",
            "NtkGen failed to generate '{0}' ({1}: {2}); the other networks are generated as usual. Use KernelRegistry.Resolve, which serves any shape with the run-time-width kernel, and please report this with the declaration.");

        public static readonly DiagnosticDescriptor LeakySlopeUnused = new(
            "NTK0022", "LeakySlope without leaky ReLU",
            "'{0}' sets LeakySlope, which only leaky ReLU uses, but its activation is {1}; remove LeakySlope or set Activation = Activation.LeakyReLU",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink("NTK0022"));

        /// <summary>Every descriptor, for the analyzer's <c>SupportedDiagnostics</c> and the tests.</summary>
        public static readonly DiagnosticDescriptor[] All =
        {
            TypeMustBePartial, ContainingTypeMustBePartial, InputSizeMustBePositive, HiddenWidthMustBePositive,
            OutputSizeMustBePositive, SigmaW2MustBePositive, SigmaB2MustBeNonNegative, UnknownActivation,
            UnknownParametrization, InvalidElementTypes, GenericTypeNotSupported,
            TypeMustBeAccessible, InvalidLeakySlope, FileLocalTypeNotSupported, MemberNameTaken,
            NetworkExceedsUnrollLimit, TargetFrameworkLacksVector512, InvalidOption, NetworkTooLarge, GeneratorFailed, LeakySlopeUnused,
        };

        private static string HelpLink(string id) => HelpBase + id.ToLowerInvariant();

        private static DiagnosticDescriptor Error(string id, string title, string message)
            => new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(id));
    }
}
