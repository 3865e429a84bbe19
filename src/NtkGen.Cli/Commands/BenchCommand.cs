using System.CommandLine;
using NtkGen.Cli.Bench;

namespace NtkGen.Cli.Commands;

/// <summary>
/// <c>ntkgen bench ntk|mc</c>: how fast this machine computes an NTK matrix of a batch, and how many random networks per
/// second the Monte Carlo engine draws, on the kernels the registry picks; a table or one JSON line.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("bench", "Benchmark this machine: the NTK matrix of a batch (ntk) or the Monte Carlo of Θ(x, x) over fresh networks (mc).")
        {
            CreateNtk(output),
            CreateMonteCarlo(output),
        };
        return command;
    }

    private static Command CreateNtk(TextWriter output)
    {
        var batch = new Option<int>("--batch") { Description = "Inputs N of the batch (Θ is N × N).", DefaultValueFactory = _ => 128 };
        var batch2 = new Option<int>("--inputs2") { Description = "N2 inputs of a second batch: time Θ(X1, X2), N × N2 (default: Θ(X, X)).", DefaultValueFactory = _ => 0 };
        var (n0, width, depth) = ShapeOptions(64, 256, 8);
        var outputs = new Option<int>("--outputs") { Description = "Output units O (Θ is the trace over them).", DefaultValueFactory = _ => 1 };
        var precision = Precision();
        var (threads, repeats, format) = RunOptions();
        var command = new Command("ntk", "Time Θ(X, X) of a batch of Gaussian inputs on a ReLU network n0 → M × (L−1) → O at He initialization: median ms, GFLOP/s, % of the FMA peak, the kernel that ran.")
        {
            batch, batch2, n0, width, depth, outputs, precision, threads, repeats, format,
        };
        command.SetAction(parsed =>
        {
            int outputCount = parsed.GetValue(outputs);
            if (outputCount < 1) throw new CommandLineError($"--outputs must be at least 1 (got {outputCount})");
            var spec = Spec(parsed.GetValue(n0), parsed.GetValue(width), parsed.GetValue(depth), outputCount);
            int count = parsed.GetValue(batch);
            if (count < 1) throw new CommandLineError($"--batch must be at least 1 (got {count})");
            int count2 = parsed.GetValue(batch2);
            if (count2 < 0) throw new CommandLineError($"--inputs2 must be at least 1 (got {count2})");
            if ((long)count * Math.Max(count, count2) > Array.MaxLength)
                throw new CommandLineError($"--batch {count}{(count2 > 0 ? $" --inputs2 {count2}" : "")}: Θ would have more entries than an array holds");
            int threadCount = Threads(parsed.GetValue(threads));
            int repeatCount = Repeats(parsed.GetValue(repeats));
            var report = parsed.GetValue(precision) == NtkGen.Precision.F64
                ? NtkBench.Run<double>(spec, count, count2, threadCount, repeatCount)
                : NtkBench.Run<float>(spec, count, count2, threadCount, repeatCount);
            report.Write(output, parsed.GetValue(format) == "json");
            return NtkGenCli.Success;
        });
        return command;
    }

    private static Command CreateMonteCarlo(TextWriter output)
    {
        var (n0, width, depth) = ShapeOptions(100, 100, 10);
        var samples = new Option<int>("--samples") { Description = "Networks per timed run.", DefaultValueFactory = _ => 2000 };
        var precision = Precision();
        var (threads, repeats, format) = RunOptions();
        var command = new Command("mc", "Time the Monte Carlo of Θ(x, x) with a fresh ReLU network (He initialization) and unit input per sample: networks/s, Gaussians/s and the generator's own bound.")
        {
            n0, width, depth, samples, precision, threads, repeats, format,
        };
        command.SetAction(parsed =>
        {
            var spec = Spec(parsed.GetValue(n0), parsed.GetValue(width), parsed.GetValue(depth));
            int count = parsed.GetValue(samples);
            if (count < 1) throw new CommandLineError($"--samples must be at least 1 (got {count})");
            int threadCount = Threads(parsed.GetValue(threads));
            int repeatCount = Repeats(parsed.GetValue(repeats));
            var report = parsed.GetValue(precision) == NtkGen.Precision.F64
                ? MonteCarloBench.Run<double>(spec, count, threadCount, repeatCount)
                : MonteCarloBench.Run<float>(spec, count, threadCount, repeatCount);
            report.Write(output, parsed.GetValue(format) == "json");
            return NtkGenCli.Success;
        });
        return command;
    }

    private static (Option<int> N0, Option<int> Width, Option<int> Depth) ShapeOptions(int n0, int width, int depth)
        => (new Option<int>("--n0") { Description = "Input dimension n0.", DefaultValueFactory = _ => n0 },
            new Option<int>("--width") { Description = "Hidden width M.", DefaultValueFactory = _ => width },
            new Option<int>("--depth") { Description = "Depth L: weight layers (L − 1 hidden layers).", DefaultValueFactory = _ => depth });

    private static Option<NtkGen.Precision> Precision() => EnumOption.Create("--precision", "Arithmetic precision.", NtkGen.Precision.F32);

    private static (Option<int> Threads, Option<int> Repeats, Option<string> Format) RunOptions()
    {
        var format = new Option<string>("--format") { Description = "table (default) or json (one line).", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        return (new Option<int>("--threads") { Description = "Threads (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount },
            new Option<int>("--repeats") { Description = "Timed runs after the warm-up (default: at least 10 runs and 1 s; mc: 5).", DefaultValueFactory = _ => 0 },
            format);
    }

    private static NetworkSpec Spec(int n0, int width, int depth, int outputs = 1)
    {
        if (n0 < 1) throw new CommandLineError($"--n0 must be at least 1 (got {n0})");
        if (width < 1) throw new CommandLineError($"--width must be at least 1 (got {width})");
        if (depth < 1) throw new CommandLineError($"--depth must be at least 1 (got {depth})");
        return new NetworkSpec(n0, Enumerable.Repeat(width, depth - 1).ToArray(), outputs);
    }

    private static int Threads(int threads)
        => threads >= 1 ? threads : throw new CommandLineError($"--threads must be at least 1 (got {threads})");

    private static int Repeats(int repeats)
        => repeats >= 0 ? repeats : throw new CommandLineError($"--repeats must be zero (automatic) or more (got {repeats})");
}
