namespace NtkGen.Generators.Models
{
    /// <summary>
    /// Everything the generator needs from one <c>[FullyConnectedNetwork]</c> declaration, as primitives only, so that
    /// an unrelated edit leaves it equal and the generated kernels cached.
    /// </summary>
    /// <param name="Namespace">The containing namespace, empty for the global namespace.</param>
    /// <param name="HintName">A unique, file-name-safe prefix for the generated files.</param>
    /// <param name="DisplayName">The type's name as users write it, e.g. <c>Demo.HeNet</c>.</param>
    /// <param name="Types">The type and the types containing it, outermost first.</param>
    /// <param name="Widths">n0, hidden widths, output size.</param>
    /// <param name="ElementTypes">
    /// The attribute's <c>ElementTypes</c> (1 float, 2 double, 3 both), or 0 when it does not set it: the
    /// <c>NtkGenElementTypes</c> option decides then (see <see cref="EffectiveElementTypes"/>).
    /// </param>
    internal sealed record NetworkDeclaration(
        string Namespace,
        string HintName,
        string DisplayName,
        EquatableArray<TypeHeader> Types,
        EquatableArray<int> Widths,
        ActivationDescription Activation,
        double LeakySlope,
        double SigmaW2,
        double SigmaB2,
        bool NtkParametrization,
        int ElementTypes,
        bool IncludeBiases)
    {
        /// <summary>Number of weight layers L.</summary>
        public int LayerCount => Widths.Count - 1;

        public int InputSize => Widths[0];

        public int OutputSize => Widths[Widths.Count - 1];

        /// <summary>The element types to emit kernels for: the attribute's, else the project's default.</summary>
        public int EffectiveElementTypes(GeneratorOptions options) => ElementTypes != 0 ? ElementTypes : options.DefaultElementTypes;
    }

    /// <summary>How to reopen one type of the nesting chain: <c>{Declaration} {Name}</c>, e.g. <c>ref partial struct Net</c>.</summary>
    /// <param name="Declaration">The modifiers and keyword before the name, <c>partial</c> included.</param>
    /// <param name="Name">The name, escaped with <c>@</c> when it is a keyword.</param>
    internal sealed record TypeHeader(string Declaration, string Name);
}
