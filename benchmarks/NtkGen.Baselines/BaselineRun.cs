using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using NtkGen;
using NtkGen.Kernels;
using NtkGen.Random;
using NtkGen.Reference;
using TorchSharp;
using static TorchSharp.torch;

namespace NtkGen.Baselines;

/// <summary>The shape and run settings shared by every row.</summary>
internal sealed record BaselineSettings(int Batch, int InputSize, int Depth, int Outputs, int Threads, long AutogradMaxBytes);

/// <summary>
/// One table: for each precision, the FMA peak of the threads (before and after the rows; the larger is used), then per
/// width NtkGen's Θ(X, X), libtorch's structured version and its per-sample autograd version on the same network, inputs and
/// threads, each the median of repeated runs after a warm-up, and how far each Θ is from the double-precision reference.
/// </summary>
internal static class BaselineRun
{
    public static void Run(BaselineSettings settings, IReadOnlyList<int> widths, IReadOnlyList<string> precisions, TextWriter output)
    {
        torch.set_num_threads(settings.Threads);
        KernelThreading.MaxThreads = settings.Threads;
        output.WriteLine($"Θ(X, X), N = {settings.Batch}, {settings.InputSize} → M × {settings.Depth - 1} → {settings.Outputs} ReLU at He initialization, "
            + $"{settings.Threads} threads; libtorch {torch.__version__} (TorchSharp); {Environment.ProcessorCount} cores; .NET {Environment.Version}");
        output.WriteLine();
        output.WriteLine("| M | precision | NtkGen kernel | NtkGen ms | GFLOP/s | % of peak | libtorch structured ms | speed-up | libtorch autograd ms | speed-up | error NtkGen | error libtorch |");
        output.WriteLine("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (string precision in precisions)
        {
            if (precision == "f32") Rows<float>(settings, widths, ScalarType.Float32, output);
            else if (precision == "f64") Rows<double>(settings, widths, ScalarType.Float64, output);
            else throw new ArgumentException($"--precision: f32 or f64, not '{precision}'");
        }
    }

    private static void Rows<T>(BaselineSettings settings, IReadOnlyList<int> widths, ScalarType type, TextWriter output)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double peakBefore = FmaPeak.Measure<T>(settings.Threads);
        var rows = widths.Select(width => Row<T>(settings, width, type)).ToList();
        double peak = Math.Max(peakBefore, FmaPeak.Measure<T>(settings.Threads));
        string precision = PrecisionName.Of<T>();
        foreach (var row in rows)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Width} | {precision} | {row.Kernel} | {Milliseconds(row.NtkGen)} | {row.Gflops:F0} | {100 * row.Gflops / peak:F0}% | {Milliseconds(row.Libtorch)} | {row.Libtorch / row.NtkGen:F1}× | "
                + $"{(row.Autograd is { } a ? Milliseconds(a) : "–")} | {(row.Autograd is { } b ? $"{b / row.NtkGen:F0}×" : "–")} | {row.Error:G2} | {row.LibtorchError:G2} |"));
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"|  | {precision} | FMA peak, {settings.Threads} threads |  | {peak:F0} | 100% |  |  |  |  |  |  |"));
    }

    /// <summary>
    /// One row's figures: milliseconds (medians), NtkGen's GFLOP/s, and the largest error of NtkGen's and of libtorch's Θ
    /// (both of its versions) against the double-precision reference on the same values, relative to its largest entry.
    /// </summary>
    private sealed record Measured(int Width, string Kernel, double NtkGen, double Gflops, double Libtorch, double? Autograd, double Error, double LibtorchError);

    private static Measured Row<T>(BaselineSettings settings, int width, ScalarType type)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var spec = new NetworkSpec(settings.InputSize, Enumerable.Repeat(width, settings.Depth - 1).ToArray(), settings.Outputs);
        int n = settings.Batch;
        double[] parameters = spec.CreateParameters<double>(seed: 1).Values;
        var inputs = new double[n * spec.InputSize];
        new GaussianStream(2, 0).Fill<double>(inputs, scale: 1 / Math.Sqrt(spec.InputSize));
        // Both sides get the same values in T: NtkGen's parameters and inputs rounded once, libtorch's tensors from those.
        T[] p = Array.ConvertAll(parameters, T.CreateTruncating), x = Array.ConvertAll(inputs, T.CreateTruncating);
        double[] rounded = Array.ConvertAll(p, double.CreateTruncating), roundedInputs = Array.ConvertAll(x, double.CreateTruncating);

        var kernel = KernelRegistry.Resolve<T>(spec);
        var weights = new T[n * n];
        var biases = new T[n * n];
        kernel.NtkMatrix(p, x, x, weights, biases);
        // The oracle: the scalar double-precision reference on exactly the values both sides were given.
        var reference = new ReferenceKernel(spec).NtkMatrix(rounded, roundedInputs);
        double error = Error(weights.Zip(biases, (w, b) => double.CreateTruncating(w + b)).ToArray(), reference);

        using var network = new LibtorchNetwork(spec, rounded, type, requiresGrad: false);
        using var xt = network.Tensor(roundedInputs, [n, spec.InputSize]);
        var structured = new LibtorchStructuredNtk(network);
        double libtorchError = Error(structured.Matrix(xt), reference);
        // Alternating runs: a change of load on the (shared) machine hits both sides alike.
        var medians = Medians([() => kernel.NtkMatrix(p, x, x, weights, biases), () => structured.Matrix(xt).Dispose()], 15, 2.0);
        double ntkgen = medians[0], libtorch = medians[1];

        double? autograd = null;
        int bytes = type == ScalarType.Float32 ? 4 : 8;
        if (LibtorchAutogradNtk.JacobianBytes(spec, n, bytes) <= settings.AutogradMaxBytes)
        {
            using var trainable = new LibtorchNetwork(spec, rounded, type, requiresGrad: true);
            var perSample = new LibtorchAutogradNtk(trainable);
            libtorchError = Math.Max(libtorchError, Error(perSample.Matrix(xt), reference));
            autograd = Medians([() => perSample.Matrix(xt).Dispose()], 3, 2.0)[0];
        }
        double gflops = NtkFlopCount.Matrix(spec, n) / (ntkgen * 1e-3) / 1e9;
        return new Measured(width, kernel.Name, ntkgen, gflops, libtorch, autograd, error, libtorchError);
    }

    /// <summary>max |Θ − Θ_reference| / max |Θ_reference| of libtorch's Θ; disposes <paramref name="tensor"/>.</summary>
    private static double Error(Tensor tensor, double[] reference)
    {
        using (tensor)
        {
            using var values = tensor.to_type(ScalarType.Float64);
            return Error(values.data<double>().ToArray(), reference);
        }
    }

    /// <summary>max |Θ − Θ_reference| / max |Θ_reference|.</summary>
    private static double Error(double[] theta, double[] reference)
    {
        double scale = reference.Max(Math.Abs), worst = 0;
        for (int i = 0; i < reference.Length; i++) worst = Math.Max(worst, Math.Abs(theta[i] - reference[i]));
        return worst / scale;
    }

    /// <summary>
    /// Median milliseconds of each of <paramref name="actions"/>, run in turns of at least 1 s and 3 runs each, two turns
    /// per action at least, and at least <paramref name="runs"/> runs and <paramref name="seconds"/> s per action, after a
    /// warm-up. Turns rather than single runs alternate: a change of load on the shared machine hits both sides alike, while
    /// runs interleaved one by one slowed both (each side's threads spin for a while after a call and take the other's
    /// cores); the first run of each turn is not counted for the same reason.
    /// </summary>
    private static double[] Medians(Action[] actions, int runs, double seconds)
    {
        var clock = Stopwatch.StartNew();
        foreach (var action in actions)
        {
            clock.Restart();
            for (int i = 0; i < 3 || clock.Elapsed.TotalSeconds < 0.5; i++) action();
        }
        var times = actions.Select(_ => new List<double>()).ToArray();
        var spent = new double[actions.Length];
        for (int turns = 0; turns < 2 || times.Any(t => t.Count < runs) || spent.Any(t => t < seconds); turns++)
        {
            for (int a = 0; a < actions.Length; a++)
            {
                actions[a]();
                var turn = Stopwatch.StartNew();
                for (int i = 0; i < 3 || turn.Elapsed.TotalSeconds < 1.0; i++)
                {
                    clock.Restart();
                    actions[a]();
                    times[a].Add(clock.Elapsed.TotalMilliseconds);
                }
                spent[a] += turn.Elapsed.TotalSeconds;
            }
        }
        return times.Select(Median).ToArray();
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        int n = values.Count;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static string Milliseconds(double value) => value.ToString(value < 10 ? "0.000" : value < 100 ? "0.00" : "0.0", CultureInfo.InvariantCulture);
}
