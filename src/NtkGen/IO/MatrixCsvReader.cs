using System.Buffers;
using System.Globalization;
using System.Text;
using NtkGen.Kernels;

namespace NtkGen.IO;

/// <summary>
/// Reads a file of numbers (see <see cref="MatrixCsv"/>) straight from its UTF-8 bytes: the file in blocks of whole lines,
/// each block's rows parsed on every core into their place in the matrix. A CSV library reads the same numbers, but in a
/// short run its general machinery (quoting, text decoding, a reader per row) cost more than the numbers, most of it the
/// runtime compiling that machinery; the number parser here is the runtime's own, which comes compiled. Quotes mean
/// nothing in a file of numbers: a cell with one is not a number.
/// </summary>
internal static class MatrixCsvReader
{
    /// <summary>Bytes read at a time (more for a longer line): a file of inputs this size or smaller is one block.</summary>
    private const int BlockBytes = 16 << 20;

    private static readonly SearchValues<byte> LineEnds = SearchValues.Create("\r\n"u8);

    /// <summary>Reads <paramref name="path"/>, <paramref name="blockBytes"/> at a time (tests give small blocks).</summary>
    /// <exception cref="InputFileException">The file is missing, empty or malformed.</exception>
    public static CsvMatrix Read(string path, int blockBytes = BlockBytes)
    {
        var matrix = new Matrix(path);
        FileStream file;
        try
        {
            // Unbuffered: the blocks are the buffer. A pipe or a terminal is read too (its length is not known).
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        }
        catch (Exception e) when (InputFileException.IsFileProblem(e))
        {
            throw InputFileException.From(path, e);
        }
        using (file)
        {
            // One byte more than the file, so that a file that fits is one block.
            long length = file.CanSeek ? file.Length : blockBytes;
            var buffer = new byte[(int)Math.Clamp(length + 1, 4, blockBytes)];
            int held = ReadFull(path, file, buffer), start = 0;
            if (IsUtf16Or32(buffer.AsSpan(0, held)))
            {
                // Decoded whole, as a text reader would have: such a file is rare, and its numbers are the same.
                var whole = new MemoryStream();
                whole.Write(buffer, 0, held);
                file.CopyTo(whole);
                whole.Position = 0;
                byte[] text = Encoding.UTF8.GetBytes(new StreamReader(whole).ReadToEnd());
                matrix.Add(text, 0, text.Length);
                return matrix.Result();
            }
            if (buffer.AsSpan(0, held).StartsWith("\uFEFF"u8)) start = 3;
            while (true)
            {
                // A short read is the end of the file.
                bool end = held < buffer.Length;
                int complete = end ? held - start : WholeLines(buffer.AsSpan(start, held - start));
                matrix.Add(buffer, start, complete);
                if (end) break;
                buffer.AsSpan(start + complete, held - start - complete).CopyTo(buffer);
                held -= start + complete;
                start = 0;
                // No whole line in the buffer: a line longer than it.
                if (complete == 0) Array.Resize(ref buffer, checked(buffer.Length * 2));
                held += ReadFull(path, file, buffer.AsSpan(held));
            }
        }
        return matrix.Result();
    }

    private static bool IsUtf16Or32(ReadOnlySpan<byte> head)
        => head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || head.StartsWith((ReadOnlySpan<byte>)[0, 0, 0xFE, 0xFF]);

    /// <summary>Fills <paramref name="target"/> but at the end of the file; how many bytes it read.</summary>
    private static int ReadFull(string path, FileStream file, Span<byte> target)
    {
        try
        {
            return file.ReadAtLeast(target, target.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (InputFileException.IsFileProblem(e))
        {
            throw InputFileException.From(path, e);
        }
    }

    /// <summary>
    /// The length of the complete lines at the start of <paramref name="data"/>: up to its last line end, but not a final
    /// <c>\r</c>, whose <c>\n</c> may come in the next block.
    /// </summary>
    private static int WholeLines(ReadOnlySpan<byte> data)
    {
        int last = data.LastIndexOfAny(LineEnds);
        if (last >= 0 && last == data.Length - 1 && data[last] == (byte)'\r') last = data[..last].LastIndexOfAny(LineEnds);
        return last + 1;
    }

    /// <summary>A line without values: nothing but white space (as <see cref="string.Trim()"/> counts it).</summary>
    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty) return true;
        if (line[0] is (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'.' || line.Contains((byte)',')) return false;
        return Encoding.UTF8.GetString(line).AsSpan().IsWhiteSpace();
    }

    /// <summary>
    /// A cell's value, or what is wrong with it. The bytes go to the runtime's parser; where it refuses, the text trimmed
    /// of white space (any that <see cref="string.Trim()"/> removes) goes once more, so that a cell is a number exactly
    /// when <see cref="double.TryParse(string, NumberStyles, IFormatProvider, out double)"/> of its trimmed text says so.
    /// </summary>
    private static string? ParseCell(ReadOnlySpan<byte> cell, out double value)
    {
        if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value)) return null;
        string text = Encoding.UTF8.GetString(cell).Trim();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return $"'{text}' is not a number (the file must have no header)";
        return double.IsFinite(value) ? null : $"'{text}' is not a finite number";
    }

    /// <summary>A line of a block: where it is, its number in the file (from 1), and its row in the block (−1: blank).</summary>
    private readonly record struct Line(int Start, int Length, int Number, int Row);

    /// <summary>The matrix being read, a block at a time.</summary>
    private sealed class Matrix(string path)
    {
        private readonly List<double[]> _blocks = [];
        private int _lines, _rows, _columns = -1, _firstLine;

        /// <summary>Parses the lines in <paramref name="length"/> bytes of <paramref name="data"/> from <paramref name="start"/>.</summary>
        /// <exception cref="InputFileException">A line has a cell that is not a finite number, or not as many as the first.</exception>
        public void Add(byte[] data, int start, int length)
        {
            var lines = Split(data.AsSpan(start, length), start, out int rows);
            if (rows == 0) return;
            var values = new double[checked(rows * _columns)];
            if (ParseRows(data, lines, values) is { } problem) throw new InputFileException(path, problem);
            _blocks.Add(values);
            _rows += rows;
        }

        /// <summary>The matrix of every row read.</summary>
        /// <exception cref="InputFileException">There is no row.</exception>
        public CsvMatrix Result()
        {
            if (_rows == 0) throw new InputFileException(path, "no rows (expected one input per line)");
            if (_blocks.Count == 1) return new CsvMatrix(_blocks[0], _rows, _columns);
            var values = new double[checked(_rows * _columns)];
            int at = 0;
            foreach (var block in _blocks)
            {
                block.CopyTo(values, at);
                at += block.Length;
            }
            return new CsvMatrix(values, _rows, _columns);
        }

        /// <summary>
        /// The lines of <paramref name="block"/> (each ended by <c>\n</c>, <c>\r\n</c> or <c>\r</c>), numbered on from the
        /// blocks before; the first line with values sets the number of columns.
        /// </summary>
        private List<Line> Split(ReadOnlySpan<byte> block, int offset, out int rows)
        {
            var lines = new List<Line>();
            int position = 0, row = 0;
            while (position < block.Length)
            {
                int length = block[position..].IndexOfAny(LineEnds);
                if (length < 0) length = block.Length - position;
                var text = block.Slice(position, length);
                _lines++;
                bool blank = IsBlank(text);
                if (!blank && _columns < 0)
                {
                    _columns = text.Count((byte)',') + 1;
                    _firstLine = _lines;
                }
                lines.Add(new Line(offset + position, length, _lines, blank ? -1 : row++));
                position += length + 1;
                if (position < block.Length && block[position - 1] == (byte)'\r' && block[position] == (byte)'\n') position++;
            }
            rows = row;
            return lines;
        }

        /// <summary>Parses the rows on every core, each into its place; the problem of the earliest line that has one.</summary>
        private string? ParseRows(byte[] data, List<Line> lines, double[] values)
        {
            int threads = Math.Min(KernelThreading.MaxThreads, Math.Max(1, values.Length >> 14));
            // Several parts a thread: the network is read meanwhile, and a thread held up by it leaves less behind.
            int parts = Math.Min(lines.Count, threads * 8);
            var problems = new string?[parts];
            KernelThreading.For(parts, threads, part =>
            {
                int from = (int)((long)lines.Count * part / parts), to = (int)((long)lines.Count * (part + 1) / parts);
                for (int i = from; i < to; i++)
                {
                    var line = lines[i];
                    if (line.Row < 0) continue;
                    var target = values.AsSpan(line.Row * _columns, _columns);
                    if (ParseRow(data.AsSpan(line.Start, line.Length), line.Number, target) is not { } problem) continue;
                    problems[part] = problem;
                    return;
                }
            });
            // Each part stopped at its first problem; the parts are in file order. (A loop, not LINQ: nothing more to compile.)
            foreach (var problem in problems)
            {
                if (problem is not null) return problem;
            }
            return null;
        }

        /// <summary>Parses one line into <paramref name="target"/>; what is wrong with it, else null.</summary>
        private string? ParseRow(ReadOnlySpan<byte> text, int number, Span<double> target)
        {
            int cells = text.Count((byte)',') + 1;
            // A cell that is not a number is the first thing said of a line, as for a line of the right length.
            Span<double> scratch = stackalloc double[1];
            for (int c = 0; ; c++)
            {
                int comma = text.IndexOf((byte)',');
                var cell = comma < 0 ? text : text[..comma];
                if (ParseCell(cell, out (cells == _columns ? ref target[c] : ref scratch[0])) is { } problem) return $"line {number}: {problem}";
                if (comma < 0) break;
                text = text[(comma + 1)..];
            }
            return cells == _columns ? null : $"line {number} has {cells} values, line {_firstLine} has {_columns}";
        }
    }
}
