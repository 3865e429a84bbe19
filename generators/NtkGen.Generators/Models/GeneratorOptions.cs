using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis.Diagnostics;

namespace NtkGen.Generators.Models
{
    /// <summary>
    /// MSBuild options of the generator, read once from <c>build_property.*</c> (the package's props declare each as a
    /// <c>CompilerVisibleProperty</c>). A value that cannot be used falls back to the default; the analyzer reports it
    /// (NTK0019).
    /// </summary>
    /// <param name="MaxVectorBits">The widest vector tier to emit: 512, 256, 128, or 0 for scalar only (<c>NtkGenMaxVectorWidth</c>).</param>
    /// <param name="UnrollLimit">Up to this many vectors per row are unrolled; longer rows get a loop (<c>NtkGenUnrollLimit</c>).</param>
    /// <param name="Accumulators">Independent accumulators of a dot product, 1 to 8 (<c>NtkGenAccumulators</c>).</param>
    /// <param name="DefaultElementTypes">
    /// The element types of a declaration that does not set <c>ElementTypes</c>: 1 float, 2 double, 3 both
    /// (<c>NtkGenElementTypes</c>, the values of <c>NtkGen.ElementTypes</c>).
    /// </param>
    /// <param name="EmitScalarFallback">Whether to emit the scalar kernels next to the vector ones (<c>NtkGenEmitScalarFallback</c>).</param>
    internal sealed record GeneratorOptions(int MaxVectorBits, int UnrollLimit, int Accumulators, int DefaultElementTypes, bool EmitScalarFallback)
    {
        public const string MaxVectorWidthProperty = "NtkGenMaxVectorWidth";
        public const string UnrollLimitProperty = "NtkGenUnrollLimit";
        public const string AccumulatorsProperty = "NtkGenAccumulators";
        public const string ElementTypesProperty = "NtkGenElementTypes";
        public const string EmitScalarFallbackProperty = "NtkGenEmitScalarFallback";

        public const int MaxAccumulators = 8;

        public static GeneratorOptions Default { get; } = new(512, 32, 4, 3, true);

        /// <summary>The options in <paramref name="options"/>; unusable values are listed in <paramref name="problems"/> when given.</summary>
        public static GeneratorOptions Read(AnalyzerConfigOptions options, List<OptionProblem>? problems = null)
        {
            int bits = Default.MaxVectorBits;
            if (TryGet(options, MaxVectorWidthProperty, out var widthText))
            {
                if (widthText.Equals("scalar", StringComparison.OrdinalIgnoreCase)) bits = 0;
                else if (TryParseInt(widthText, out var parsed) && (parsed == 512 || parsed == 256 || parsed == 128 || parsed == 0)) bits = parsed;
                else problems?.Add(new OptionProblem(MaxVectorWidthProperty, widthText, "512, 256, 128, or 0 (or scalar) for scalar code only", "512"));
            }

            int unroll = Default.UnrollLimit;
            if (TryGet(options, UnrollLimitProperty, out var unrollText))
            {
                if (TryParseInt(unrollText, out var parsed) && parsed >= 1) unroll = parsed;
                else problems?.Add(new OptionProblem(UnrollLimitProperty, unrollText, "a whole number of vectors, at least 1", Default.UnrollLimit.ToString(CultureInfo.InvariantCulture)));
            }

            int accumulators = Default.Accumulators;
            if (TryGet(options, AccumulatorsProperty, out var accumulatorsText))
            {
                if (TryParseInt(accumulatorsText, out var parsed) && parsed >= 1 && parsed <= MaxAccumulators) accumulators = parsed;
                else problems?.Add(new OptionProblem(AccumulatorsProperty, accumulatorsText, $"a whole number from 1 to {MaxAccumulators}", Default.Accumulators.ToString(CultureInfo.InvariantCulture)));
            }

            int elementTypes = Default.DefaultElementTypes;
            if (TryGet(options, ElementTypesProperty, out var elementText))
            {
                if (elementText.Equals("Float", StringComparison.OrdinalIgnoreCase)) elementTypes = 1;
                else if (elementText.Equals("Double", StringComparison.OrdinalIgnoreCase)) elementTypes = 2;
                else if (elementText.Equals("Both", StringComparison.OrdinalIgnoreCase)) elementTypes = 3;
                else problems?.Add(new OptionProblem(ElementTypesProperty, elementText, "Float, Double or Both", "Both"));
            }

            bool scalar = Default.EmitScalarFallback;
            if (TryGet(options, EmitScalarFallbackProperty, out var scalarText))
            {
                if (bool.TryParse(scalarText, out var parsed)) scalar = parsed;
                else problems?.Add(new OptionProblem(EmitScalarFallbackProperty, scalarText, "true or false", "true"));
            }

            return new GeneratorOptions(bits, unroll, accumulators, elementTypes, scalar);
        }

        /// <summary>The value of <c>build_property.{name}</c>, trimmed; an unset or empty property counts as absent.</summary>
        private static bool TryGet(AnalyzerConfigOptions options, string name, out string value)
        {
            value = "";
            if (!options.TryGetValue("build_property." + name, out var text) || text is null) return false;
            value = text.Trim();
            return value.Length > 0;
        }

        private static bool TryParseInt(string text, out int value)
            => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>An MSBuild option whose value the generator cannot use: what it is, what it should be, what is used instead.</summary>
    internal sealed record OptionProblem(string Property, string Value, string Expected, string DefaultUsed);
}
