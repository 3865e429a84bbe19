using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using NtkGen.IO;
using NtkGen.Kernels;

namespace NtkGen.Cli.Ntk;

/// <summary>
/// One <c>ntkgen ntk</c> run: reads the network and the inputs, says what it will write and how large it is, refuses
/// before any work when the disk or the memory cannot hold it, computes Θ in strips of rows that fit the memory budget
/// (<see cref="NtkStrips"/>) and writes each strip before computing the next, and ends with the kernel's time beside the
/// whole run's. A non-finite entry of Θ (weights or inputs too large) stops the run with one line and leaves no file.
/// </summary>
internal sealed record NtkJob(string Weights, string Inputs, string? Inputs2, string? Out, Activation Activation, bool Blocks, bool Diagonal, long MemoryBytes)
{
    public int Run<T>(TextWriter output, TextWriter error)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var clock = Stopwatch.StartNew();
        // The files are read side by side (each is mostly the runtime's first use of its parser), the kernel for the
        // network's shape chosen while the inputs are still being read; the inputs' width is checked against the network
        // once both are in.
        var network = Task.Run(() =>
        {
            var parameters = StateDictNetwork.Load<T>(Weights, Activation);
            return (Parameters: parameters, Kernel: KernelRegistry.Resolve<T>(parameters.Spec));
        });
        var first = Task.Run(() => MatrixFile.Read(Inputs));
        var second = Inputs2 is null ? first : Task.Run(() => MatrixFile.Read(Inputs2));
        var (stored, kernel) = Await(network);
        var spec = stored.Spec;
        var x1 = CheckWidth(Inputs, Await(first), spec.InputSize);
        var x2 = Inputs2 is null ? x1 : CheckWidth(Inputs2, Await(second), spec.InputSize);
        int o = spec.OutputSize, entry = Blocks ? o * o : 1, elementBytes = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        long[] shape = (Diagonal, Blocks) switch
        {
            (true, false) => [x1.Rows],
            (true, true) => [x1.Rows, o, o],
            (false, false) => [x1.Rows, x2.Rows],
            _ => [x1.Rows, x2.Rows, o, o],
        };
        long count = shape.Aggregate(1L, (a, b) => a * b);
        var info = Out is null ? error : output;

        // Everything is checked before the first multiply-add.
        int rowsPerStrip = Diagonal ? x1.Rows : NtkStrips.RowsPerStrip(x1.Rows, x2.Rows, entry, elementBytes, MemoryBytes);
        long working = Diagonal ? count * elementBytes : NtkStrips.StripBytes(rowsPerStrip, x2.Rows, entry, elementBytes);
        if (working > MemoryBytes)
            throw new CommandLineError($"one row of Θ against {x2.Rows} inputs needs {Bytes(working)}, more than --memory-mb {MemoryBytes >> 20}");
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (working > available)
            throw new CommandLineError($"Θ's strips need {Bytes(working)} of memory; this machine has {Bytes(available)}: lower --memory-mb");
        string what = $"{(Diagonal ? "Θ(x, x)" : "Θ")}{(Blocks ? " blocks" : "")} [{string.Join(", ", shape)}] {PrecisionName.Of<T>()}";
        if (Out is not null)
        {
            long bytes = MatrixFile.IsNpy(Out) ? NpyFile.FileLength<T>(shape) : count * (elementBytes == 4 ? 16 : 25);
            if (Directory.Exists(Out)) throw new CommandLineError($"--out {Out} is a folder: give the name of the file to write");
            string folder = Path.GetDirectoryName(Path.GetFullPath(Out))!;
            if (!Directory.Exists(folder)) throw new CommandLineError($"--out {Out}: the folder {folder} does not exist");
            long free = new DriveInfo(folder).AvailableFreeSpace;
            if (bytes > free)
                throw new CommandLineError($"{what} needs {(MatrixFile.IsNpy(Out) ? "" : "up to ")}{Bytes(bytes)} in {Path.GetFileName(Out)}; its disk has {Bytes(free)} free");
            info.WriteLine($"{what} → {Path.GetFileName(Out)}, {(MatrixFile.IsNpy(Out) ? "" : "up to ")}{Bytes(bytes)}"
                + (Diagonal || rowsPerStrip >= x1.Rows ? "" : $", in {(x1.Rows + rowsPerStrip - 1) / rowsPerStrip} strips of {rowsPerStrip} rows"));
        }

        var parameters = stored.Values;
        T[] inputs1 = InPrecision<T>(x1.Values);
        T[] inputs2 = Inputs2 is null ? inputs1 : InPrecision<T>(x2.Values);
        var forced = KernelRegistry.ReadOverride();
        string selection = forced is { } path ? $"{path}, forced by {KernelRegistry.OverrideVariable}" : KernelSelection.For<T>(spec).Reason;

        var compute = new Stopwatch();
        var writing = new Stopwatch();
        using (var target = NtkOutput<T>.Open(Out, shape, output))
        {
            if (Diagonal)
            {
                compute.Start();
                var values = NtkStrips.Diagonal(kernel, parameters, inputs1, Blocks);
                compute.Stop();
                CheckFinite(values, 0, entry);
                writing.Start();
                target.Write(values);
            }
            else
            {
                var progress = new StripProgress(info, x1.Rows, rowsPerStrip, enabled: Out is not null);
                compute.Start();
                NtkStrips.Compute(kernel, parameters, inputs1, inputs2, Blocks, rowsPerStrip, (first, rows, values) =>
                {
                    compute.Stop();
                    CheckFinite(values, first, x2.Rows * entry);
                    writing.Start();
                    target.Write(values);
                    writing.Stop();
                    progress.Done(first + rows);
                    compute.Start();
                });
                compute.Stop();
                writing.Start();
            }
            target.Complete();
            writing.Stop();
        }

        string summary = $"{what} for {spec} ({spec.ParameterCount} parameters), kernel {kernel.Name} ({selection}); "
            + FormattableString.Invariant($"kernel {compute.Elapsed.TotalSeconds:F3} s, writing {writing.Elapsed.TotalSeconds:F3} s, whole command {clock.Elapsed.TotalSeconds:F3} s")
            + (Out is null ? "" : $"; written to {Path.GetFileName(Out)}");
        info.WriteLine(summary);
        return NtkGenCli.Success;
    }

    /// <summary>The result of a file's task, its failure rethrown as it was (a one-line input error, say).</summary>
    private static TResult Await<TResult>(Task<TResult> task)
    {
        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException!).Throw();
            throw;
        }
    }

    /// <summary>The inputs in the kernel's precision: the same array for f64, not a copy.</summary>
    private static T[] InPrecision<T>(double[] values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => typeof(T) == typeof(double) ? (T[])(object)values : Array.ConvertAll(values, T.CreateTruncating);

    private static CsvMatrix CheckWidth(string path, CsvMatrix inputs, int inputSize)
        => inputs.Columns == inputSize ? inputs : throw new InputFileException(path, $"rows have {inputs.Columns} values but the network takes {inputSize} inputs");

    /// <summary>
    /// Stops the run at a non-finite entry: weights and inputs were refused on reading if not finite, so Θ of these
    /// overflowed the precision.
    /// </summary>
    private void CheckFinite<T>(ReadOnlySpan<T> values, int firstRow, int rowLength)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int i = NonFinite.IndexOf(values);
        if (i < 0) return;
        throw new InputFileException(Weights,
            $"Θ{(Diagonal ? "(x, x)" : "")} has a non-finite entry ({NonFinite.Describe(values[i])}) at row {firstRow + i / rowLength}: the weights or inputs are too large for {PrecisionName.Of<T>()}");
    }

    private static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):F2} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):F1} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:F1} KiB"),
    };

    /// <summary>A line after every tenth of the rows (and at least every half minute) on long runs written to a file.</summary>
    private sealed class StripProgress(TextWriter writer, int rows, int rowsPerStrip, bool enabled)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly bool _enabled = enabled && rows > rowsPerStrip;
        private double _lastPrinted;
        private int _lastTenth;

        public void Done(int rowsDone)
        {
            if (!_enabled || rowsDone >= rows) return;
            double seconds = _clock.Elapsed.TotalSeconds;
            int tenth = (int)(10L * rowsDone / rows);
            if (tenth == _lastTenth && seconds - _lastPrinted < 30) return;
            _lastTenth = tenth;
            _lastPrinted = seconds;
            double left = seconds / rowsDone * (rows - rowsDone);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  rows {rowsDone} of {rows} ({100.0 * rowsDone / rows:F0}%), {seconds:F0} s, about {left:F0} s left"));
        }
    }
}
