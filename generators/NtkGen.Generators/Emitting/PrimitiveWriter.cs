using System;
using System.Collections.Generic;
using System.Linq;
using NtkGen.Generators.Models;

namespace NtkGen.Generators.Emitting
{
    /// <summary>
    /// Emits the fixed-width building blocks of one kernel class: dot products, matrix-vector products (plain and
    /// transposed), activations and element-wise products, each specialized for its lengths. Full vectors are unrolled
    /// with several accumulators; a reduction ends with one masked vector over the last elements (never counted
    /// twice), an element-wise operation with one overlapping vector (its inputs and outputs never alias). Layers
    /// narrower than the narrowest vector get scalar code.
    /// </summary>
    internal sealed class PrimitiveWriter
    {
        private const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
        private const string Inline = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]";

        private readonly KernelFlavor _flavor;
        private readonly NetworkDeclaration _network;
        private readonly int _unrollLimit;
        private readonly int _accumulators;
        private readonly SortedDictionary<string, Action<IndentedTextWriter>> _pending = new(StringComparer.Ordinal);
        private readonly HashSet<string> _requested = new(StringComparer.Ordinal);
        private readonly SortedDictionary<string, string> _masks = new(StringComparer.Ordinal);

        public PrimitiveWriter(KernelFlavor flavor, NetworkDeclaration network, int unrollLimit, int accumulators)
        {
            _flavor = flavor;
            _network = network;
            _unrollLimit = unrollLimit;
            _accumulators = accumulators;
        }

        private string T => _flavor.Element;

        /// <summary><c>Σ x_i y_i</c> over <paramref name="length"/> elements.</summary>
        public string Dot(int length) => Request($"Dot{length}", w => WriteDot(w, length));

        /// <summary><c>z = s W x + b</c> for a <paramref name="rows"/> × <paramref name="columns"/> row-major W.</summary>
        public string MatVec(int rows, int columns, double scale) => Request($"MatVec{rows}x{columns}", w => WriteMatVec(w, rows, columns, scale));

        /// <summary><c>g = s Wᵀ δ</c> for a <paramref name="rows"/> × <paramref name="columns"/> row-major W.</summary>
        public string MatTVec(int rows, int columns, double scale) => Request($"MatTVec{rows}x{columns}", w => WriteMatTVec(w, rows, columns, scale));

        /// <summary><c>a = φ(z)</c>, <c>d = φ'(z)</c> for the piecewise-linear activations.</summary>
        public string Activate(int length) => Request($"Activate{length}", w => WriteActivate(w, length));

        /// <summary><c>r = x ⊙ y</c>.</summary>
        public string Multiply(int length) => Request($"Multiply{length}", w => WriteElementwise(w, $"Multiply{length}", length,
            $"ref {T} x, ref {T} y, ref {T} result",
            v => v is null ? $"{Unsafe}.Add(ref result, i) = {Unsafe}.Add(ref x, i) * {Unsafe}.Add(ref y, i);" : null,
            (v, o) => v.Store($"{v.Load("x", o)} * {v.Load("y", o)}", "result", o)));

        /// <summary><c>r = c x</c>.</summary>
        public string Scale(int length) => Request($"Scale{length}", w => WriteElementwise(w, $"Scale{length}", length,
            $"ref {T} x, {T} c, ref {T} result",
            v => v is null ? $"{Unsafe}.Add(ref result, i) = c * {Unsafe}.Add(ref x, i);" : $"var cv = {v.Static}.Create(c);",
            (v, o) => v.Store($"{v.Load("x", o)} * cv", "result", o)));

        /// <summary>Writes every requested primitive (and what they use), then the tail masks.</summary>
        public void WriteAll(IndentedTextWriter writer)
        {
            var written = new HashSet<string>(StringComparer.Ordinal);
            while (true)
            {
                var next = _pending.Keys.FirstOrDefault(k => !written.Contains(k));
                if (next is null) break;
                written.Add(next);
                writer.WriteLine();
                _pending[next](writer);
            }
            foreach (var mask in _masks)
            {
                writer.WriteLine();
                writer.WriteLine($"/// <summary>Zero in the lanes a final overlapping load has already counted.</summary>");
                writer.WriteLine($"private static readonly {mask.Value};");
            }
        }

        private string Request(string name, Action<IndentedTextWriter> write)
        {
            if (_requested.Add(name)) _pending[name] = write;
            return name;
        }

        /// <summary>A mask keeping the last <paramref name="remainder"/> lanes of <paramref name="vector"/>.</summary>
        private string TailMask(VectorShape vector, int remainder)
        {
            string name = $"TailMask{vector.Bits}Keep{remainder}";
            string integer = _flavor.ElementBytes == 4 ? "int" : "long";
            string suffix = _flavor.ElementBytes == 4 ? "" : "L";
            string reinterpret = _flavor.ElementBytes == 4 ? "AsSingle" : "AsDouble";
            _masks[name] = $"{vector.Type} {name} = {vector.Static}.{reinterpret}({vector.Static}.GreaterThanOrEqual({vector.Static}<{integer}>.Indices, {vector.Static}.Create({vector.Lanes - remainder}{suffix})))";
            return name;
        }

        private string ScaleBy(double scale, string expression) => scale == 1.0 ? expression : $"{_flavor.Literal(scale)} * {expression}";

        private void WriteDot(IndentedTextWriter w, int n)
        {
            var v = _flavor.VectorFor(n);
            w.WriteLine(Inline);
            using (w.WriteBlock($"private static {T} Dot{n}(ref {T} x, ref {T} y)"))
            {
                if (v is null)
                {
                    if (n <= 8)
                    {
                        var terms = Enumerable.Range(0, n).Select(i => $"{Unsafe}.Add(ref x, {i}) * {Unsafe}.Add(ref y, {i})");
                        w.WriteLine($"return {string.Join(" + ", terms)};");
                    }
                    else
                    {
                        w.WriteLine($"{T} sum = 0;");
                        w.WriteLine($"for (nuint i = 0; i < {n}; i++) sum += {Unsafe}.Add(ref x, i) * {Unsafe}.Add(ref y, i);");
                        w.WriteLine("return sum;");
                    }
                    return;
                }
                int full = n / v.Lanes, remainder = n % v.Lanes;
                // Independent chains hide the FMA latency (NtkGenAccumulators, default 4).
                int accumulators = Math.Max(1, Math.Min(_accumulators, full));
                for (int a = 0; a < accumulators; a++) w.WriteLine($"var sum{a} = {v.Type}.Zero;");
                if (full <= _unrollLimit)
                {
                    for (int j = 0; j < full; j++)
                    {
                        string o = (j * v.Lanes).ToString();
                        w.WriteLine($"sum{j % accumulators} = {v.Fma(v.Load("x", o), v.Load("y", o), $"sum{j % accumulators}")};");
                    }
                }
                else
                {
                    int blockEnd = full / accumulators * accumulators * v.Lanes;
                    using (w.WriteBlock($"for (nuint i = 0; i < {blockEnd}; i += {accumulators * v.Lanes})"))
                    {
                        for (int a = 0; a < accumulators; a++)
                        {
                            string o = a == 0 ? "i" : $"i + {a * v.Lanes}";
                            w.WriteLine($"sum{a} = {v.Fma(v.Load("x", o), v.Load("y", o), $"sum{a}")};");
                        }
                    }
                    for (int j = full / accumulators * accumulators; j < full; j++)
                    {
                        string o = (j * v.Lanes).ToString();
                        w.WriteLine($"sum{j % accumulators} = {v.Fma(v.Load("x", o), v.Load("y", o), $"sum{j % accumulators}")};");
                    }
                }
                if (remainder > 0)
                {
                    string o = (n - v.Lanes).ToString();
                    w.WriteLine($"sum0 = {v.Fma($"({v.Load("x", o)} & {TailMask(v, remainder)})", v.Load("y", o), "sum0")};");
                }
                WriteReduction(w, v, "sum", accumulators);
            }
        }

        private static void WriteReduction(IndentedTextWriter w, VectorShape v, string prefix, int count)
        {
            if (count == 2)
            {
                w.WriteLine($"{prefix}0 += {prefix}1;");
            }
            else if (count > 2)
            {
                // A pairwise tree, (s0 + s1) + (s2 + s3) for four: shorter dependency chains than a running sum.
                var terms = Enumerable.Range(0, count).Select(i => prefix + i).ToList();
                while (terms.Count > 1)
                {
                    var next = new List<string>();
                    for (int i = 0; i + 1 < terms.Count; i += 2) next.Add($"({terms[i]} + {terms[i + 1]})");
                    if (terms.Count % 2 == 1) next.Add(terms[terms.Count - 1]);
                    terms = next;
                }
                string sum = terms[0].Substring(1, terms[0].Length - 2);
                w.WriteLine($"{prefix}0 = {sum};");
            }
            w.WriteLine($"return {v.Static}.Sum({prefix}0);");
        }

        private void WriteMatVec(IndentedTextWriter w, int rows, int columns, double scale)
        {
            var v = _flavor.VectorFor(columns);
            string dot = Dot(columns);
            using (w.WriteBlock($"private static void MatVec{rows}x{columns}(ref {T} w, ref {T} x, ref {T} b, ref {T} z)"))
            {
                int blockedRows = v is null ? 0 : rows / 4 * 4;
                if (blockedRows > 0)
                {
                    // Four rows at once: every load of x feeds four independent accumulator chains (eight with two per row).
                    int full = columns / v!.Lanes, remainder = columns % v.Lanes;
                    bool twoPerRow = full >= 2;
                    if (remainder > 0) w.WriteLine($"var xTail = {v.Load("x", (columns - v.Lanes).ToString())} & {TailMask(v, remainder)};");
                    using (w.WriteBlock($"for (nuint i = 0; i < {blockedRows}; i += 4)"))
                    {
                        w.WriteLine($"ref {T} w0 = ref {Unsafe}.Add(ref w, i * {columns});");
                        for (int r = 1; r < 4; r++) w.WriteLine($"ref {T} w{r} = ref {Unsafe}.Add(ref w0, {r * columns});");
                        for (int r = 0; r < 4; r++)
                        {
                            w.WriteLine($"var even{r} = {v.Type}.Zero;");
                            if (twoPerRow) w.WriteLine($"var odd{r} = {v.Type}.Zero;");
                        }
                        w.WriteLine($"{v.Type} xv;");
                        void Step(string offset, bool odd)
                        {
                            w.WriteLine($"xv = {v.Load("x", offset)};");
                            for (int r = 0; r < 4; r++)
                            {
                                string acc = (odd ? "odd" : "even") + r;
                                w.WriteLine($"{acc} = {v.Fma(v.Load("w" + r, offset), "xv", acc)};");
                            }
                        }
                        if (full <= _unrollLimit)
                        {
                            for (int j = 0; j < full; j++) Step((j * v.Lanes).ToString(), twoPerRow && j % 2 == 1);
                        }
                        else
                        {
                            using (w.WriteBlock($"for (nuint j = 0; j < {full / 2 * 2 * v.Lanes}; j += {2 * v.Lanes})"))
                            {
                                Step("j", false);
                                Step($"j + {v.Lanes}", true);
                            }
                            if (full % 2 == 1) Step(((full - 1) * v.Lanes).ToString(), false);
                        }
                        if (remainder > 0)
                        {
                            for (int r = 0; r < 4; r++)
                                w.WriteLine($"even{r} = {v.Fma(v.Load("w" + r, (columns - v.Lanes).ToString()), "xTail", "even" + r)};");
                        }
                        for (int r = 0; r < 4; r++)
                        {
                            string sum = twoPerRow ? $"{v.Static}.Sum(even{r} + odd{r})" : $"{v.Static}.Sum(even{r})";
                            string index = r == 0 ? "i" : $"i + {r}";
                            w.WriteLine($"{Unsafe}.Add(ref z, {index}) = {ScaleBy(scale, sum)} + {Unsafe}.Add(ref b, {index});");
                        }
                    }
                }
                if (rows - blockedRows > 0 && rows - blockedRows <= 4)
                {
                    for (int r = blockedRows; r < rows; r++)
                        w.WriteLine($"{Unsafe}.Add(ref z, {r}) = {ScaleBy(scale, $"{dot}(ref {Unsafe}.Add(ref w, {r * columns}), ref x)")} + {Unsafe}.Add(ref b, {r});");
                }
                else if (rows - blockedRows > 0)
                {
                    using (w.WriteBlock($"for (nuint i = {blockedRows}; i < {rows}; i++)"))
                        w.WriteLine($"{Unsafe}.Add(ref z, i) = {ScaleBy(scale, $"{dot}(ref {Unsafe}.Add(ref w, i * {columns}), ref x)")} + {Unsafe}.Add(ref b, i);");
                }
            }
        }

        private void WriteMatTVec(IndentedTextWriter w, int rows, int columns, double scale)
        {
            var v = _flavor.VectorFor(columns);
            using (w.WriteBlock($"private static void MatTVec{rows}x{columns}(ref {T} w, ref {T} delta, ref {T} result)"))
            {
                if (v is null)
                {
                    w.WriteLine($"for (nuint j = 0; j < {columns}; j++) {Unsafe}.Add(ref result, j) = 0;");
                    using (w.WriteBlock($"for (nuint i = 0; i < {rows}; i++)"))
                    {
                        w.WriteLine($"{T} d = {Unsafe}.Add(ref delta, i);");
                        w.WriteLine($"ref {T} row = ref {Unsafe}.Add(ref w, i * {columns});");
                        w.WriteLine($"for (nuint j = 0; j < {columns}; j++) {Unsafe}.Add(ref result, j) += {Unsafe}.Add(ref row, j) * d;");
                    }
                    if (scale != 1.0) w.WriteLine($"for (nuint j = 0; j < {columns}; j++) {Unsafe}.Add(ref result, j) *= {_flavor.Literal(scale)};");
                    return;
                }

                // Column vectors of the result, the last one overlapping when the width is not a multiple of the lanes.
                var offsets = Enumerable.Range(0, columns / v.Lanes).Select(j => j * v.Lanes).ToList();
                if (columns % v.Lanes != 0) offsets.Add(columns - v.Lanes);
                const int GroupSize = 8;
                for (int start = 0; start < offsets.Count; start += GroupSize)
                {
                    var group = offsets.Skip(start).Take(GroupSize).ToList();
                    // Few columns: split the rows in two phases so that two accumulator chains hide the FMA latency.
                    bool twoPhases = group.Count <= 2 && rows >= 2;
                    using (w.WriteBlock())
                    {
                        for (int c = 0; c < group.Count; c++)
                        {
                            w.WriteLine($"var even{c} = {v.Type}.Zero;");
                            if (twoPhases) w.WriteLine($"var odd{c} = {v.Type}.Zero;");
                        }
                        int loopRows = twoPhases ? rows / 2 * 2 : rows;
                        using (w.WriteBlock($"for (nuint i = 0; i < {loopRows}; i += {(twoPhases ? 2 : 1)})"))
                        {
                            w.WriteLine($"var d = {v.Static}.Create({Unsafe}.Add(ref delta, i));");
                            w.WriteLine($"ref {T} row = ref {Unsafe}.Add(ref w, i * {columns});");
                            for (int c = 0; c < group.Count; c++)
                                w.WriteLine($"even{c} = {v.Fma(v.Load("row", group[c].ToString()), "d", "even" + c)};");
                            if (twoPhases)
                            {
                                w.WriteLine($"var dNext = {v.Static}.Create({Unsafe}.Add(ref delta, i + 1));");
                                w.WriteLine($"ref {T} rowNext = ref {Unsafe}.Add(ref row, {columns});");
                                for (int c = 0; c < group.Count; c++)
                                    w.WriteLine($"odd{c} = {v.Fma(v.Load("rowNext", group[c].ToString()), "dNext", "odd" + c)};");
                            }
                        }
                        if (twoPhases && rows % 2 == 1)
                        {
                            w.WriteLine($"var dLast = {v.Static}.Create({Unsafe}.Add(ref delta, {rows - 1}));");
                            for (int c = 0; c < group.Count; c++)
                                w.WriteLine($"even{c} = {v.Fma(v.Load($"{Unsafe}.Add(ref w, {(rows - 1) * columns})", group[c].ToString()), "dLast", "even" + c)};");
                        }
                        for (int c = 0; c < group.Count; c++)
                        {
                            string sum = twoPhases ? $"(even{c} + odd{c})" : $"even{c}";
                            string scaled = scale == 1.0 ? sum : $"({sum} * {v.Static}.Create({_flavor.Literal(scale)}))";
                            w.WriteLine(v.Store(scaled, "result", group[c].ToString()));
                        }
                    }
                }
            }
        }

        private void WriteActivate(IndentedTextWriter w, int n)
        {
            // The operator's scalar and vector forms, inlined by the JIT: the formulas live in the runtime only.
            string op = _network.Activation.Operator;
            string slope = _flavor.Literal(_network.LeakySlope);
            WriteElementwise(w, $"Activate{n}", n, $"ref {T} z, ref {T} a, ref {T} d",
                v => v is null
                    ? $"{T} value = {Unsafe}.Add(ref z, i); {Unsafe}.Add(ref a, i) = {op}.Value(value, ({T}){slope}); {Unsafe}.Add(ref d, i) = {op}.Derivative(value, ({T}){slope});"
                    : $"var slope = {v.Static}.Create(({T}){slope});",
                (v, o) =>
                {
                    string ops = $"{v.Element}, {v.Type}, global::NtkGen.Kernels.Vector{v.Bits}Ops<{v.Element}>";
                    return "{ " + $"var value = {v.Load("z", o)}; "
                        + v.Store($"{op}.Value<{ops}>(value, slope)", "a", o) + " "
                        + v.Store($"{op}.Derivative<{ops}>(value, slope)", "d", o) + " }";
                });
        }

        /// <summary>
        /// An element-wise loop over <paramref name="n"/> elements. <paramref name="setup"/> gives, for a vector, a line
        /// before the loop (or null) and, for <see langword="null"/> (scalar code), the body of a loop over <c>i</c>.
        /// </summary>
        private void WriteElementwise(IndentedTextWriter w, string name, int n, string parameters, Func<VectorShape?, string?> setup, Func<VectorShape, string, string> body)
        {
            var v = _flavor.VectorFor(n);
            w.WriteLine(Inline);
            using (w.WriteBlock($"private static void {name}({parameters})"))
            {
                if (v is null)
                {
                    using (w.WriteBlock($"for (nuint i = 0; i < {n}; i++)")) w.WriteLine(setup(null)!);
                    return;
                }
                var before = setup(v);
                if (before is not null) w.WriteLine(before);
                int full = n / v.Lanes;
                if (full <= _unrollLimit)
                {
                    for (int j = 0; j < full; j++) w.WriteLine(body(v, (j * v.Lanes).ToString()));
                }
                else
                {
                    using (w.WriteBlock($"for (nuint i = 0; i < {full * v.Lanes}; i += {v.Lanes})")) w.WriteLine(body(v, "i"));
                }
                if (n % v.Lanes != 0) w.WriteLine(body(v, (n - v.Lanes).ToString()));
            }
        }
    }
}
