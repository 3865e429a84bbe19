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
/// directions, and <c>m</c> or <c>n</c> normals; buffers grow only while the spans do.
/// </remarks>
public sealed class ConditionedGaussianMatrix
{
    /// <summary>A vector's part outside the span below this fraction of its norm is taken as rounding: no new direction.</summary>
    private const double InSpan = 1e-10;

    private readonly double _deviation;
    private GaussianStream _noise;
    private ulong _drawn;

    // Rows of length Columns: the orthonormal e_i, and the known Wᵀ f_j.
    private double[] _inputBasis = [], _transposedImages = [];
    // Rows of length Rows: the known W e_i, and the orthonormal f_j.
    private double[] _images = [], _outputBasis = [];
    private double[] _coefficients = [];
    private readonly double[] _residualColumns, _residualRows;

    /// <summary>An <paramref name="rows"/> × <paramref name="columns"/> matrix of iid <c>N(0, variance)</c> entries, its noise from <paramref name="noise"/>.</summary>
    public ConditionedGaussianMatrix(int rows, int columns, double variance, GaussianStream noise)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        if (!(variance >= 0) || double.IsInfinity(variance)) throw new ArgumentOutOfRangeException(nameof(variance), variance, "The variance must be finite and not negative.");
        Rows = rows;
        Columns = columns;
        _deviation = Math.Sqrt(variance);
        _noise = noise;
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

    /// <summary>Forgets every product: a new, independent matrix whose noise comes from <paramref name="noise"/> (the buffers stay).</summary>
    public void Reset(GaussianStream noise)
    {
        _noise = noise;
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
        _noise.Fill(image, _drawn, _deviation);
        _drawn += (ulong)m;
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
