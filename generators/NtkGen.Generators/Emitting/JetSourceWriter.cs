using NtkGen.Generators.Models;

namespace NtkGen.Generators.Emitting
{
    /// <summary>
    /// Emits the fixed-width second-order jet of a kernel class (the override of <c>StructuredNtkKernel.Jet</c>): the
    /// second derivative of an output along its own gradient, ∇fᵀH∇f (THEORY.md §5), layer by layer with every width a
    /// constant. Per layer: two matrix-vector products with W_l (of ȧ and ä) and rank-one terms in δ_l,
    /// <code>
    /// ż_l = s² ‖a_{l-1}‖² δ_l + s W ȧ_{l-1} + c_l    z̈_l = 2 s² ⟨a_{l-1}, ȧ_{l-1}⟩ δ_l + s W ä_{l-1}
    /// ȧ_l = φ' ⊙ ż_l                                 ä_l = φ' ⊙ z̈_l
    /// </code>
    /// Only for the piecewise-linear activations (φ'' = 0); smooth ones keep the runtime's version.
    /// </summary>
    internal static class JetSourceWriter
    {
        private const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
        private const string MemoryMarshal = "global::System.Runtime.InteropServices.MemoryMarshal";

        public static void WriteOverride(IndentedTextWriter w, NetworkDeclaration network, NetworkLayout layout, KernelFlavor flavor, PrimitiveWriter primitives)
        {
            if (!network.Activation.PiecewiseLinear) return;
            string t = flavor.Element;
            string span = $"global::System.Span<{t}>", readOnlySpan = $"global::System.ReadOnlySpan<{t}>";
            int depth = layout.LayerCount, max = 0;
            for (int l = 0; l <= depth; l++) max = System.Math.Max(max, layout.Width(l));

            w.WriteLine();
            w.WriteLine("/// <inheritdoc/>");
            using (w.WriteBlock($"protected override ({t} Curvature, {t} Ntk) Jet({readOnlySpan} parameters, {readOnlySpan} activations, {readOnlySpan} derivatives, {readOnlySpan} deltas, int outputIndex, {span} scratch)"))
            {
                w.WriteLine($"ref {t} p = ref {MemoryMarshal}.GetReference(parameters);");
                w.WriteLine($"ref {t} a = ref {MemoryMarshal}.GetReference(activations);");
                if (depth > 1) w.WriteLine($"ref {t} d = ref {MemoryMarshal}.GetReference(derivatives);");
                w.WriteLine($"ref {t} e = ref {MemoryMarshal}.GetReference(deltas);");
                // scratch: ȧ, ä, ż, z̈ and a zero bias for the matrix-vector products, each of the widest width.
                w.WriteLine($"scratch.Slice(0, {2 * max}).Clear();");
                w.WriteLine($"scratch.Slice({4 * max}, {max}).Clear();");
                w.WriteLine($"ref {t} aDot = ref {MemoryMarshal}.GetReference(scratch);");
                w.WriteLine($"ref {t} aDdot = ref {Unsafe}.Add(ref aDot, {max});");
                w.WriteLine($"ref {t} zDot = ref {Unsafe}.Add(ref aDot, {2 * max});");
                w.WriteLine($"ref {t} zDdot = ref {Unsafe}.Add(ref aDot, {3 * max});");
                w.WriteLine($"ref {t} zero = ref {Unsafe}.Add(ref aDot, {4 * max});");
                w.WriteLine($"{t} norm, inner, rankOne, rankOneSecond;");
                for (int l = 1; l <= depth; l++)
                {
                    int fanIn = layout.Width(l - 1), width = layout.Width(l);
                    double scale = KernelSourceWriter.Scale(network, fanIn);
                    string previous = KernelSourceWriter.At("a", layout.ActivationOffset(l - 1));
                    string weights = KernelSourceWriter.At("p", layout.WeightOffset(l));
                    string dot = primitives.Dot(fanIn), matVec = primitives.MatVec(width, fanIn, scale);
                    string s2 = flavor.Literal(scale * scale);
                    w.WriteLine($"// Layer {l}: ż = s²‖a‖² δ + s W ȧ + c, z̈ = 2s²⟨a, ȧ⟩ δ + s W ä");
                    w.WriteLine($"norm = {dot}({previous}, {previous});");
                    w.WriteLine($"inner = {dot}({previous}, ref aDot);");
                    w.WriteLine($"{matVec}({weights}, ref aDot, ref zero, ref zDot);");
                    w.WriteLine($"{matVec}({weights}, ref aDdot, ref zero, ref zDdot);");
                    string timesScale = scale == 1.0 ? "" : $"{s2} * ";
                    w.WriteLine($"rankOne = {timesScale}norm{(network.IncludeBiases ? " + 1" : "")};");
                    w.WriteLine($"rankOneSecond = 2 * {timesScale}inner;");
                    using (w.WriteBlock($"for (int i = 0; i < {width}; i++)"))
                    {
                        w.WriteLine($"{t} delta = {Unsafe}.Add(ref e, {layout.DeltaOffset(l)} + i);");
                        w.WriteLine($"{Unsafe}.Add(ref zDot, i) += rankOne * delta;");
                        w.WriteLine($"{Unsafe}.Add(ref zDdot, i) += rankOneSecond * delta;");
                    }
                    if (l == depth)
                    {
                        w.WriteLine($"return ({Unsafe}.Add(ref zDdot, outputIndex), {Unsafe}.Add(ref zDot, outputIndex));");
                    }
                    else
                    {
                        string multiply = primitives.Multiply(width);
                        string derivative = KernelSourceWriter.At("d", layout.DerivativeOffset(l));
                        w.WriteLine($"{multiply}(ref zDot, {derivative}, ref aDot);");
                        w.WriteLine($"{multiply}(ref zDdot, {derivative}, ref aDdot);");
                    }
                }
            }
        }
    }
}
