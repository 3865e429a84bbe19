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
    /// <para>The register tiles themselves live in the runtime (<c>NtkGen.Kernels.Tiles.PanelTiles</c>), shared with the
    /// run-time-width kernel: what is generated is the drivers, the per-layer calls with every width, offset, scale and tile
    /// count a constant. The tiles are generic over their row and vector counts (<c>TileCount1</c> … <c>TileCount6</c>), so
    /// the JIT compiles one specialized body per count actually used.</para>
    /// <para>Tiles: <c>R × V</c> accumulators, R ≤ 6 rows of the layer's output and V ≤ 4 vectors of samples (V ≤ 2 with 16
    /// vector registers). The backward pass of a wide layer copies W's columns strip by strip into a contiguous buffer
    /// first. Grams: a tile of up to 6 samples × 4 vectors of samples (3 × 2 with 16 vector registers) accumulates <c>P = A Aᵀ</c> and then <c>Q = Δ Δᵀ</c> and adds <c>Q ⊙ (s² P)</c> and
    /// <c>Q</c> to the NTK parts, layer after layer. The constants below are the runtime tiles' own.</para>
    /// </remarks>
    internal static class BatchedKernelWriter
    {
        private const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
        private const string MemoryMarshal = "global::System.Runtime.InteropServices.MemoryMarshal";
        private const string TileNamespace = "global::NtkGen.Kernels.Tiles";

        /// <summary>Fully optimized at the first call (no tiering): the drivers run a few times per NTK, each time for long.</summary>
        private const string Compiled = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]";

        /// <summary>Vectors of samples per block (<c>PanelTiles.BlockVectors</c>).</summary>
        private const int BlockVectors = 4;

        /// <summary>Most rows of a forward, backward or Gram tile.</summary>
        private const int TileRows = 6;

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
            w.WriteLine($"protected override int GramTileRows => {Tiles(v)}.GramTileRows;");
            w.WriteLine();
            w.WriteLine("/// <inheritdoc/>");
            w.WriteLine($"protected override int GramTileVectors => {Tiles(v)}.GramTileVectors;");

            WriteForwardBlock(w, network, layout, flavor, v, block, span, readOnlySpan);
            WriteBackwardBlock(w, network, layout, flavor, v, block, span, readOnlySpan);
            WriteGramTile(w, flavor, v);
        }

        /// <summary>The runtime tiles of this vector and element type, e.g. <c>PanelTiles&lt;float, Vector512&lt;float&gt;, Vector512Ops&lt;float&gt;&gt;</c>.</summary>
        private static string Tiles(VectorShape v)
            => $"{TileNamespace}.PanelTiles<{v.Element}, {v.Type}, global::NtkGen.Kernels.Vector{v.Bits}Ops<{v.Element}>>";

        private static string Count(int n) => $"{TileNamespace}.TileCount{n}";

        private static string CountConstraint(string name) => $"where {name} : struct, {TileNamespace}.ITileCount";

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

            bool smooth = !network.Activation.PiecewiseLinear;
            int depth = layout.LayerCount;
            int derivativeRows = layout.ActivationOffset(depth);
            w.WriteLine();
            w.WriteLine(Compiled);
            using (w.WriteBlock($"private static void ForwardLayers<TV>(ref {t} p, ref {t} x, ref {t} y, nint blocks) {CountConstraint("TV")}"))
            {
                for (int l = 1; l <= depth; l++)
                {
                    int fanIn = layout.Width(l - 1), fanOut = layout.Width(l);
                    string scale = flavor.Literal(Scale(network, fanIn));
                    string input = Row("x", layout.ActivationOffset(l - 1), block);
                    if (l < depth)
                    {
                        w.WriteLine($"// Layer {l}: {fanIn} → {fanOut}, a = φ(s W a + b), d = φ'(s W a + b)");
                        WriteRowTiles(w, fanOut, (rows, j) => smooth
                            ? $"{Tiles(v)}.ForwardLinear<{Count(rows)}, TV>(ref {Unsafe}.Add(ref p, {layout.WeightOffset(l)} + {j} * {fanIn}), {fanIn}, {input}, "
                              + $"ref {Unsafe}.Add(ref p, {layout.BiasOffset(l)} + {j}), {scale}, ref {Unsafe}.Add(ref x, ({layout.ActivationOffset(l)} + {j}) * {block}), blocks, PanelLength);"
                            : $"{Tiles(v)}.Forward<{Count(rows)}, TV, {network.Activation.Operator}>(ref {Unsafe}.Add(ref p, {layout.WeightOffset(l)} + {j} * {fanIn}), {fanIn}, {input}, "
                              + $"ref {Unsafe}.Add(ref p, {layout.BiasOffset(l)} + {j}), {scale}, {flavor.Literal(network.LeakySlope)}, "
                              + $"ref {Unsafe}.Add(ref x, ({layout.ActivationOffset(l)} + {j}) * {block}), ref {Unsafe}.Add(ref x, ({derivativeRows + layout.DerivativeOffset(l)} + {j}) * {block}), blocks, PanelLength);");
                        if (smooth)
                        {
                            // Smooth activations: the operator's row form, row by row over the tile's columns.
                            using (w.WriteBlock($"for (nint j = 0; j < blocks * {fanOut}; j++)"))
                            {
                                w.WriteLine($"nint row = j / {fanOut} * PanelLength + j % {fanOut} * {block};");
                                w.WriteLine($"var z = {MemoryMarshal}.CreateSpan(ref {Unsafe}.Add(ref x, {layout.ActivationOffset(l) * block} + row), TV.Value * {v.Lanes});");
                                w.WriteLine($"{network.Activation.Operator}.Apply<{t}>(z, z, "
                                    + $"{MemoryMarshal}.CreateSpan(ref {Unsafe}.Add(ref x, {(derivativeRows + layout.DerivativeOffset(l)) * block} + row), TV.Value * {v.Lanes}), {flavor.Literal(network.LeakySlope)});");
                            }
                        }
                    }
                    else
                    {
                        w.WriteLine($"// Layer {l} (output): {fanIn} → {fanOut}, f = s W a + b");
                        WriteRowTiles(w, fanOut, (rows, j) =>
                            $"{Tiles(v)}.ForwardLinear<{Count(rows)}, TV>(ref {Unsafe}.Add(ref p, {layout.WeightOffset(l)} + {j} * {fanIn}), {fanIn}, {input}, "
                            + $"ref {Unsafe}.Add(ref p, {layout.BiasOffset(l)} + {j}), {scale}, ref {Unsafe}.Add(ref y, {j} * {block}), blocks, PanelLength);");
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
            using (w.WriteBlock($"private static void BackwardLayers<TV>(ref {t} p, ref {t} x, ref {t} e, nint blocks) {CountConstraint("TV")}"))
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
                        => $"{Tiles(v)}.Backward<{Count(rows)}, TV>({weights}, {stride}, {above}, {Row("e", layout.DeltaOffset(l + 1), block)}, {scale}, "
                            + $"ref {Unsafe}.Add(ref x, ({derivativeRows + layout.DerivativeOffset(l)} + {j}) * {block}), ref {Unsafe}.Add(ref e, ({layout.DeltaOffset(l)} + {j}) * {block}), blocks, PanelLength);";
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
                        w.WriteLine($"{Tiles(v)}.PackColumns(ref {Unsafe}.Add(ref p, {layout.WeightOffset(l + 1)} + j0), {width}, {above}, {StripColumns}, ref strip);");
                        WriteRowTiles(w, StripColumns, (rows, j) => Tile(rows, $"j0 + {j}", $"ref {Unsafe}.Add(ref strip, {j})", StripColumns));
                    }
                    if (rest > 0)
                    {
                        string j0 = (strips * StripColumns).ToString(CultureInfo.InvariantCulture);
                        w.WriteLine($"{Tiles(v)}.PackColumns(ref {Unsafe}.Add(ref p, {layout.WeightOffset(l + 1)} + {j0}), {width}, {above}, {rest}, ref strip);");
                        WriteRowTiles(w, rest, (rows, j) => Tile(rows, $"{j0} + {j}", $"ref {Unsafe}.Add(ref strip, {j})", StripColumns));
                    }
                }
            }
            if (packedRows == 0) return;

            w.WriteLine();
            w.WriteLine("/// <summary>This thread's strip buffer for the backward pass: a strip of W's columns, contiguous.</summary>");
            w.WriteLine("[global::System.ThreadStatic]");
            w.WriteLine($"private static {t}[]? t_strip;");
        }

        private static void WriteGramTile(IndentedTextWriter w, KernelFlavor flavor, VectorShape v)
        {
            string t = flavor.Element;
            w.WriteLine();
            w.WriteLine("/// <inheritdoc/>");
            w.WriteLine($"protected override void GramLayerTile(int rows, int vectors, ref {t} a1, ref {t} a2, nint k, ref {t} e1, ref {t} e2, nint kd, nint segments, nint segmentStride, {t} s2, int mode, bool includeBiases, ref {t} w, ref {t} b, nint stride)");
            w.WriteLine($"    => {Tiles(v)}.GramTile(rows, vectors, ref a1, ref a2, k, ref e1, ref e2, kd, segments, segmentStride, s2, mode, includeBiases, ref w, ref b, stride);");
        }

        /// <summary>
        /// Calls <paramref name="method"/><c>&lt;CountV&gt;</c> over the block's vectors in groups of at most 4 (2 with 16
        /// registers); <paramref name="arguments"/> has <c>{0}</c> for <c>Unsafe</c> and uses <c>column</c>.
        /// </summary>
        private static void WriteColumnSplit(IndentedTextWriter w, VectorShape v, string method, string arguments)
        {
            string args = string.Format(CultureInfo.InvariantCulture, arguments, Unsafe);
            w.WriteLine($"int widest = {Tiles(v)}.ManyRegisters ? {BlockVectors} : {BlockVectors / 2};");
            using (w.WriteBlock("for (int start = 0; start < vectors; start += widest)"))
            {
                w.WriteLine($"nint column = start * {v.Lanes};");
                using (w.WriteBlock("switch (global::System.Math.Min(widest, vectors - start))"))
                {
                    for (int c = 1; c < BlockVectors; c++) w.WriteLine($"case {c}: {method}<{Count(c)}>({args}); break;");
                    w.WriteLine($"default: {method}<{Count(BlockVectors)}>({args}); break;");
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

        /// <summary>A reference to panel row <paramref name="row"/> of <paramref name="reference"/>.</summary>
        private static string Row(string reference, int row, int block)
            => row == 0 ? $"ref {reference}" : $"ref {Unsafe}.Add(ref {reference}, {row * block})";

        /// <summary>The forward scale s_l of a layer with fan-in <paramref name="fanIn"/>: 1, or σ_w/√n in NTK parametrization.</summary>
        private static double Scale(NetworkDeclaration network, int fanIn)
            => network.NtkParametrization ? Math.Sqrt(network.SigmaW2 / fanIn) : 1.0;
    }
}
