using NtkGen.Engines;
using NtkGen.Statistics;

namespace NtkGen.Experiments.GdStep;

/// <summary>Computes one unit of a first-step experiment (one network per sample; same numbers on any thread).</summary>
public static class GdStepUnitRunner
{
    private const ulong InputStreams = 1UL << 63 | 1UL << 62;

    /// <summary>Computes one unit.</summary>
    public static GdStepUnitResult Run(GdStepConfig config, GridUnit<GdStepConfig> unit)
        => config.Precision == Precision.F32 ? RunUnit<float>(config, unit) : RunUnit<double>(config, unit);

    private static GdStepUnitResult RunUnit<T>(GdStepConfig config, GridUnit<GdStepConfig> unit)
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
        var changes = new double[unit.Count];
        var thetas = new double[unit.Count];
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
            changes[i] = s.ChangeOverEta;
            thetas[i] = s.Theta;
        }
        return new GdStepUnitResult
        {
            Unit = unit.Index, Point = point.Index, Depth = point.Depth, SigmaW2 = point.SigmaW2, Kernel = sampler.KernelName,
            Change = change, Normalized = normalized, AbsoluteNormalized = absolute, MatrixChange = matrix,
            Negative = negative, RealStepAgrees = agrees, NormalizedValues = values, FiniteNormalizedValues = finiteValues,
            ChangeValues = changes, ThetaValues = thetas,
        };
    }
}
