using System.Globalization;
using NtkGen.Experiments;
using Spectre.Console;

namespace NtkGen.Cli.Output;

/// <summary>What an experiment run shows on the console: a progress bar with ETA on a terminal, plain progress lines otherwise, and tables.</summary>
internal sealed class ExperimentConsole
{
    /// <summary>Between two tenths of the work, a plain progress line at least this often, so a log shows a long run alive.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromMinutes(1);

    private readonly IAnsiConsole _console;
    private readonly TextWriter _output;
    private readonly TimeProvider _time;

    /// <param name="output">Where tables and lines go; the console itself gets a live progress bar when it is a terminal.</param>
    /// <param name="time">The clock of elapsed times and ETAs (the system's unless a test drives it).</param>
    public ExperimentConsole(TextWriter output, TimeProvider? time = null)
    {
        _output = output;
        _time = time ?? TimeProvider.System;
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

    /// <summary>"wrote a.csv, b.json, …": the files a run wrote, by name.</summary>
    public void Wrote(IEnumerable<string> paths) => Line("wrote " + string.Join(", ", paths.Select(Path.GetFileName)));

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

        // Not a terminal: a line at every tenth of the work, and at least every Heartbeat while work goes on (a tenth of
        // the authors' training configuration is several minutes), with an ETA from the rate of this process since its
        // first report (a resumed run starts with work already done, which took no time here).
        long start = _time.GetTimestamp();
        TimeSpan Elapsed() => _time.GetElapsedTime(start);
        int reported = -1;
        double? baseline = null;
        double lastWork = double.NegativeInfinity;
        TimeSpan baselineTime = TimeSpan.Zero, lastLine = TimeSpan.Zero;
        return work(new Progress(update =>
        {
            TimeSpan now = Elapsed();
            if (baseline is null)
            {
                baseline = update.WorkDone;
                baselineTime = now;
            }
            int decile = update.WorkTotal > 0 ? (int)(10 * update.WorkDone / update.WorkTotal) : 10;
            bool heartbeat = now - lastLine >= Heartbeat && update.WorkDone > lastWork;
            if (decile <= reported && !heartbeat) return;
            reported = Math.Max(reported, decile);
            lastLine = now;
            lastWork = update.WorkDone;
            double fraction = update.WorkTotal > 0 ? update.WorkDone / update.WorkTotal : 1;
            double doneHere = update.WorkDone - baseline.Value;
            string eta = fraction < 1 && doneHere > 0
                ? $", ETA {Duration((now - baselineTime) * ((update.WorkTotal - update.WorkDone) / doneHere))}"
                : "";
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{description}: {fraction:P0} ({update.UnitsDone}/{update.UnitsTotal} units, {Duration(now)} elapsed{eta})"));
        }));
    }

    /// <summary>m:ss, or h:mm:ss from an hour on (a bare minutes format would drop the hours of a long run).</summary>
    public static string Duration(TimeSpan time)
        => time.TotalHours >= 1
            ? $"{(int)time.TotalHours}:{time.Minutes:00}:{time.Seconds:00}"
            : $"{time.Minutes:00}:{time.Seconds:00}";

    public void Line(string text) => _output.WriteLine(text);

    /// <summary>Writes a table (or any renderable) at the console's width.</summary>
    public void Write(Spectre.Console.Rendering.IRenderable renderable) => _console.Write(renderable);

    private sealed class Progress(Action<ExperimentProgress> report) : IProgress<ExperimentProgress>
    {
        public void Report(ExperimentProgress value) => report(value);
    }
}
