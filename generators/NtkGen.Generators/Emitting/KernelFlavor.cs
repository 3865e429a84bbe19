using System.Collections.Generic;

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

        /// <summary>Every flavor for the requested element types, up to <paramref name="maxBits"/>.</summary>
        public static IEnumerable<KernelFlavor> All(bool emitFloat, bool emitDouble, int maxBits)
        {
            foreach (var (element, bytes, wanted) in new[] { ("float", 4, emitFloat), ("double", 8, emitDouble) })
            {
                if (!wanted) continue;
                foreach (int bits in new[] { 512, 256, 128, 0 })
                {
                    if (bits <= maxBits) yield return new KernelFlavor(element, bytes, bits);
                }
            }
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
