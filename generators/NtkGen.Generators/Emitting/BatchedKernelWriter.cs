using System;
using System.Globalization;
using NtkGen.Generators.Models;

namespace NtkGen.Generators.Emitting
{
    /// <summary>
    /// Writes the batched cores of a vector kernel class (<c>StructuredNtkKernel&lt;T&gt;</c>'s <c>ForwardBlocks</c>,
    /// <c>BackwardBlocks</c> and <c>GramTile</c>): a block of samples is a panel with one row per trace element and one
    /// column per sample, and every layer is a register-blocked matrix product over it.
    /// </summary>
    /// <remarks>
    /// <para>Tiles: <c>R × V</c> accumulators, R ≤ 6 rows of the layer's output (weights broadcast one at a time) and V ≤ 4
    /// vectors of samples (loaded once per step and reused by the R rows): 24 accumulators, 4 loads and 6 broadcasts per
    /// 24 fused multiply-adds. The activation and its derivative (forward) or the derivative product (backward) are
    /// applied to the accumulators before they are stored. Machines with 16 vector registers get V ≤ 2. The backward pass
    /// of a wide layer copies W's columns strip by strip into a contiguous buffer first.</para>
    /// <para>Grams: an R × 2-vector tile accumulates <c>P = A Aᵀ</c> and then <c>Q = Δ Δᵀ</c> in 24 registers and adds
    /// <c>Q ⊙ (s² P)</c> and <c>Q</c> to the NTK parts, layer after layer.</para>
    /// <para>The per-layer calls are written out with every width, offset and tile count a constant; the tile functions
    /// are generic over their row and vector counts (structs with a static value), so the JIT compiles one specialized
    /// body per count actually used.</para>
    /// </remarks>
    internal static class BatchedKernelWriter
    {
        private const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
        private const string MemoryMarshal = "global::System.Runtime.InteropServices.MemoryMarshal";
        private const string Optimized = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining | global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]";

        /// <summary>Fully optimized at the first call (no tiering): the drivers run a few times per NTK, each time for long.</summary>
        private const string Compiled = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]";

        /// <summary>Vectors of samples per block.</summary>
        private const int BlockVectors = 4;

        /// <summary>Most rows of a forward, backward or Gram tile.</summary>
        private const int TileRows = 6;

        /// <summary>Vectors of samples per Gram tile.</summary>
        private const int GramVectors = 2;

        /// <summary>Columns of W copied together for the backward pass of a wide layer (a multiple of every vector length and of the tile rows).</summary>
        private const int StripColumns = 48;

        /// <summary>
        /// Whether <paramref name="flavor"/> gets batched cores: every vector tier, unless one block's panel would not fit
        /// in an array (such networks keep the per-sample path).
        /// </summary>
        public static bool Applies(NetworkDeclaration network, KernelFlavor flavor)
        {
            if (flavor.TierBits == 0) return false;
            var layout = new NetworkLayout(network);
            int depth = layout.LayerCount, outputs = layout.Width(depth);
            long rows = (long)layout.ActivationOffset(depth) + layout.DerivativeOffset(depth) + (long)outputs * layout.DeltaTraceLength + outputs;
            return rows * BlockVectors * (flavor.TierBits / 8 / flavor.ElementBytes) <= int.MaxValue / 2;
        }

        public static void Write(IndentedTextWriter w, NetworkDeclaration network, KernelFlavor flavor)
        {
            var layout = new NetworkLayout(network);
            var v = new VectorShape(flavor.TierBits, flavor.TierBits / 8 / flavor.ElementBytes, flavor.Element);
            int lanes = v.Lanes, block = BlockVectors * lanes;
            string t = flavor.Element;
            string span = $"global::System.Span<{t}>";
            string readOnlySpan = $"global::System.ReadOnlySpan<{t}>";

            w.WriteLine();
            w.WriteLine($"// Batched cores: blocks of {block} samples as panels ({block} columns, one row per trace element), layers as {TileRows} × {BlockVectors}-vector register tiles.");
            w.WriteLine();
            w.WriteLine("/// <summary>Whether the CPU has 32 vector registers (AVX-512, Arm64): wider tiles then fit without spilling.</summary>");
            w.WriteLine("private static bool ManyRegisters => global::System.Runtime.Intrinsics.X86.Avx512F.IsSupported || global::System.Runtime.Intrinsics.Arm.AdvSimd.Arm64.IsSupported;");
            w.WriteLine();
            int depth = layout.LayerCount, outputs = layout.Width(depth);
            int traceRows = layout.ActivationOffset(depth) + layout.DerivativeOffset(depth) + outputs * layout.DeltaTraceLength;
            w.WriteLine($"/// <summary>Elements of one block's panel: {traceRows} trace rows and {outputs} output row(s) of {block} samples.</summary>");
            w.WriteLine($"private const int PanelLength = {(traceRows + outputs) * block};");
            w.WriteLine();
            w.WriteLine("/// <inheritdoc/>");
            w.WriteLine($"protected override int BatchColumns => {block};");
            w.WriteLine();
            w.WriteLine("/// <inheritdoc/>");
            w.WriteLine($"protected override int BatchLanes => {lanes};");
            w.WriteLine();
            w.WriteLine("/// <inheritdoc/>");
            w.WriteLine($"protected override int GramTileRows => ManyRegisters ? {TileRows} : {TileRows / 2};");
            w.WriteLine();
            w.WriteLine("/// <inheritdoc/>");
            w.WriteLine($"protected override int GramTileVectors => {GramVectors};");

            WriteForwardBlock(w, network, layout, flavor, v, block, span, readOnlySpan);
            WriteBackwardBlock(w, network, layout, flavor, v, block, span, readOnlySpan);
            WriteGramTile(w, network, layout, flavor, v, block, span, readOnlySpan);
            WriteForwardTile(w, network, flavor, v, block, activation: true);
            WriteForwardTile(w, network, flavor, v, block, activation: false);
            WriteBackwardTile(w, flavor, v, block);
            WriteGramMicroKernel(w, network, flavor, v, block);
            WriteCounts(w);
        }

        private static void WriteForwardBlock(IndentedTextWriter w, NetworkDeclaration network, NetworkLayout layout, KernelFlavor flavor, VectorShape v, int block, string span, string readOnlySpan)
        {
            string t = flavor.Element;
            w.WriteLine();
            w.WriteLine("/// <inheritdoc/>");
            int traceRows = layout.ActivationOffset(layout.LayerCount) + layout.DerivativeOffset(layout.LayerCount) + layout.Width(layout.LayerCount) * layout.DeltaTraceLength;
            using (w.WriteBlock($"protected override void ForwardBlocks({readOnlySpan} parameters, {span} panels, int blocks, int vectors)"))
            {
                w.WriteLine($"ref {t} p = ref {MemoryMarshal}.GetReference(parameters);");
                w.WriteLine($"ref {t} x = ref {MemoryMarshal}.GetReference(panels);");
                w.WriteLine($"ref {t} y = ref {Unsafe}.Add(ref x, {traceRows * block});");
                WriteColumnSplit(w, v, "ForwardLayers", "ref p, ref {0}.Add(ref x, column), ref {0}.Add(ref y, column), blocks");
            }

            bool smooth = network.Activation is ActivationKind.Sigmoid or ActivationKind.Tanh;
            int depth = layout.LayerCount;
            int derivativeRows = layout.ActivationOffset(depth);
            w.WriteLine();
            w.WriteLine(Compiled);
            using (w.WriteBlock($"private static void ForwardLayers<TV>(ref {t} p, ref {t} x, ref {t} y, nint blocks) where TV : struct, ICount"))
            {
                for (int l = 1; l <= depth; l++)
                {
                    int fanIn = layout.Width(l - 1), fanOut = layout.Width(l);
                    string scale = flavor.Literal(Scale(network, fanIn));
                    string input = Row("x", layout.ActivationOffset(l - 1), block);
                    if (l < depth)
                    {
                        w.WriteLine($"// Layer {l}: {fanIn} → {fanOut}, a = φ(s W a + b), d = φ'(s W a + b)");
                        string tile = smooth ? "ForwardLinearTile" : "ForwardTile";
                        WriteRowTiles(w, fanOut, (rows, j) =>
                            $"{tile}<Count{rows}, TV>(ref {Unsafe}.Add(ref p, {layout.WeightOffset(l)} + {j} * {fanIn}), {fanIn}, {input}, "
                            + $"ref {Unsafe}.Add(ref p, {layout.BiasOffset(l)} + {j}), {scale}, "
                            + $"ref {Unsafe}.Add(ref x, ({layout.ActivationOffset(l)} + {j}) * {block})"
                            + (smooth ? ", blocks);" : $", ref {Unsafe}.Add(ref x, ({derivativeRows + layout.DerivativeOffset(l)} + {j}) * {block}), blocks);"));
                        if (smooth)
                        {
                            // Smooth activations use TensorPrimitives' vectorized transcendental functions, row by row over the tile's columns.
                            using (w.WriteBlock($"for (nint j = 0; j < blocks * {fanOut}; j++)"))
                            {
                                w.WriteLine($"nint row = j / {fanOut} * PanelLength + j % {fanOut} * {block};");
                                w.WriteLine($"var z = {MemoryMarshal}.CreateSpan(ref {Unsafe}.Add(ref x, {layout.ActivationOffset(l) * block} + row), TV.Value * {v.Lanes});");
                                w.WriteLine($"global::NtkGen.Kernels.ActivationFunctions.Apply<{t}>(global::NtkGen.Activation.{network.Activation}, {flavor.Literal(network.LeakySlope)}, z, z, "
                                    + $"{MemoryMarshal}.CreateSpan(ref {Unsafe}.Add(ref x, {(derivativeRows + layout.DerivativeOffset(l)) * block} + row), TV.Value * {v.Lanes}));");
                            }
                        }
                    }
                    else
                    {
                        w.WriteLine($"// Layer {l} (output): {fanIn} → {fanOut}, f = s W a + b");
                        WriteRowTiles(w, fanOut, (rows, j) =>
                            $"ForwardLinearTile<Count{rows}, TV>(ref {Unsafe}.Add(ref p, {layout.WeightOffset(l)} + {j} * {fanIn}), {fanIn}, {input}, "
                            + $"ref {Unsafe}.Add(ref p, {layout.BiasOffset(l)} + {j}), {scale}, ref {Unsafe}.Add(ref y, {j} * {block}), blocks);");
                    }
                }
            }
        }

        private static void WriteBackwardBlock(IndentedTextWriter w, NetworkDeclaration network, NetworkLayout layout, KernelFlavor flavor, VectorShape v, int block, string span, string readOnlySpan)
        {
            string t = flavor.Element;
            int depth = layout.LayerCount, outputs = layout.Width(depth);
            int derivativeRows = layout.ActivationOffset(depth);
            int deltaRows = derivativeRows + layout.DerivativeOffset(depth);
            w.WriteLine();
            w.WriteLine("/// <inheritdoc/>");
            using (w.WriteBlock($"protected override void BackwardBlocks({readOnlySpan} parameters, {span} panels, int blocks, int outputIndex, int vectors)"))
            {
                w.WriteLine($"ref {t} p = ref {MemoryMarshal}.GetReference(parameters);");
                w.WriteLine($"ref {t} x = ref {MemoryMarshal}.GetReference(panels);");
                w.WriteLine($"ref {t} e = ref {Unsafe}.Add(ref x, ({deltaRows} + outputIndex * {layout.DeltaTraceLength}) * {block});");
                using (w.WriteBlock("for (int b = 0; b < blocks; b++)"))
                {
                    w.WriteLine($"// δ_{depth} = e_k for every sample.");
                    w.WriteLine($"var last = panels.Slice(b * PanelLength + ({deltaRows} + outputIndex * {layout.DeltaTraceLength} + {layout.DeltaOffset(depth)}) * {block}, {outputs * block});");
                    w.WriteLine("last.Clear();");
                    w.WriteLine($"last.Slice(outputIndex * {block}, {block}).Fill(1);");
                }
                if (depth > 1) WriteColumnSplit(w, v, "BackwardLayers", "ref p, ref {0}.Add(ref x, column), ref {0}.Add(ref e, column), blocks");
            }
            w.WriteLine();
            w.WriteLine("/// <inheritdoc/>");
            using (w.WriteBlock($"protected override void BackwardSeededBlocks({readOnlySpan} parameters, {span} panels, int blocks, int vectors)"))
            {
                if (depth > 1)
                {
                    w.WriteLine($"// δ_{depth} is the seed already in output 0's rows.");
                    w.WriteLine($"ref {t} p = ref {MemoryMarshal}.GetReference(parameters);");
                    w.WriteLine($"ref {t} x = ref {MemoryMarshal}.GetReference(panels);");
                    w.WriteLine($"ref {t} e = ref {Unsafe}.Add(ref x, {deltaRows} * {block});");
                    WriteColumnSplit(w, v, "BackwardLayers", "ref p, ref {0}.Add(ref x, column), ref {0}.Add(ref e, column), blocks");
                }
            }
            if (depth == 1) return;

            int packedRows = 0;
            for (int l = depth - 1; l >= 1; l--)
                if (layout.Width(l) > StripColumns) packedRows = Math.Max(packedRows, layout.Width(l + 1));

            w.WriteLine();
            w.WriteLine(Compiled);
            using (w.WriteBlock($"private static void BackwardLayers<TV>(ref {t} p, ref {t} x, ref {t} e, nint blocks) where TV : struct, ICount"))
            {
                if (packedRows > 0)
                {
                    w.WriteLine($"var stripArray = t_strip ??= new {t}[{packedRows * StripColumns}];");
                    w.WriteLine($"ref {t} strip = ref {MemoryMarshal}.GetArrayDataReference(stripArray);");
                }
                for (int l = depth - 1; l >= 1; l--)
                {
                    int width = layout.Width(l), above = layout.Width(l + 1);
                    string scale = flavor.Literal(Scale(network, width));
                    w.WriteLine($"// Layer {l}: δ_{l} = φ'(z_{l}) ⊙ (s W_{l + 1}ᵀ δ_{l + 1})");
                    string Tile(int rows, string j, string weights, int stride)
                        => $"BackwardTile<Count{rows}, TV>({weights}, {stride}, {above}, {Row("e", layout.DeltaOffset(l + 1), block)}, {scale}, "
                            + $"ref {Unsafe}.Add(ref x, ({derivativeRows + layout.DerivativeOffset(l)} + {j}) * {block}), ref {Unsafe}.Add(ref e, ({layout.DeltaOffset(l)} + {j}) * {block}), blocks);";
                    if (width <= StripColumns)
                    {
                        WriteRowTiles(w, width, (rows, j) => Tile(rows, j, $"ref {Unsafe}.Add(ref p, {layout.WeightOffset(l + 1)} + {j})", width));
                        continue;
                    }
                    // Wide rows: W_{l+1}'s columns are read down the rows, a cache line per row; copied strip by strip into a
                    // contiguous buffer first, so that the tiles stream it from cache instead of striding through W.
                    int strips = width / StripColumns, rest = width % StripColumns;
                    using (w.WriteBlock($"for (nint j0 = 0; j0 < {strips * StripColumns}; j0 += {StripColumns})"))
                    {
                        w.WriteLine($"PackColumns(ref {Unsafe}.Add(ref p, {layout.WeightOffset(l + 1)} + j0), {width}, {above}, {StripColumns}, ref strip);");
                        WriteRowTiles(w, StripColumns, (rows, j) => Tile(rows, $"j0 + {j}", $"ref {Unsafe}.Add(ref strip, {j})", StripColumns));
                    }
                    if (rest > 0)
                    {
                        string j0 = (strips * StripColumns).ToString(CultureInfo.InvariantCulture);
                        w.WriteLine($"PackColumns(ref {Unsafe}.Add(ref p, {layout.WeightOffset(l + 1)} + {j0}), {width}, {above}, {rest}, ref strip);");
                        WriteRowTiles(w, rest, (rows, j) => Tile(rows, $"{j0} + {j}", $"ref {Unsafe}.Add(ref strip, {j})", StripColumns));
                    }
                }
            }
            if (packedRows == 0) return;

            w.WriteLine();
            w.WriteLine("/// <summary>This thread's strip buffer for the backward pass: a strip of W's columns, contiguous.</summary>");
            w.WriteLine("[global::System.ThreadStatic]");
            w.WriteLine($"private static {t}[]? t_strip;");
            w.WriteLine();
            w.WriteLine($"/// <summary>Copies <c>width</c> ≤ {StripColumns} columns of the <c>rows</c> rows of W (row length <c>stride</c>) into rows of {StripColumns} in <c>strip</c>.</summary>");
            w.WriteLine(Compiled);
            using (w.WriteBlock($"private static void PackColumns(ref {t} w, nint stride, nint rows, nint width, ref {t} strip)"))
            {
                using (w.WriteBlock($"if (width == {StripColumns})"))
                {
                    using (w.WriteBlock("for (nint m = 0; m < rows; m++)"))
                    {
                        w.WriteLine($"ref {t} source = ref {Unsafe}.Add(ref w, m * stride);");
                        w.WriteLine($"ref {t} target = ref {Unsafe}.Add(ref strip, m * {StripColumns});");
                        for (int c = 0; c < StripColumns; c += v.Lanes)
                            w.WriteLine(v.Store(v.Load("source", c.ToString(CultureInfo.InvariantCulture)), "target", c.ToString(CultureInfo.InvariantCulture)));
                    }
                    w.WriteLine("return;");
                }
                using (w.WriteBlock("for (nint m = 0; m < rows; m++)"))
                {
                    w.WriteLine($"ref {t} source = ref {Unsafe}.Add(ref w, m * stride);");
                    w.WriteLine($"ref {t} target = ref {Unsafe}.Add(ref strip, m * {StripColumns});");
                    w.WriteLine($"for (nint c = 0; c < width; c++) {Unsafe}.Add(ref target, c) = {Unsafe}.Add(ref source, c);");
                }
            }
        }

        private static void WriteGramTile(IndentedTextWriter w, NetworkDeclaration network, NetworkLayout layout, KernelFlavor flavor, VectorShape v, int block, string span, string readOnlySpan)
        {
            string t = flavor.Element;
            int depth = layout.LayerCount, outputs = layout.Width(depth);
            int deltaRows = layout.ActivationOffset(depth) + layout.DerivativeOffset(depth);
            w.WriteLine();
            w.WriteLine("/// <inheritdoc/>");
            using (w.WriteBlock($"protected override void GramTile({readOnlySpan} panel1, int column1, int rows, {readOnlySpan} panel2, int column2, int vectors, {span} weights, {span} biases, int stride, int layerStride, int output1, int output2)"))
            {
                w.WriteLine($"ref {t} x1 = ref {Unsafe}.Add(ref {MemoryMarshal}.GetReference(panel1), column1);");
                w.WriteLine($"ref {t} x2 = ref {Unsafe}.Add(ref {MemoryMarshal}.GetReference(panel2), column2);");
                w.WriteLine($"ref {t} w = ref {MemoryMarshal}.GetReference(weights);");
                w.WriteLine($"ref {t} b = ref {MemoryMarshal}.GetReference(biases);");
                using (w.WriteBlock($"switch (rows * {GramVectors + 1} + vectors)"))
                {
                    for (int r = 1; r <= TileRows; r++)
                    {
                        for (int c = 1; c <= GramVectors; c++)
                            w.WriteLine($"case {r * (GramVectors + 1) + c}: GramLayers<Count{r}, Count{c}>(ref x1, ref x2, ref w, ref b, stride, layerStride, output1, output2); break;");
                    }
                    w.WriteLine("default: throw new global::System.ArgumentOutOfRangeException(nameof(rows));");
                }
            }

            w.WriteLine();
            w.WriteLine(Compiled);
            using (w.WriteBlock($"private static void GramLayers<TR, TV>(ref {t} x1, ref {t} x2, ref {t} w, ref {t} b, nint stride, nint layerStride, int output1, int output2) where TR : struct, ICount where TV : struct, ICount"))
            {
                w.WriteLine("// Trace over the outputs (every δ^k against the same k), or one output pair (δ^k1 against δ^k2).");
                w.WriteLine($"nint segments = output1 < 0 ? {outputs} : 1;");
                w.WriteLine($"ref {t} e1 = ref {Unsafe}.Add(ref x1, ({deltaRows} + (output1 < 0 ? 0 : output1) * {layout.DeltaTraceLength}) * {block});");
                w.WriteLine($"ref {t} e2 = ref {Unsafe}.Add(ref x2, ({deltaRows} + (output2 < 0 ? 0 : output2) * {layout.DeltaTraceLength}) * {block});");
                w.WriteLine("int mode = output1 >= 0 ? 2 : layerStride != 0 ? 1 : 0;");
                w.WriteLine("nint layerStep = mode == 1 ? layerStride : 0;");
                for (int l = 1; l <= depth; l++)
                {
                    int fanIn = layout.Width(l - 1), width = layout.Width(l);
                    double scale = Scale(network, fanIn);
                    string layerOffset = l == 1 ? "" : $"{l - 1} * layerStep";
                    string wRef = l == 1 ? "ref w" : $"ref {Unsafe}.Add(ref w, {layerOffset})";
                    string bRef = l == 1 ? "ref b" : $"ref {Unsafe}.Add(ref b, {layerOffset})";
                    w.WriteLine($"// Layer {l}: Q = Σ δ_{l} δ'_{l}ᵀ over {width} rows, P = s² a_{l - 1} a'_{l - 1}ᵀ over {fanIn} rows");
                    w.WriteLine($"GramMicroKernel<TR, TV>({Row("x1", layout.ActivationOffset(l - 1), block)}, {Row("x2", layout.ActivationOffset(l - 1), block)}, {fanIn}, "
                        + $"{Row("e1", layout.DeltaOffset(l), block)}, {Row("e2", layout.DeltaOffset(l), block)}, {width}, segments, {layout.DeltaTraceLength * block}, "
                        + $"{flavor.Literal(scale * scale)}, mode, {wRef}, {bRef}, stride);");
                }
            }
        }

        /// <summary>The tile of a forward layer: <c>z = s W x + b</c> for R rows and V vectors of samples, then <c>a = φ(z)</c>, <c>d = φ'(z)</c> (or just <c>z</c>).</summary>
        private static void WriteForwardTile(IndentedTextWriter w, NetworkDeclaration network, KernelFlavor flavor, VectorShape v, int block, bool activation)
        {
            string t = flavor.Element;
            string name = activation ? "ForwardTile" : "ForwardLinearTile";
            w.WriteLine();
            w.WriteLine(activation
                ? "/// <summary>R rows of a hidden layer for V vectors of samples of each block: a = φ(s W x + b), d = φ'(s W x + b). W row-major with k columns, reused from cache block after block.</summary>"
                : "/// <summary>R rows of a layer for V vectors of samples of each block: z = s W x + b, no activation (the output layer, smooth activations).</summary>");
            w.WriteLine(Optimized);
            string outputs = activation ? $"ref {t} aBlocks, ref {t} dBlocks" : $"ref {t} aBlocks";
            using (w.WriteBlock($"private static void {name}<TR, TV>(ref {t} w, nint k, ref {t} xBlocks, ref {t} b, {t} scale, {outputs}, nint blocks) where TR : struct, ICount where TV : struct, ICount"))
            {
                // Rows past the tile are never formed: a reference past the weights must not exist even unused.
                for (int r = 1; r < TileRows; r++) w.WriteLine($"ref {t} w{r} = ref TR.Value > {r} ? ref {Unsafe}.Add(ref w, {r} * k) : ref w;");
                using (w.WriteBlock("for (nint block = 0; block < blocks; block++)"))
                {
                w.WriteLine($"ref {t} x = ref {Unsafe}.Add(ref xBlocks, block * PanelLength);");
                w.WriteLine($"ref {t} a = ref {Unsafe}.Add(ref aBlocks, block * PanelLength);");
                if (activation) w.WriteLine($"ref {t} d = ref {Unsafe}.Add(ref dBlocks, block * PanelLength);");
                WriteAccumulators(w, v, "c", TileRows, BlockVectors);
                using (w.WriteBlock("for (nint i = 0; i < k; i++)"))
                {
                    w.WriteLine($"ref {t} xi = ref {Unsafe}.Add(ref x, i * {block});");
                    WriteLoads(w, v, "xi");
                    for (int r = 0; r < TileRows; r++)
                        WriteBroadcastRow(w, v, r, $"{Unsafe}.Add(ref {(r == 0 ? "w" : "w" + r)}, i)", "c", BlockVectors);
                }
                w.WriteLine($"var sv = {v.Static}.Create(scale);");
                if (network.Activation == ActivationKind.LeakyReLU && activation) w.WriteLine($"var slope = {v.Static}.Create({flavor.Literal(network.LeakySlope)});");
                for (int r = 0; r < TileRows; r++)
                {
                    string guard = r == 0 ? "" : $"if (TR.Value > {r}) ";
                    using (w.WriteBlock(guard.Length == 0 ? null : guard.TrimEnd()))
                    {
                        w.WriteLine($"var bias{r} = {v.Static}.Create({Unsafe}.Add(ref b, {r}));");
                        for (int c = 0; c < BlockVectors; c++)
                        {
                            string offset = $"{r * block + c * v.Lanes}";
                            string z = $"{v.Fma($"c{r}{c}", "sv", $"bias{r}")}";
                            string body = activation ? Activate(network.Activation, v, z, offset) : v.Store(z, "a", offset);
                            w.WriteLine(c == 0 ? $"{{ {body} }}" : $"if (TV.Value > {c}) {{ {body} }}");
                        }
                    }
                }
                }
            }
        }

        /// <summary>The stores of a = φ(z), d = φ'(z) for ReLU, LeakyReLU and Linear.</summary>
        private static string Activate(ActivationKind kind, VectorShape v, string z, string offset)
        {
            string value = $"var z = {z}; ";
            string positive = $"var positive = {v.Static}.GreaterThan(z, {v.Type}.Zero); ";
            return kind switch
            {
                ActivationKind.ReLU => value + positive
                    + v.Store($"{v.Static}.ConditionalSelect(positive, z, {v.Type}.Zero)", "a", offset) + " "
                    + v.Store($"{v.Static}.ConditionalSelect(positive, {v.Type}.One, {v.Type}.Zero)", "d", offset),
                ActivationKind.LeakyReLU => value + positive
                    + v.Store($"{v.Static}.ConditionalSelect(positive, z, z * slope)", "a", offset) + " "
                    + v.Store($"{v.Static}.ConditionalSelect(positive, {v.Type}.One, slope)", "d", offset),
                _ => v.Store(z, "a", offset) + " " + v.Store($"{v.Type}.One", "d", offset),
            };
        }

        /// <summary>The tile of a backward layer: <c>δ = d ⊙ (s Wᵀ δ')</c> for R rows (columns of W) and V vectors of samples.</summary>
        private static void WriteBackwardTile(IndentedTextWriter w, KernelFlavor flavor, VectorShape v, int block)
        {
            string t = flavor.Element;
            w.WriteLine();
            w.WriteLine("/// <summary>R rows of δ for V vectors of samples of each block: δ = d ⊙ (s Wᵀ δ'), W row-major with <c>stride</c> columns and k rows, starting at column j.</summary>");
            w.WriteLine(Optimized);
            using (w.WriteBlock($"private static void BackwardTile<TR, TV>(ref {t} w, nint stride, nint k, ref {t} above0, {t} scale, ref {t} d0, ref {t} delta0, nint blocks) where TR : struct, ICount where TV : struct, ICount"))
            using (w.WriteBlock("for (nint block = 0; block < blocks; block++)"))
            {
                w.WriteLine($"ref {t} above = ref {Unsafe}.Add(ref above0, block * PanelLength);");
                w.WriteLine($"ref {t} d = ref {Unsafe}.Add(ref d0, block * PanelLength);");
                w.WriteLine($"ref {t} delta = ref {Unsafe}.Add(ref delta0, block * PanelLength);");
                WriteAccumulators(w, v, "c", TileRows, BlockVectors);
                using (w.WriteBlock("for (nint i = 0; i < k; i++)"))
                {
                    w.WriteLine($"ref {t} xi = ref {Unsafe}.Add(ref above, i * {block});");
                    w.WriteLine($"ref {t} wi = ref {Unsafe}.Add(ref w, i * stride);");
                    WriteLoads(w, v, "xi");
                    for (int r = 0; r < TileRows; r++)
                        WriteBroadcastRow(w, v, r, r == 0 ? "wi" : $"{Unsafe}.Add(ref wi, {r})", "c", BlockVectors);
                }
                w.WriteLine($"var sv = {v.Static}.Create(scale);");
                for (int r = 0; r < TileRows; r++)
                {
                    string guard = r == 0 ? "" : $"if (TR.Value > {r}) ";
                    using (w.WriteBlock(guard.Length == 0 ? null : guard.TrimEnd()))
                    {
                        for (int c = 0; c < BlockVectors; c++)
                        {
                            string offset = $"{r * block + c * v.Lanes}";
                            string body = v.Store($"c{r}{c} * sv * {v.Load("d", offset)}", "delta", offset);
                            w.WriteLine(c == 0 ? body : $"if (TV.Value > {c}) {{ {body} }}");
                        }
                    }
                }
            }
        }

        /// <summary>
        /// The Gram micro-kernel of one layer: P (R × V) over k rows of activations, then Q over kd rows of δ in
        /// <c>segments</c> runs, then by mode: 0 adds Q ⊙ (s² P) and Q, 1 stores them, 2 adds Q ⊙ (s² P + 1).
        /// </summary>
        private static void WriteGramMicroKernel(IndentedTextWriter w, NetworkDeclaration network, KernelFlavor flavor, VectorShape v, int block)
        {
            string t = flavor.Element;
            w.WriteLine();
            w.WriteLine("/// <summary>One layer of a Gram tile: P = s² a aᵀ (R × V) and Q = δ δᵀ, then by mode 0: w += Q ⊙ P, b += Q; 1: w = Q ⊙ P, b = Q; 2: w += Q ⊙ (P + 1).</summary>");
            w.WriteLine(Optimized);
            using (w.WriteBlock($"private static void GramMicroKernel<TR, TV>(ref {t} a1, ref {t} a2, nint k, ref {t} e1, ref {t} e2, nint kd, nint segments, nint segmentStride, {t} s2, int mode, ref {t} w, ref {t} b, nint stride) where TR : struct, ICount where TV : struct, ICount"))
            {
                WriteAccumulators(w, v, "p", TileRows, GramVectors);
                using (w.WriteBlock("for (nint i = 0; i < k; i++)"))
                {
                    w.WriteLine($"ref {t} ri = ref {Unsafe}.Add(ref a1, i * {block});");
                    w.WriteLine($"ref {t} xi = ref {Unsafe}.Add(ref a2, i * {block});");
                    WriteLoads(w, v, "xi", GramVectors);
                    for (int r = 0; r < TileRows; r++)
                        WriteBroadcastRow(w, v, r, r == 0 ? "ri" : $"{Unsafe}.Add(ref ri, {r})", "p", GramVectors);
                }
                WriteAccumulators(w, v, "q", TileRows, GramVectors, declareZero: false, declareLoads: false);
                using (w.WriteBlock("for (nint s = 0; s < segments; s++)"))
                {
                    w.WriteLine($"ref {t} f1 = ref {Unsafe}.Add(ref e1, s * segmentStride);");
                    w.WriteLine($"ref {t} f2 = ref {Unsafe}.Add(ref e2, s * segmentStride);");
                    using (w.WriteBlock("for (nint i = 0; i < kd; i++)"))
                    {
                        w.WriteLine($"ref {t} ri = ref {Unsafe}.Add(ref f1, i * {block});");
                        w.WriteLine($"ref {t} xi = ref {Unsafe}.Add(ref f2, i * {block});");
                        WriteLoads(w, v, "xi", GramVectors);
                        for (int r = 0; r < TileRows; r++)
                            WriteBroadcastRow(w, v, r, r == 0 ? "ri" : $"{Unsafe}.Add(ref ri, {r})", "q", GramVectors);
                    }
                }
                w.WriteLine($"var sv = {v.Static}.Create(s2);");
                string one = network.IncludeBiases ? $"{v.Type}.One" : $"{v.Type}.Zero";
                for (int r = 0; r < TileRows; r++)
                {
                    string guard = r == 0 ? "" : $"if (TR.Value > {r}) ";
                    using (w.WriteBlock(guard.Length == 0 ? null : guard.TrimEnd()))
                    {
                        w.WriteLine($"ref {t} wr = ref {Unsafe}.Add(ref w, {r} * stride);");
                        w.WriteLine($"ref {t} br = ref {Unsafe}.Add(ref b, {r} * stride);");
                        for (int c = 0; c < GramVectors; c++)
                        {
                            string o = (c * v.Lanes).ToString(CultureInfo.InvariantCulture);
                            string p = $"p{r}{c} * sv", q = $"q{r}{c}";
                            string biasUpdate = network.IncludeBiases ? " " + v.Store($"{q} + {v.Load("br", o)}", "br", o) : "";
                            string biasStore = " " + v.Store(network.IncludeBiases ? q : $"{v.Type}.Zero", "br", o);
                            string body = $"if (mode == 0) {{ {v.Store(v.Fma(q, p, v.Load("wr", o)), "wr", o)}{biasUpdate} }} "
                                + $"else if (mode == 1) {{ {v.Store($"{q} * ({p})", "wr", o)}{biasStore} }} "
                                + $"else {{ {v.Store(v.Fma(q, $"{p} + {one}", v.Load("wr", o)), "wr", o)} }}";
                            w.WriteLine(c == 0 ? body : $"if (TV.Value > {c}) {{ {body} }}");
                        }
                    }
                }
            }
        }

        private static void WriteCounts(IndentedTextWriter w)
        {
            w.WriteLine();
            w.WriteLine("/// <summary>A row or vector count of a tile, known to the JIT when it specializes a tile function.</summary>");
            using (w.WriteBlock("private interface ICount"))
                w.WriteLine("static abstract int Value { get; }");
            for (int n = 1; n <= TileRows; n++)
            {
                w.WriteLine();
                using (w.WriteBlock($"private readonly struct Count{n} : ICount"))
                    w.WriteLine($"public static int Value => {n};");
            }
        }

        /// <summary>
        /// Calls <paramref name="method"/><c>&lt;CountV&gt;</c> over the block's vectors in groups of at most 4 (2 with 16
        /// registers); <paramref name="arguments"/> has <c>{0}</c> for <c>Unsafe</c> and uses <c>column</c>.
        /// </summary>
        private static void WriteColumnSplit(IndentedTextWriter w, VectorShape v, string method, string arguments)
        {
            string args = string.Format(CultureInfo.InvariantCulture, arguments, Unsafe);
            w.WriteLine($"int widest = ManyRegisters ? {BlockVectors} : {BlockVectors / 2};");
            using (w.WriteBlock("for (int start = 0; start < vectors; start += widest)"))
            {
                w.WriteLine($"nint column = start * {v.Lanes};");
                using (w.WriteBlock("switch (global::System.Math.Min(widest, vectors - start))"))
                {
                    for (int c = 1; c < BlockVectors; c++) w.WriteLine($"case {c}: {method}<Count{c}>({args}); break;");
                    w.WriteLine($"default: {method}<Count{BlockVectors}>({args}); break;");
                }
            }
        }

        /// <summary>Calls for the row tiles of a layer of <paramref name="rows"/> rows: full tiles in a loop, then the rest.</summary>
        private static void WriteRowTiles(IndentedTextWriter w, int rows, Func<int, string, string> call)
        {
            int full = rows / TileRows * TileRows;
            if (full == TileRows) w.WriteLine(call(TileRows, "0"));
            else if (full > 0)
            {
                using (w.WriteBlock($"for (nint j = 0; j < {full}; j += {TileRows})"))
                    w.WriteLine(call(TileRows, "j"));
            }
            if (rows > full) w.WriteLine(call(rows - full, full.ToString(CultureInfo.InvariantCulture)));
        }

        private static void WriteAccumulators(IndentedTextWriter w, VectorShape v, string prefix, int rows, int vectors, bool declareZero = true, bool declareLoads = true)
        {
            if (declareZero) w.WriteLine($"var zero = {v.Type}.Zero;");
            for (int r = 0; r < rows; r++)
            {
                var names = new string[vectors];
                for (int c = 0; c < vectors; c++) names[c] = $"{prefix}{r}{c} = zero";
                w.WriteLine($"{v.Type} {string.Join(", ", names)};");
            }
            if (declareLoads)
            {
                var loads = new string[vectors];
                for (int c = 0; c < vectors; c++) loads[c] = c == 0 ? "x0" : $"x{c} = zero";
                w.WriteLine($"{v.Type} {string.Join(", ", loads)}, broadcast;");
            }
        }

        private static void WriteLoads(IndentedTextWriter w, VectorShape v, string row, int vectors = BlockVectors)
        {
            for (int c = 0; c < vectors; c++)
            {
                string load = $"x{c} = {v.Load(row, (c * v.Lanes).ToString(CultureInfo.InvariantCulture))};";
                w.WriteLine(c == 0 ? load : $"if (TV.Value > {c}) {load}");
            }
        }

        private static void WriteBroadcastRow(IndentedTextWriter w, VectorShape v, int r, string element, string prefix, int vectors)
        {
            var statements = new System.Text.StringBuilder($"broadcast = {v.Static}.Create({element});");
            for (int c = 0; c < vectors; c++)
            {
                string fma = $"{prefix}{r}{c} = {v.Fma("broadcast", "x" + c, $"{prefix}{r}{c}")};";
                statements.Append(c == 0 ? " " + fma : $" if (TV.Value > {c}) {fma}");
            }
            w.WriteLine(r == 0 ? statements.ToString() : $"if (TR.Value > {r}) {{ {statements} }}");
        }

        /// <summary>A reference to panel row <paramref name="row"/> of <paramref name="reference"/>.</summary>
        private static string Row(string reference, int row, int block)
            => row == 0 ? $"ref {reference}" : $"ref {Unsafe}.Add(ref {reference}, {row * block})";

        /// <summary>The forward scale s_l of a layer with fan-in <paramref name="fanIn"/>: 1, or σ_w/√n in NTK parametrization.</summary>
        private static double Scale(NetworkDeclaration network, int fanIn)
            => network.NtkParametrization ? Math.Sqrt(network.SigmaW2 / fanIn) : 1.0;
    }
}
