using System.Globalization;
using NtkGen.Experiments;
using Spectre.Console;

namespace NtkGen.Cli.Output;

/// <summary>What an experiment run shows on the console: a progress bar with ETA on a terminal, plain progress lines otherwise, and tables.</summary>
internal sealed class ExperimentConsole
{
    private readonly IAnsiConsole _console;
    private readonly TextWriter _output;

    public ExperimentConsole(TextWriter output)
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
    public T WithProgress<T>(string description, Func<IProgress<ExperimentProgress>, T> work)
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
                        if (update.Last is { } last) task.Description = $"{description}: {last}";
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

    /// <summary>Writes a table (or any renderable) at the console's width.</summary>
    public void Write(Spectre.Console.Rendering.IRenderable renderable) => _console.Write(renderable);

    private sealed class Progress(Action<ExperimentProgress> report) : IProgress<ExperimentProgress>
    {
        public void Report(ExperimentProgress value) => report(value);
    }
}
