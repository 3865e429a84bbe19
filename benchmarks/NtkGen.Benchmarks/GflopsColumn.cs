using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace NtkGen.Benchmarks;

/// <summary>A summary column: GFLOP/s from the benchmark's median time and its <see cref="IFlopCount"/> (or <see cref="IJobFlopCount"/>).</summary>
public sealed class GflopsColumn : IColumn
{
    public string Id => nameof(GflopsColumn);

    public string ColumnName => "GFLOP/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Floating-point operations per second at the median time: the full structured algorithm (NtkFlopCount), or the FMA loop";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        => Gflops(summary, benchmarkCase) is double value ? value.ToString("F2", System.Globalization.CultureInfo.InvariantCulture) : "-";

    /// <summary>GFLOP/s of <paramref name="benchmarkCase"/>, or null when it has no result or no flop count.</summary>
    public static double? Gflops(Summary summary, BenchmarkCase benchmarkCase)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is null) return null;
        var instance = Activator.CreateInstance(benchmarkCase.Descriptor.Type)!;
        foreach (var parameter in benchmarkCase.Parameters.Items)
            benchmarkCase.Descriptor.Type.GetProperty(parameter.Name)?.SetValue(instance, parameter.Value);
        double? flops = instance switch
        {
            IFlopCount count => count.Flops,
            IJobFlopCount count => count.FlopsIn(benchmarkCase.Job.Id),
            _ => null,
        };
        return flops / (report.ResultStatistics.Median * 1e-9) / 1e9;
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}

/// <summary>A benchmark class that knows how many flops one invocation performs, from its parameters.</summary>
public interface IFlopCount
{
    double Flops { get; }
}

/// <summary>A benchmark class whose flops per invocation depend on the job (e.g. its vector width).</summary>
public interface IJobFlopCount
{
    double FlopsIn(string jobId);
}
