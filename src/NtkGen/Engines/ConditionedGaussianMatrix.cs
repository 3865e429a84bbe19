using NtkGen.Random;

namespace NtkGen.Engines;

/// <summary>
/// A Gaussian matrix <c>W</c> (<see cref="Rows"/> × <see cref="Columns"/>, iid <c>N(0, s²)</c>) that is never drawn: each
/// product <c>W v</c> or <c>Wᵀ d</c> is sampled from its exact law given every earlier product of this matrix (THEORY.md §7),
/// so a sequence of products, each chosen from the results before it, has the joint law it has with a real matrix.
/// </summary>
/// <remarks>
/// What is known of <c>W</c> is kept in two orthonormal bases: <c>e_i</c> of the vectors multiplied so far, with their
/// images <c>W e_i</c>, and <c>f_j</c> of the vectors multiplied from the left, with <c>Wᵀ f_j</c>. The rest of <c>W</c>, the
/// block between the orthogonal complements of the two spans, is iid <c>N(0, s²)</c> and independent of everything known.
/// A new vector is split into its part in the span (a known product) and a unit vector <c>e</c> orthogonal to it, whose
/// image is the known <c>Σ_j (Wᵀf_j · e) f_j</c> plus fresh noise projected off the <c>f_j</c>. Projections are done twice
/// (classical Gram–Schmidt loses orthogonality once, rarely twice), and a vector whose part outside the span is at rounding
/// level gets no noise: it is in the span. Work per product: <c>O((m + n)(p + q))</c> for <c>p</c>, <c>q</c> known
/// directions, and <c>m</c> or <c>n</c> normals; buffers grow only while the spans do. The normals are those the
/// brute-force engine draws its weights with (<see cref="PhiloxNormals"/>: vectorized, single-precision values), so
/// both engines sample the same law, and drawing them costs little beside the products.
/// </remarks>
public sealed class ConditionedGaussianMatrix : ILayerProducts
{
    /// <summary>A vector's part outside the span below this fraction of its norm is taken as rounding: no new direction.</summary>
    private const double InSpan = 1e-10;

    /// <summary>Rows of a block orthogonalized one by one; the panels of them are orthogonalized against each other in matrix products.</summary>
    private const int Panel = 4;

    private readonly double _deviation;
    private ulong _seed, _stream, _drawn;

    // Rows of length Columns: the orthonormal e_i, and the known Wᵀ f_j.
    private double[] _inputBasis = [], _transposedImages = [];
    // Rows of length Rows: the known W e_i, and the orthonormal f_j.
    private double[] _images = [], _outputBasis = [];
    private double[] _coefficients = [];
    // Block products: the rows' residuals, their coefficients along the known basis and along the new directions, one pass's coefficients.
    private double[] _block = [], _blockKnown = [], _blockNew = [], _blockPass = [];
    private readonly double[] _residualColumns, _residualRows;

    /// <summary>
    /// An <paramref name="rows"/> × <paramref name="columns"/> matrix of iid <c>N(0, variance)</c> entries, its noise from
    /// stream <paramref name="stream"/> of Philox key <paramref name="seed"/>.
    /// </summary>
    public ConditionedGaussianMatrix(int rows, int columns, double variance, ulong seed, ulong stream)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        if (!(variance >= 0) || double.IsInfinity(variance)) throw new ArgumentOutOfRangeException(nameof(variance), variance, "The variance must be finite and not negative.");
        Rows = rows;
        Columns = columns;
        _deviation = Math.Sqrt(variance);
        _seed = seed;
        _stream = stream;
        _residualColumns = new double[columns];
        _residualRows = new double[rows];
    }

    /// <summary>Rows m of W.</summary>
    public int Rows { get; }

    /// <summary>Columns n of W.</summary>
    public int Columns { get; }

    /// <summary>Dimension of the span of the vectors multiplied from the right so far.</summary>
    public int InputRank { get; private set; }

    /// <summary>Dimension of the span of the vectors multiplied from the left so far.</summary>
    public int OutputRank { get; private set; }

    /// <summary>Forgets every product: a new, independent matrix whose noise comes from stream <paramref name="stream"/> of key <paramref name="seed"/> (the buffers stay).</summary>
    public void Reset(ulong seed, ulong stream)
    {
        _seed = seed;
        _stream = stream;
        _drawn = 0;
        InputRank = OutputRank = 0;
    }

    /// <summary><paramref name="result"/> = <c>W v</c>, sampled given every earlier product.</summary>
    public void Multiply(ReadOnlySpan<double> v, Span<double> result)
    {
        if (v.Length != Columns || result.Length != Rows) throw new ArgumentException($"W is {Rows} × {Columns}: v needs {Columns} values and the result {Rows}.");
        if (Product(v, result, ref _inputBasis, ref _images, InputRank, _outputBasis, _transposedImages, OutputRank, _residualColumns, _residualRows, Columns, Rows))
            InputRank++;
    }

    /// <summary><paramref name="result"/> = <c>Wᵀ d</c>, sampled given every earlier product.</summary>
    public void MultiplyTransposed(ReadOnlySpan<double> d, Span<double> result)
    {
        if (d.Length != Rows || result.Length != Columns) throw new ArgumentException($"W is {Rows} × {Columns}: d needs {Rows} values and the result {Columns}.");
        if (Product(d, result, ref _outputBasis, ref _transposedImages, OutputRank, _inputBasis, _images, InputRank, _residualRows, _residualColumns, Rows, Columns))
            OutputRank++;
    }

    /// <summary>
    /// <paramref name="results"/> = <c>W V</c> for the block <paramref name="vectors"/> (rows of length <see cref="Columns"/>;
    /// results rows of length <see cref="Rows"/>): the same law, and to rounding the same numbers, as <see cref="Multiply"/>
    /// on each row in turn, in matrix products instead of vector passes.
    /// </summary>
    public void MultiplyBlock(ReadOnlySpan<double> vectors, Span<double> results)
    {
        int count = vectors.Length / Columns;
        if (vectors.Length != count * Columns || results.Length != count * Rows)
            throw new ArgumentException($"W is {Rows} × {Columns}: give rows of {Columns} values and as many result rows of {Rows}.");
        InputRank = BlockProduct(vectors, count, results, ref _inputBasis, ref _images, InputRank, _outputBasis, _transposedImages, OutputRank, Columns, Rows);
    }

    /// <summary><paramref name="results"/> = <c>Wᵀ D</c> for the block <paramref name="vectors"/> (rows of length <see cref="Rows"/>), as <see cref="MultiplyTransposed"/> on each row in turn.</summary>
    public void MultiplyTransposedBlock(ReadOnlySpan<double> vectors, Span<double> results)
    {
        int count = vectors.Length / Rows;
        if (vectors.Length != count * Rows || results.Length != count * Columns)
            throw new ArgumentException($"W is {Rows} × {Columns}: give rows of {Rows} values and as many result rows of {Columns}.");
        OutputRank = BlockProduct(vectors, count, results, ref _outputBasis, ref _transposedImages, OutputRank, _inputBasis, _images, InputRank, Rows, Columns);
    }

    /// <summary>
    /// A block of <paramref name="k"/> products on one side (the arguments as in <see cref="Product"/>); returns the new rank.
    /// The rows are split as in <see cref="Product"/>, all against the known basis at once (classical Gram–Schmidt, twice),
    /// then each against the new directions of the rows before it; the new directions' images are sampled together, their
    /// normals the ones the vector products would draw, in the same order.
    /// </summary>
    private int BlockProduct(ReadOnlySpan<double> x, int k, Span<double> result, ref double[] basis, ref double[] images, int rank,
        double[] otherBasis, double[] otherImages, int otherRank, int n, int m)
    {
        Grow(ref _block, k * n);
        Grow(ref _blockKnown, k * Math.Max(rank, 1));
        Grow(ref _blockPass, k * Math.Max(Math.Max(rank, otherRank), k));
        Grow(ref _blockNew, k * k);
        var r = _block.AsSpan(0, k * n);
        x.CopyTo(r);

        // Along the known basis: C = Σ of two passes of (R Bᵀ, R −= (R Bᵀ) B).
        var known = _blockKnown.AsSpan(0, k * rank);
        var pass = _blockPass.AsSpan(0, k * rank);
        known.Clear();
        for (int twice = 0; twice < 2 && rank > 0; twice++)
        {
            BlockProducts.Dots(r, k, basis, rank, n, pass);
            BlockProducts.AddCombinations(r, k, n, pass, rank, rank, basis, -1);
            System.Numerics.Tensors.TensorPrimitives.Add(known, pass, known);
        }
        result.Clear();
        BlockProducts.AddCombinations(result, k, m, known, rank, rank, images, 1);

        // New directions, each row against those of the rows before it: in panels of a few rows, a panel against the
        // directions of the panels before it as one product, then row by row within the panel.
        Grow(ref basis, (rank + k) * n);
        Grow(ref images, (rank + k) * m);
        var coefficients = _blockNew.AsSpan(0, k * k);
        coefficients.Clear();
        int added = 0;
        for (int first = 0; first < k; first += Panel)
        {
            int rows = Math.Min(Panel, k - first);
            var panel = r.Slice(first * n, rows * n);
            if (added > 0)
            {
                var earlier = basis.AsSpan(rank * n, added * n);
                var c = _blockPass.AsSpan(0, rows * added);
                for (int twice = 0; twice < 2; twice++)
                {
                    BlockProducts.Dots(panel, rows, earlier, added, n, c);
                    BlockProducts.AddCombinations(panel, rows, n, c, added, added, earlier, -1);
                    for (int j = 0; j < rows; j++)
                        System.Numerics.Tensors.TensorPrimitives.Add(coefficients.Slice((first + j) * k, added), c.Slice(j * added, added), coefficients.Slice((first + j) * k, added));
                }
            }
            int panelStart = added;
            for (int j = first; j < first + rows; j++)
            {
                var row = r.Slice(j * n, n);
                for (int twice = 0; twice < 2; twice++)
                {
                    for (int i = panelStart; i < added; i++)
                    {
                        var e = basis.AsSpan((rank + i) * n, n);
                        double c = Dot(e, row);
                        coefficients[j * k + i] += c;
                        Axpy(-c, e, row);
                    }
                }
                double outside = Norm(row);
                if (!(outside > InSpan * Norm(x.Slice(j * n, n))) || rank + added == n) continue;
                Scale(1 / outside, row);
                row.CopyTo(basis.AsSpan((rank + added) * n, n));
                coefficients[j * k + added] = outside;
                added++;
            }
        }
        if (added == 0) return rank;

        // Their images: noise off the other basis, plus the known part along it.
        var fresh = images.AsSpan(rank * m, added * m);
        var directions = basis.AsSpan(rank * n, added * n);
        PhiloxNormals.FillScaled(fresh, _seed, _stream, (long)_drawn, 1f);
        _drawn += (ulong)(added * m);
        Scale(_deviation, fresh);
        var other = _blockPass.AsSpan(0, added * otherRank);
        for (int twice = 0; twice < 2 && otherRank > 0; twice++)
        {
            BlockProducts.Dots(fresh, added, otherBasis, otherRank, m, other);
            BlockProducts.AddCombinations(fresh, added, m, other, otherRank, otherRank, otherBasis, -1);
        }
        if (otherRank > 0)
        {
            BlockProducts.Dots(directions, added, otherImages, otherRank, n, other);
            BlockProducts.AddCombinations(fresh, added, m, other, otherRank, otherRank, otherBasis, 1);
        }
        BlockProducts.AddCombinations(result, k, m, coefficients, k, added, fresh, 1);
        return rank + added;
    }

    /// <summary>
    /// One product, written once for both sides: <paramref name="x"/> (length <paramref name="n"/>) against the basis
    /// <paramref name="basis"/> of this side (<paramref name="rank"/> rows) with its known <paramref name="images"/> (rows of
    /// length <paramref name="m"/>), and the other side's basis <paramref name="otherBasis"/> (rows of length m) with its known
    /// images <paramref name="otherImages"/> (rows of length n). True when <paramref name="x"/> added a direction to the basis.
    /// </summary>
    private bool Product(ReadOnlySpan<double> x, Span<double> result, ref double[] basis, ref double[] images, int rank,
        double[] otherBasis, double[] otherImages, int otherRank, double[] residual, double[] fresh, int n, int m)
    {
        Grow(ref _coefficients, Math.Max(rank, otherRank));
        var coefficients = _coefficients.AsSpan(0, rank);
        var r = residual.AsSpan(0, n);
        x.CopyTo(r);
        coefficients.Clear();
        Project(basis, rank, n, r, coefficients);
        Project(basis, rank, n, r, coefficients);

        // The known part: Σ_i c_i (image of basis vector i).
        result.Clear();
        for (int i = 0; i < rank; i++) Axpy(coefficients[i], images.AsSpan(i * m, m), result);

        double norm = Norm(x), outside = Norm(r);
        if (!(outside > InSpan * norm) || rank == n) return false;

        // A new direction e = r/‖r‖: its image is Σ_j (otherImage_j · e) otherBasis_j plus noise off the other basis.
        Span<double> e = r;
        Scale(1 / outside, e);
        var image = fresh.AsSpan(0, m);
        PhiloxNormals.FillScaled(image, _seed, _stream, (long)_drawn, 1f);
        _drawn += (ulong)m;
        Scale(_deviation, image);
        // The coefficients of the known part are used: their buffer takes the noise's (unused) components.
        var unused = _coefficients.AsSpan(0, otherRank);
        Project(otherBasis, otherRank, m, image, unused);
        Project(otherBasis, otherRank, m, image, unused);
        for (int j = 0; j < otherRank; j++) Axpy(Dot(otherImages.AsSpan(j * n, n), e), otherBasis.AsSpan(j * m, m), image);
        Axpy(outside, image, result);

        Grow(ref basis, (rank + 1) * n);
        Grow(ref images, (rank + 1) * m);
        e.CopyTo(basis.AsSpan(rank * n, n));
        image.CopyTo(images.AsSpan(rank * m, m));
        return true;
    }

    /// <summary>Removes from <paramref name="r"/> its components along the first <paramref name="rank"/> rows of <paramref name="basis"/>, adding them to <paramref name="coefficients"/>.</summary>
    private static void Project(double[] basis, int rank, int n, Span<double> r, Span<double> coefficients)
    {
        for (int i = 0; i < rank; i++)
        {
            var row = basis.AsSpan(i * n, n);
            double c = Dot(row, r);
            coefficients[i] += c;
            Axpy(-c, row, r);
        }
    }

    private static void Grow(ref double[] buffer, int length)
    {
        if (buffer.Length < length) Array.Resize(ref buffer, Math.Max(2 * buffer.Length, length));
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);

    private static double Norm(ReadOnlySpan<double> a) => System.Numerics.Tensors.TensorPrimitives.Norm(a);

    private static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y) => System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(x, a, y, y);

    private static void Scale(double a, Span<double> x) => System.Numerics.Tensors.TensorPrimitives.Multiply(x, a, x);
}
