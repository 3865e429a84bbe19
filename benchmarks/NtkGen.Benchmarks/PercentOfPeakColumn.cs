using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace NtkGen.Benchmarks;

/// <summary>
/// A summary column: the benchmark's GFLOP/s as a percentage of <see cref="FmaPeakBenchmarks"/> in the same job and
/// precision, when the peak benchmark ran in the same (joined) summary.
/// </summary>
public sealed class PercentOfPeakColumn : IColumn
{
    public string Id => nameof(PercentOfPeakColumn);

    public string ColumnName => "% of peak";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 1;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "GFLOP/s over the FMA peak of all cores (FmaPeakBenchmarks) in the same job and precision";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (benchmarkCase.Descriptor.Type == typeof(FmaPeakBenchmarks)) return "100.0";
        var precision = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "Precision")?.Value;
        var peakCase = summary.BenchmarksCases.FirstOrDefault(c =>
            c.Descriptor.Type == typeof(FmaPeakBenchmarks) && c.Job.Id == benchmarkCase.Job.Id
            && Equals(c.Parameters.Items.FirstOrDefault(p => p.Name == "Precision")?.Value, precision));
        if (peakCase is null) return "-";
        double? value = GflopsColumn.Gflops(summary, benchmarkCase), peak = GflopsColumn.Gflops(summary, peakCase);
        return value is null || peak is null ? "-" : (100 * value.Value / peak.Value).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
