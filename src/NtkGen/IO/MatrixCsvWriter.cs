using System.Buffers;
using System.Globalization;
using System.Numerics;
using NtkGen.Kernels;

namespace NtkGen.IO;

/// <summary>
/// Rows of numbers to CSV, in their shortest round-trip form, a piece at a time. Formatting the numbers is all the cost,
/// so the values are formatted on every core, each part of them into its own buffer, and the buffers written in order:
/// the text is the same as one value after the other.
/// </summary>
public sealed class MatrixCsvWriter : IDisposable
{
    /// <summary>Values formatted before they are written, whatever the rows' length: a few megabytes of text.</summary>
    private const int BatchValues = 1 << 17;

    /// <summary>Fewer values than this are formatted on one thread (a thread's start costs more).</summary>
    private const int ParallelValues = 1 << 13;

    /// <summary>Characters a value may take: the longest shortest round-trip double, "-2.2250738585072014E-308", is 24.</summary>
    private const int ValueChars = 32;

    private readonly TextWriter _writer;

    /// <summary>A writer onto <paramref name="writer"/>, which it leaves open.</summary>
    public MatrixCsvWriter(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
    }

    /// <summary>Writes <paramref name="rows"/> rows of <paramref name="columns"/> values (row-major).</summary>
    public void WriteRows<T>(ReadOnlySpan<T> values, int rows, int columns)
        where T : IFloatingPointIeee754<T>
        => WriteRows(values, rows, columns, values.Length >= ParallelValues ? KernelThreading.MaxThreads : 1);

    /// <summary>As <see cref="WriteRows{T}(ReadOnlySpan{T}, int, int)"/> on up to <paramref name="threads"/> threads.</summary>
    internal void WriteRows<T>(ReadOnlySpan<T> values, int rows, int columns, int threads)
        where T : IFloatingPointIeee754<T>
    {
        if (values.Length != (long)rows * columns) throw new ArgumentException($"Expected {rows}×{columns} values, got {values.Length}.", nameof(values));
        string newLine = _writer.NewLine;
        if (columns == 0)
        {
            for (int i = 0; i < rows; i++) _writer.Write(newLine);
            return;
        }
        // Several parts a thread, so that a thread held up elsewhere leaves little behind.
        int parts = threads == 1 ? 1 : threads * 4;
        var batch = ArrayPool<T>.Shared.Rent(Math.Min(BatchValues, values.Length));
        var texts = new char[parts][];
        var lengths = new int[parts];
        try
        {
            for (int first = 0; first < values.Length; first += BatchValues)
            {
                int count = Math.Min(BatchValues, values.Length - first), used = Math.Min(parts, count);
                // Copied out of the span, which a thread's delegate cannot hold: at memory speed, beside the formatting.
                values.Slice(first, count).CopyTo(batch);
                KernelThreading.For(used, threads, part =>
                {
                    int from = (int)((long)count * part / used), to = (int)((long)count * (part + 1) / used);
                    int need = (to - from) * (ValueChars + 1 + newLine.Length);
                    if (texts[part] is not { } text || text.Length < need) texts[part] = text = new char[need];
                    lengths[part] = Format(batch.AsSpan(from, to - from), (first + from) % columns, columns, newLine, text);
                });
                for (int part = 0; part < used; part++) _writer.Write(texts[part], 0, lengths[part]);
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(batch);
        }
    }

    /// <summary>
    /// Formats <paramref name="values"/>, the first in column <paramref name="column"/>, into <paramref name="text"/>: a
    /// comma before each but a row's first, a line end after each row's last; the number of characters.
    /// </summary>
    private static int Format<T>(ReadOnlySpan<T> values, int column, int columns, string newLine, Span<char> text)
        where T : IFloatingPointIeee754<T>
    {
        int at = 0;
        foreach (var value in values)
        {
            if (column != 0) text[at++] = ',';
            // The default format of float and double is the shortest text that parses back to the same value.
            if (!value.TryFormat(text[at..], out int written, default, CultureInfo.InvariantCulture))
                throw new InvalidOperationException($"{value} takes more than {ValueChars} characters");
            at += written;
            if (++column < columns) continue;
            newLine.CopyTo(text[at..]);
            at += newLine.Length;
            column = 0;
        }
        return at;
    }

    /// <inheritdoc/>
    public void Dispose() => _writer.Flush();
}
