using System;
using Microsoft.CodeAnalysis.Diagnostics;

namespace NtkGen.Generators.Models
{
    /// <summary>
    /// MSBuild options of the generator, read once from <c>build_property.*</c> (see <c>CompilerVisibleProperty</c> in the
    /// package's props).
    /// </summary>
    /// <param name="MaxVectorBits">The widest vector tier to emit: 512, 256, 128, or 0 for scalar only (<c>NtkGenMaxVectorWidth</c>).</param>
    /// <param name="UnrollLimit">Up to this many vectors per row are unrolled; longer rows get a loop (<c>NtkGenUnrollLimit</c>).</param>
    internal sealed record GeneratorOptions(int MaxVectorBits, int UnrollLimit)
    {
        public static GeneratorOptions Default { get; } = new(512, 32);

        public static GeneratorOptions Read(AnalyzerConfigOptions options)
        {
            int bits = Default.MaxVectorBits;
            if (options.TryGetValue("build_property.NtkGenMaxVectorWidth", out var text) && text.Trim().Length > 0)
            {
                var trimmed = text.Trim();
                bits = trimmed.Equals("scalar", StringComparison.OrdinalIgnoreCase) ? 0
                    : int.TryParse(trimmed, out var parsed) && (parsed == 512 || parsed == 256 || parsed == 128 || parsed == 0) ? parsed
                    : Default.MaxVectorBits;
            }
            int unroll = Default.UnrollLimit;
            if (options.TryGetValue("build_property.NtkGenUnrollLimit", out var unrollText)
                && int.TryParse(unrollText.Trim(), out var parsedUnroll) && parsedUnroll >= 1)
            {
                unroll = parsedUnroll;
            }
            return new GeneratorOptions(bits, unroll);
        }
    }
}
