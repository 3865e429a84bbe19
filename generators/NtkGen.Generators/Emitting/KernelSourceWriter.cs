using System;
using NtkGen.Generators.Models;

namespace NtkGen.Generators.Emitting
{
    /// <summary>
    /// Writes one generated kernel class (one element type, one vector tier) for a declared network: the four cores of
    /// <c>NtkGen.Kernels.StructuredNtkKernel&lt;T&gt;</c> unrolled over the layers with every width and offset a
    /// constant, and the fixed-width primitives they call.
    /// </summary>
    internal static class KernelSourceWriter
    {
        private const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
        private const string MemoryMarshal = "global::System.Runtime.InteropServices.MemoryMarshal";

        public static string Write(NetworkDeclaration network, KernelFlavor flavor, GeneratorOptions options)
        {
            var writer = new IndentedTextWriter();
            SourceFile.WriteHeader(writer);
            SourceFile.WithinType(writer, network, () => WriteClass(writer, network, flavor, options));
            return writer.ToString();
        }

        private static void WriteClass(IndentedTextWriter w, NetworkDeclaration network, KernelFlavor flavor, GeneratorOptions options)
        {
            var layout = new NetworkLayout(network);
            var primitives = new PrimitiveWriter(flavor, network, options.UnrollLimit, options.Accumulators);
            string t = flavor.Element;
            string span = $"global::System.Span<{t}>";
            string readOnlySpan = $"global::System.ReadOnlySpan<{t}>";

            w.WriteLine($"/// <summary>Generated {flavor.TierName} {flavor.Element} kernel of <see cref=\"{network.Types[network.Types.Count - 1].Name}\"/>: {Describe(network)}.</summary>");
            w.WriteLine(SourceFile.GeneratedCodeAttribute);
            using (w.WriteBlock($"private sealed class {flavor.ClassName} : global::NtkGen.Kernels.StructuredNtkKernel<{t}>"))
            {
                w.WriteLine($"public {flavor.ClassName}(global::NtkGen.NetworkSpec spec)");
                w.WriteLine($"    : base(spec, global::NtkGen.Kernels.KernelTier.{flavor.TierName}, \"generated-{flavor.TierShortName}-{flavor.Precision} ({network.DisplayName})\")");
                using (w.WriteBlock())
                {
                }

                w.WriteLine();
                w.WriteLine("/// <inheritdoc/>");
                using (w.WriteBlock($"protected override void ForwardTrace({readOnlySpan} parameters, {readOnlySpan} input, {span} activations, {span} derivatives, {span} output, {span} scratch)"))
                    WriteForward(w, network, layout, flavor, primitives);

                w.WriteLine();
                w.WriteLine("/// <inheritdoc/>");
                using (w.WriteBlock($"protected override void BackwardTrace({readOnlySpan} parameters, {readOnlySpan} derivatives, int outputIndex, {span} deltas, {span} scratch)"))
                    WriteBackward(w, network, layout, flavor, primitives);

                w.WriteLine();
                w.WriteLine("/// <inheritdoc/>");
                using (w.WriteBlock($"protected override void Gradient({readOnlySpan} activations, {readOnlySpan} deltas, {span} gradient)"))
                    WriteGradient(w, network, layout, flavor, primitives);

                w.WriteLine();
                w.WriteLine("/// <inheritdoc/>");
                using (w.WriteBlock($"protected override global::NtkGen.Kernels.NtkValue<{t}> Pair({readOnlySpan} activations1, {readOnlySpan} deltas1, {readOnlySpan} activations2, {readOnlySpan} deltas2, {span} blocks, {span} layers)"))
                    WritePair(w, network, layout, flavor, primitives);

                w.WriteLine();
                using (w.WriteBlock($"private static void PairBlocks(ref {t} x1, ref {t} e1, ref {t} x2, ref {t} e2, {span} blocks)"))
                    WritePairBlocks(w, network, layout, flavor, primitives);

                JetSourceWriter.WriteOverride(w, network, layout, flavor, primitives);

                if (BatchedKernelWriter.Applies(network, flavor)) BatchedKernelWriter.Write(w, network, flavor);

                primitives.WriteAll(w);
            }
        }

        private static void WriteForward(IndentedTextWriter w, NetworkDeclaration network, NetworkLayout layout, KernelFlavor flavor, PrimitiveWriter primitives)
        {
            string t = flavor.Element;
            int depth = layout.LayerCount;
            w.WriteLine($"ref {t} p = ref {MemoryMarshal}.GetReference(parameters);");
            w.WriteLine($"ref {t} a = ref {MemoryMarshal}.GetReference(activations);");
            if (depth > 1)
            {
                w.WriteLine($"ref {t} d = ref {MemoryMarshal}.GetReference(derivatives);");
                w.WriteLine($"ref {t} z = ref {MemoryMarshal}.GetReference(scratch);");
            }
            w.WriteLine("input.CopyTo(activations);");
            for (int l = 1; l <= depth; l++)
            {
                int fanIn = layout.Width(l - 1), fanOut = layout.Width(l);
                string matVec = primitives.MatVec(fanOut, fanIn, Scale(network, fanIn));
                string weights = At("p", layout.WeightOffset(l)), previous = At("a", layout.ActivationOffset(l - 1)), biases = At("p", layout.BiasOffset(l));
                if (l < depth)
                {
                    w.WriteLine($"// Layer {l}: {fanIn} → {fanOut}, z = W a + b, a = φ(z), d = φ'(z)");
                    w.WriteLine($"{matVec}({weights}, {previous}, {biases}, ref z);");
                    if (!network.Activation.PiecewiseLinear)
                    {
                        // Smooth activations: the operator's row form (TensorPrimitives' vectorized transcendental functions where they exist).
                        w.WriteLine($"{network.Activation.Operator}.Apply<{t}>(scratch.Slice(0, {fanOut}), activations.Slice({layout.ActivationOffset(l)}, {fanOut}), "
                            + $"derivatives.Slice({layout.DerivativeOffset(l)}, {fanOut}), {flavor.Literal(network.LeakySlope)});");
                    }
                    else
                    {
                        w.WriteLine($"{primitives.Activate(fanOut)}(ref z, {At("a", layout.ActivationOffset(l))}, {At("d", layout.DerivativeOffset(l))});");
                    }
                }
                else
                {
                    w.WriteLine($"// Layer {l} (output): {fanIn} → {fanOut}, f = W a + b");
                    w.WriteLine($"{matVec}({weights}, {previous}, {biases}, ref {MemoryMarshal}.GetReference(output));");
                }
            }
        }

        private static void WriteBackward(IndentedTextWriter w, NetworkDeclaration network, NetworkLayout layout, KernelFlavor flavor, PrimitiveWriter primitives)
        {
            string t = flavor.Element;
            int depth = layout.LayerCount;
            int outputs = layout.Width(depth);
            w.WriteLine($"ref {t} e = ref {MemoryMarshal}.GetReference(deltas);");
            w.WriteLine($"// δ_{depth} = e_k; a negative index means the caller has set δ_{depth} (a cotangent)");
            using (w.WriteBlock("if (outputIndex >= 0)"))
            {
                if (outputs > 1) w.WriteLine($"deltas.Slice({layout.DeltaOffset(depth)}, {outputs}).Clear();");
                w.WriteLine($"{Unsafe}.Add(ref e, {layout.DeltaOffset(depth)} + outputIndex) = 1;");
            }
            if (depth == 1) return;
            w.WriteLine($"ref {t} p = ref {MemoryMarshal}.GetReference(parameters);");
            w.WriteLine($"ref {t} d = ref {MemoryMarshal}.GetReference(derivatives);");
            w.WriteLine($"ref {t} g = ref {MemoryMarshal}.GetReference(scratch);");
            for (int l = depth - 1; l >= 1; l--)
            {
                int width = layout.Width(l), above = layout.Width(l + 1);
                w.WriteLine($"// Layer {l}: δ_{l} = φ'(z_{l}) ⊙ (W_{l + 1}ᵀ δ_{l + 1})");
                w.WriteLine($"{primitives.MatTVec(above, width, Scale(network, width))}({At("p", layout.WeightOffset(l + 1))}, {At("e", layout.DeltaOffset(l + 1))}, ref g);");
                w.WriteLine($"{primitives.Multiply(width)}(ref g, {At("d", layout.DerivativeOffset(l))}, {At("e", layout.DeltaOffset(l))});");
            }
        }

        private static void WriteGradient(IndentedTextWriter w, NetworkDeclaration network, NetworkLayout layout, KernelFlavor flavor, PrimitiveWriter primitives)
        {
            string t = flavor.Element;
            w.WriteLine($"ref {t} a = ref {MemoryMarshal}.GetReference(activations);");
            w.WriteLine($"ref {t} e = ref {MemoryMarshal}.GetReference(deltas);");
            w.WriteLine($"ref {t} gradientStart = ref {MemoryMarshal}.GetReference(gradient);");
            for (int l = 1; l <= layout.LayerCount; l++)
            {
                int fanIn = layout.Width(l - 1), fanOut = layout.Width(l);
                double scale = Scale(network, fanIn);
                string factor = scale == 1.0 ? $"{Unsafe}.Add(ref e, {layout.DeltaOffset(l)} + i)" : $"{flavor.Literal(scale)} * {Unsafe}.Add(ref e, {layout.DeltaOffset(l)} + i)";
                w.WriteLine($"// Layer {l}: ∂f/∂W_{l} = δ_{l} a_{l - 1}ᵀ, ∂f/∂b_{l} = δ_{l}");
                using (w.WriteBlock($"for (int i = 0; i < {fanOut}; i++)"))
                    w.WriteLine($"{primitives.Scale(fanIn)}({At("a", layout.ActivationOffset(l - 1))}, {factor}, ref {Unsafe}.Add(ref gradientStart, {layout.WeightOffset(l)} + i * {fanIn}));");
                w.WriteLine($"deltas.Slice({layout.DeltaOffset(l)}, {fanOut}).CopyTo(gradient.Slice({layout.BiasOffset(l)}, {fanOut}));");
            }
        }

        private static void WritePair(IndentedTextWriter w, NetworkDeclaration network, NetworkLayout layout, KernelFlavor flavor, PrimitiveWriter primitives)
        {
            string t = flavor.Element;
            int outputs = layout.Width(layout.LayerCount);
            w.WriteLine($"ref {t} x1 = ref {MemoryMarshal}.GetReference(activations1);");
            w.WriteLine($"ref {t} x2 = ref {MemoryMarshal}.GetReference(activations2);");
            w.WriteLine($"ref {t} e1 = ref {MemoryMarshal}.GetReference(deltas1);");
            w.WriteLine($"ref {t} e2 = ref {MemoryMarshal}.GetReference(deltas2);");
            w.WriteLine($"{t} weights = 0, biases = 0, gram, dot;");
            w.WriteLine("bool byLayer = !layers.IsEmpty;");
            w.WriteLine($"ref {t} layer = ref {MemoryMarshal}.GetReference(layers);");
            for (int l = 1; l <= layout.LayerCount; l++)
            {
                int fanIn = layout.Width(l - 1), width = layout.Width(l);
                double scale = Scale(network, fanIn);
                int activationOffset = layout.ActivationOffset(l - 1), deltaOffset = layout.DeltaOffset(l);
                w.WriteLine($"// Layer {l}: Σ_k ⟨δ^k_{l}, δ'^k_{l}⟩ (s² ⟨a_{l - 1}, a'_{l - 1}⟩ + 1)");
                string gram = $"{primitives.Dot(fanIn)}({At("x1", activationOffset)}, {At("x2", activationOffset)})";
                w.WriteLine($"gram = {(scale == 1.0 ? gram : $"{flavor.Literal(scale * scale)} * {gram}")};");
                string dot = primitives.Dot(width);
                if (outputs == 1)
                {
                    w.WriteLine($"dot = {dot}({At("e1", deltaOffset)}, {At("e2", deltaOffset)});");
                }
                else
                {
                    w.WriteLine("dot = 0;");
                    w.WriteLine($"for (int k = 0; k < {outputs}; k++) dot += {dot}(ref {Unsafe}.Add(ref e1, k * {layout.DeltaTraceLength} + {deltaOffset}), ref {Unsafe}.Add(ref e2, k * {layout.DeltaTraceLength} + {deltaOffset}));");
                }
                w.WriteLine(network.IncludeBiases ? "weights += dot * gram; biases += dot;" : "weights += dot * gram;");
                w.WriteLine($"if (byLayer) {{ {Unsafe}.Add(ref layer, {2 * (l - 1)}) = dot * gram; {Unsafe}.Add(ref layer, {2 * (l - 1) + 1}) = {(network.IncludeBiases ? "dot" : "0")}; }}");
            }
            w.WriteLine("if (!blocks.IsEmpty) PairBlocks(ref x1, ref e1, ref x2, ref e2, blocks);");
            w.WriteLine($"return new global::NtkGen.Kernels.NtkValue<{t}>(weights, biases);");
        }

        private static void WritePairBlocks(IndentedTextWriter w, NetworkDeclaration network, NetworkLayout layout, KernelFlavor flavor, PrimitiveWriter primitives)
        {
            string t = flavor.Element;
            int outputs = layout.Width(layout.LayerCount);
            int traceLength = layout.DeltaTraceLength;
            w.WriteLine("blocks.Clear();");
            w.WriteLine($"ref {t} block = ref {MemoryMarshal}.GetReference(blocks);");
            w.WriteLine($"{t} gram;");
            for (int l = 1; l <= layout.LayerCount; l++)
            {
                int fanIn = layout.Width(l - 1), width = layout.Width(l);
                double scale = Scale(network, fanIn);
                int activationOffset = layout.ActivationOffset(l - 1), deltaOffset = layout.DeltaOffset(l);
                string gram = $"{primitives.Dot(fanIn)}({At("x1", activationOffset)}, {At("x2", activationOffset)})";
                if (scale != 1.0) gram = $"{flavor.Literal(scale * scale)} * {gram}";
                w.WriteLine($"gram = {gram}{(network.IncludeBiases ? " + 1" : "")};");
                using (w.WriteBlock($"for (int k = 0; k < {outputs}; k++)"))
                using (w.WriteBlock($"for (int k2 = 0; k2 < {outputs}; k2++)"))
                {
                    w.WriteLine($"{Unsafe}.Add(ref block, k * {outputs} + k2) += gram * {primitives.Dot(width)}("
                        + $"ref {Unsafe}.Add(ref e1, k * {traceLength} + {deltaOffset}), ref {Unsafe}.Add(ref e2, k2 * {traceLength} + {deltaOffset}));");
                }
            }
        }

        /// <summary>The forward scale s_l of a layer with fan-in <paramref name="fanIn"/>: 1, or σ_w/√n in NTK parametrization.</summary>
        internal static double Scale(NetworkDeclaration network, int fanIn)
            => network.NtkParametrization ? Math.Sqrt(network.SigmaW2 / fanIn) : 1.0;

        internal static string At(string reference, int offset)
            => offset == 0 ? $"ref {reference}" : $"ref {Unsafe}.Add(ref {reference}, {offset})";

        internal static string Describe(NetworkDeclaration network)
        {
            var text = string.Join("→", network.Widths) + " " + network.Activation.Member;
            return network.NtkParametrization ? text + ", NTK parametrization" : text;
        }
    }
}
