using System.Globalization;
using NtkGen.Experiments.Dispersion;
using Spectre.Console;

namespace NtkGen.Cli.Output;

/// <summary>What a dispersion run shows on the console: a progress bar with ETA on a terminal, plain progress lines otherwise, and the results table.</summary>
internal sealed class DispersionConsole
{
    private readonly IAnsiConsole _console;
    private readonly TextWriter _output;

    public DispersionConsole(TextWriter output)
    {
        _output = output;
        bool terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        _console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        // Files and pipes have no width: do not wrap the table at 80 columns.
        if (!terminal) _console.Profile.Width = 200;
    }

    /// <summary>Runs <paramref name="work"/> under a progress display fed by the <see cref="IProgress{T}"/> it receives.</summary>
    public T WithProgress<T>(string description, Func<IProgress<DispersionProgress>, T> work)
    {
        if (_console.Profile.Capabilities.Interactive)
        {
            return _console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask(description, maxValue: 1);
                    return work(new Progress(update =>
                    {
                        task.MaxValue = Math.Max(update.WorkTotal, 1e-9);
                        task.Value = update.WorkDone;
                        if (update.Last is { } last) task.Description = $"{description}: L = {last.Depth}, σ_w² = {last.SigmaW2:0.###}";
                    }));
                });
        }

        // Not a terminal: a line at every tenth of the work, with an ETA.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int reported = -1;
        return work(new Progress(update =>
        {
            int decile = update.WorkTotal > 0 ? (int)(10 * update.WorkDone / update.WorkTotal) : 10;
            if (decile <= reported) return;
            reported = decile;
            double fraction = update.WorkTotal > 0 ? update.WorkDone / update.WorkTotal : 1;
            string eta = fraction > 0 && fraction < 1 ? $", ETA {TimeSpan.FromSeconds(clock.Elapsed.TotalSeconds * (1 - fraction) / fraction):mm\\:ss}" : "";
            _output.WriteLine($"{description}: {fraction:P0} ({update.UnitsDone}/{update.UnitsTotal} units, {clock.Elapsed:mm\\:ss} elapsed{eta})");
        }));
    }

    public void Line(string text) => _output.WriteLine(text);

    /// <summary>The results table: one line per grid point.</summary>
    public void Table(IReadOnlyList<DispersionRow> rows)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in new[] { "L", "λ", "σ_w²", "phase", "E[Θ]", "exact E[Θ]", "R = E[Θ²]/E[Θ]²", "95% CI", "R exact (M)", "F(λ)", "R weights", "R biases" })
            table.AddColumn(new TableColumn(new Text(column)).RightAligned());
        foreach (var row in rows)
        {
            table.AddRow(new[]
            {
                row.Depth.ToString(CultureInfo.InvariantCulture),
                N(row.Lambda, "0.###"),
                N(row.SigmaW2, "0.###"),
                row.Phase,
                row.Mean is double mean ? G(mean) : $"1e{row.Log10Mean:0.#}",
                row.MeanTheory is double theory ? G(theory) : "–",
                row.Samples == 0 ? G(row.Ratio) : $"{G(row.Ratio)} ± {G(row.RatioSe)}",
                row.Samples == 0 ? "–" : $"[{G(row.RatioCiLow)}, {G(row.RatioCiHigh)}]{(row.CiWide ? " *" : "")}",
                row.RatioExact is double exact ? G(exact) : "–",
                G(row.RatioFLambda),
                G(row.RatioWeights),
                G(row.RatioBiases),
            }.Select(cell => (Spectre.Console.Rendering.IRenderable)new Text(cell)));
        }
        _console.Write(table);
        if (rows.Any(r => r.CiWide))
            _output.WriteLine("* wide interval: Θ is heavy-tailed here and this many samples do not pin R down; use more samples or the exact engines.");
    }

    private static string G(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    private static string N(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private sealed class Progress(Action<DispersionProgress> report) : IProgress<DispersionProgress>
    {
        public void Report(DispersionProgress value) => report(value);
    }
}
