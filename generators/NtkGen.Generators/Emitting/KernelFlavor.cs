using System;
using System.Collections.Generic;
using NtkGen.Generators.Models;

namespace NtkGen.Generators.Emitting
{
    /// <summary>One generated kernel class: an element type and the widest vector it may use.</summary>
    internal sealed class KernelFlavor
    {
        private KernelFlavor(string element, int elementBytes, int tierBits)
        {
            Element = element;
            ElementBytes = elementBytes;
            TierBits = tierBits;
        }

        /// <summary>
        /// Every kernel class to generate for <paramref name="network"/>: its element types (the attribute's, else the
        /// project default), each vector tier up to <c>NtkGenMaxVectorWidth</c>, and the scalar tier unless
        /// <c>NtkGenEmitScalarFallback</c> is false (scalar-only builds keep it: there would be no kernel at all).
        /// </summary>
        public static IEnumerable<KernelFlavor> For(NetworkDeclaration network, GeneratorOptions options)
        {
            int elementTypes = network.EffectiveElementTypes(options);
            foreach (var (element, bytes, flag) in new[] { ("float", 4, 1), ("double", 8, 2) })
            {
                if ((elementTypes & flag) == 0) continue;
                foreach (int bits in new[] { 512, 256, 128, 0 })
                {
                    if (bits > options.MaxVectorBits) continue;
                    if (bits == 0 && !options.EmitScalarFallback && options.MaxVectorBits > 0) continue;
                    yield return new KernelFlavor(element, bytes, bits);
                }
            }
        }

        /// <summary>
        /// The widest vector tier's flavors whose rows exceed <see cref="GeneratorOptions.UnrollLimit"/> somewhere in
        /// <paramref name="network"/>, with that row: the kernels that get loops instead of fully unrolled code on a CPU
        /// that accelerates the widest tier (narrower tiers need more vectors per row and loop earlier). Null when
        /// everything is unrolled, or for scalar-only builds.
        /// </summary>
        public static (int Width, int Vectors, VectorShape Vector)? LoopedRow(NetworkDeclaration network, GeneratorOptions options)
        {
            if (options.MaxVectorBits == 0) return null;
            int widest = 0;
            for (int i = 0; i < network.Widths.Count; i++) widest = Math.Max(widest, network.Widths[i]);
            (int, int, VectorShape)? looped = null;
            foreach (var flavor in For(network, options))
            {
                if (flavor.TierBits != options.MaxVectorBits) continue;
                var vector = flavor.VectorFor(widest);
                if (vector is null) continue;
                int vectors = widest / vector.Lanes;
                if (vectors > options.UnrollLimit && (looped is null || vectors > looped.Value.Item2)) looped = (widest, vectors, vector);
            }
            return looped;
        }

        /// <summary><c>float</c> or <c>double</c>.</summary>
        public string Element { get; }

        public int ElementBytes { get; }

        /// <summary>512, 256, 128, or 0 for the scalar tier.</summary>
        public int TierBits { get; }

        public string Precision => ElementBytes == 4 ? "f32" : "f64";

        /// <summary>The member of <c>NtkGen.Kernels.KernelTier</c>.</summary>
        public string TierName => TierBits == 0 ? "Scalar" : "Vector" + TierBits;

        public string TierShortName => TierBits == 0 ? "scalar" : "v" + TierBits;

        public string ClassName => "NtkKernel" + (ElementBytes == 4 ? "F32" : "F64") + TierName;

        /// <summary>A literal of this element type.</summary>
        public string Literal(double value)
            => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture) switch
            {
                var text when ElementBytes == 4 => text + "f",
                var text => text.Contains(".") || text.Contains("E") ? text : text + ".0",
            };

        /// <summary>
        /// The widest vector of this tier that fits in <paramref name="length"/> elements, or <see langword="null"/> when
        /// even the narrowest does not (or the tier is scalar): narrow layers then get scalar code.
        /// </summary>
        public VectorShape? VectorFor(int length)
        {
            for (int bits = TierBits; bits >= 128; bits /= 2)
            {
                int lanes = bits / 8 / ElementBytes;
                if (lanes <= length) return new VectorShape(bits, lanes, Element);
            }
            return null;
        }
    }

    /// <summary>A <c>VectorNNN&lt;T&gt;</c> type: its width in bits and lanes.</summary>
    internal sealed class VectorShape
    {
        public VectorShape(int bits, int lanes, string element)
        {
            Bits = bits;
            Lanes = lanes;
            Element = element;
        }

        public int Bits { get; }

        public int Lanes { get; }

        public string Element { get; }

        /// <summary>The static class, e.g. <c>global::System.Runtime.Intrinsics.Vector512</c>.</summary>
        public string Static => "global::System.Runtime.Intrinsics.Vector" + Bits;

        /// <summary>The vector type, e.g. <c>global::System.Runtime.Intrinsics.Vector512&lt;float&gt;</c>.</summary>
        public string Type => Static + "<" + Element + ">";

        public string Load(string reference, string offset)
            => offset == "0" ? $"{Static}.LoadUnsafe(ref {reference})" : $"{Static}.LoadUnsafe(ref {reference}, {offset})";

        public string Store(string value, string reference, string offset)
            => offset == "0" ? $"{Static}.StoreUnsafe({value}, ref {reference});" : $"{Static}.StoreUnsafe({value}, ref {reference}, {offset});";

        public string Fma(string a, string b, string c) => $"{Static}.MultiplyAddEstimate({a}, {b}, {c})";
    }
}
