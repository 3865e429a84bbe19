using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace NtkGen.Benchmarks;

/// <summary>A benchmark class that knows how many items (networks, normals) one invocation produces.</summary>
public interface IItemCount
{
    /// <summary>Items per benchmark invocation, from the current parameters.</summary>
    double Items { get; }
}

/// <summary>
/// A summary column: items per second from the median time and <see cref="IItemCount.Items"/>, for the benchmarks of
/// <paramref name="benchmarkType"/> only (in a joined summary every class's columns show for every row).
/// </summary>
public sealed class RateColumn(string name, Type benchmarkType) : IColumn
{
    public string Id => nameof(RateColumn) + name;

    public string ColumnName => name;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => $"{name}: items per second of one invocation (IItemCount / median time)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is null || benchmarkCase.Descriptor.Type != benchmarkType) return "-";
        if (Activator.CreateInstance(benchmarkCase.Descriptor.Type) is not IItemCount instance) return "-";
        foreach (var parameter in benchmarkCase.Parameters.Items)
            benchmarkCase.Descriptor.Type.GetProperty(parameter.Name)?.SetValue(instance, parameter.Value);
        double rate = instance.Items / (report.ResultStatistics.Median * 1e-9);
        return rate.ToString(rate >= 100 ? "N0" : "F2", System.Globalization.CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
