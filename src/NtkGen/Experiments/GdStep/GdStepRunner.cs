using NtkGen.Engines;
using NtkGen.Statistics;

namespace NtkGen.Experiments.GdStep;

/// <summary>Runs the units of a first-step experiment (one network per sample; same numbers on any thread).</summary>
public static class GdStepRunner
{
    private const ulong InputStreams = 1UL << 63 | 1UL << 62;

    /// <summary>Every unit result of <paramref name="shard"/>, computed or read back from <paramref name="journal"/>, in unit order.</summary>
    public static IReadOnlyList<GdStepUnitResult> Run(GdStepConfig config, Shard shard, ExperimentJournal<GdStepUnitResult> journal, int threads,
        IProgress<ExperimentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        config.Validate();
        var units = config.Units().Where(u => shard.Contains(u.Index)).ToList();
        return ExperimentRunner.Run(units, u => u.Index, Work, u => RunUnit(config, u),
            r => $"L = {r.Depth}, σ_w² = {r.SigmaW2:0.###}", journal, threads, progress, cancellationToken);
    }

    /// <summary>Relative cost of a unit: weights drawn and multiplied per network.</summary>
    public static double Work(GdStepUnit unit)
    {
        var config = unit.Point.Config;
        return unit.Count * (config.InputSize * config.Width + (unit.Point.Depth - 1) * (double)config.Width * config.Width) * (1 + config.Batch);
    }

    /// <summary>Computes one unit.</summary>
    public static GdStepUnitResult RunUnit(GdStepConfig config, GdStepUnit unit)
        => config.Precision == Precision.F32 ? RunUnit<float>(config, unit) : RunUnit<double>(config, unit);

    private static GdStepUnitResult RunUnit<T>(GdStepConfig config, GdStepUnit unit)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var point = unit.Point;
        var sampler = new GdStepSampler<T>(point.Spec, config.StepTarget, config.Eta, config.Batch, config.EtaBatch);
        var workspace = sampler.CreateWorkspace();
        PairedSums change = default;
        PowerSums normalized = default, absolute = default, matrix = default;
        long negative = 0, agrees = 0;
        var values = new double[unit.Count];
        var finiteValues = new double[unit.Count];
        for (int i = 0; i < unit.Count; i++)
        {
            ulong sample = (uint)(unit.FirstSample + i);
            var s = sampler.Sample(config.Seed, point.StreamBase | sample, InputStreams | sample, workspace);
            double u = s.ChangeOverEta / (s.Theta * s.Theta);
            change = change.Add(s.ChangeOverEta, s.Theta);
            normalized = normalized.Add(u);
            absolute = absolute.Add(Math.Abs(u));
            finiteValues[i] = s.FiniteChangeOverEta / (s.Theta * s.Theta);
            // A ReLU unit crossing its kink during the real step makes Θ jump: then the two values part.
            if (Math.Abs(s.FiniteChangeOverEta - s.ChangeOverEta) <= 1e-3 * Math.Abs(s.ChangeOverEta)) agrees++;
            if (!double.IsNaN(s.MatrixRelativeChange)) matrix = matrix.Add(s.MatrixRelativeChange);
            if (s.ChangeOverEta < 0) negative++;
            values[i] = u;
        }
        return new GdStepUnitResult
        {
            Unit = unit.Index, Point = point.Index, Depth = point.Depth, SigmaW2 = point.SigmaW2, Kernel = sampler.KernelName,
            Change = change, Normalized = normalized, AbsoluteNormalized = absolute, MatrixChange = matrix,
            Negative = negative, RealStepAgrees = agrees, NormalizedValues = values, FiniteNormalizedValues = finiteValues,
        };
    }
}
