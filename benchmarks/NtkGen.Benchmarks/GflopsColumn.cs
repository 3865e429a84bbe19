using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace NtkGen.Benchmarks;

/// <summary>A summary column: GFLOP/s from the benchmark's mean time and its <see cref="IFlopCount"/>.</summary>
public sealed class GflopsColumn : IColumn
{
    public string Id => nameof(GflopsColumn);

    public string ColumnName => "GFLOP/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Useful floating-point operations per second (see NtkFlops)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is null) return "-";
        var instance = (IFlopCount)Activator.CreateInstance(benchmarkCase.Descriptor.Type)!;
        foreach (var parameter in benchmarkCase.Parameters.Items)
            benchmarkCase.Descriptor.Type.GetProperty(parameter.Name)?.SetValue(instance, parameter.Value);
        double seconds = report.ResultStatistics.Mean * 1e-9;
        return (instance.Flops / seconds / 1e9).ToString("F2", System.Globalization.CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}

/// <summary>A benchmark class that knows how many flops one invocation performs, from its parameters.</summary>
public interface IFlopCount
{
    double Flops { get; }
}
