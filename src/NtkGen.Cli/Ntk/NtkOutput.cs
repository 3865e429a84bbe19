using System.Numerics;
using NtkGen.IO;

namespace NtkGen.Cli.Ntk;

/// <summary>
/// Where <c>ntkgen ntk</c> writes an array of a given shape, piece by piece in C order: a <c>.npy</c> file through a memory
/// map, a CSV file, or CSV on standard output (one line per first index). Files are written under a temporary name and
/// take their own name only when complete, so that a failed or killed run leaves no partial result under it.
/// </summary>
internal abstract class NtkOutput<T> : IDisposable
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Opens the output for an array of <paramref name="shape"/> at <paramref name="path"/> (null: standard output).</summary>
    public static NtkOutput<T> Open(string? path, long[] shape, TextWriter standardOutput)
        => path is null ? new CsvOutput(standardOutput, shape, null)
            : MatrixFile.IsNpy(path) ? new NpyOutput(path, shape)
            : new CsvOutput(null, shape, path);

    /// <summary>Writes the next <paramref name="values"/>, which follow the ones written before in C order.</summary>
    public abstract void Write(ReadOnlySpan<T> values);

    /// <summary>Gives a file its name: everything is written.</summary>
    public abstract void Complete();

    /// <inheritdoc/>
    public abstract void Dispose();

    /// <summary>The temporary name of a file being written.</summary>
    protected static string Partial(string path) => path + ".partial";

    private sealed class NpyOutput(string path, long[] shape) : NtkOutput<T>
    {
        private readonly MappedNpy<T> _file = NpyFile.Create<T>(Partial(path), shape);
        private long _written;
        private bool _complete;

        public override void Write(ReadOnlySpan<T> values)
        {
            _file.Write(_written, values);
            _written += values.Length;
        }

        public override void Complete()
        {
            _file.Dispose();
            File.Move(Partial(path), path, overwrite: true);
            _complete = true;
        }

        public override void Dispose()
        {
            if (_complete) return;
            _file.Dispose();
            File.Delete(Partial(path));
        }
    }

    private sealed class CsvOutput : NtkOutput<T>
    {
        private readonly string? _path;
        private readonly StreamWriter? _file;
        private readonly MatrixCsvWriter _writer;
        private readonly int _lineLength;
        private bool _complete;

        public CsvOutput(TextWriter? standardOutput, long[] shape, string? path)
        {
            _path = path;
            long lineLength = 1;
            for (int d = 1; d < shape.Length; d++) lineLength *= shape[d];
            _lineLength = checked((int)lineLength);
            if (path is not null) _file = new StreamWriter(Partial(path), append: false, new System.Text.UTF8Encoding(false), 1 << 20);
            _writer = new MatrixCsvWriter(_file ?? standardOutput!);
        }

        public override void Write(ReadOnlySpan<T> values) => _writer.WriteRows(values, values.Length / _lineLength, _lineLength);

        public override void Complete()
        {
            _writer.Dispose();
            if (_file is null) return;
            _file.Dispose();
            File.Move(Partial(_path!), _path!, overwrite: true);
            _complete = true;
        }

        public override void Dispose()
        {
            if (_file is null || _complete) return;
            _file.Dispose();
            File.Delete(Partial(_path!));
        }
    }
}
