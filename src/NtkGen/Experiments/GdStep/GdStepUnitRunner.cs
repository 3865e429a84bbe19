using NtkGen.Engines;
using NtkGen.Statistics;

namespace NtkGen.Experiments.GdStep;

/// <summary>Computes one unit of a first-step experiment (one network per sample; same numbers on any thread).</summary>
public static class GdStepUnitRunner
{
    private const ulong InputStreams = 1UL << 63 | 1UL << 62;

    /// <summary>Computes one unit.</summary>
    public static GdStepUnitResult Run(GdStepConfig config, GridUnit<GdStepConfig> unit)
    {
        var spec = unit.Point.Spec;
        if (config.Engine == GdStepEngine.Conditioned)
        {
            var conditioned = new ConditionedGdStepSampler(spec, config.StepTarget, config.Eta, config.Batch, config.EtaBatch);
            var buffers = conditioned.CreateWorkspace();
            return Run(config, unit, ConditionedGdStepSampler.KernelName, (network, inputs) => conditioned.Sample(config.Seed, network, inputs, buffers));
        }
        return config.Precision == Precision.F32 ? Brute<float>(config, unit) : Brute<double>(config, unit);
    }

    private static GdStepUnitResult Brute<T>(GdStepConfig config, GridUnit<GdStepConfig> unit)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var sampler = new GdStepSampler<T>(unit.Point.Spec, config.StepTarget, config.Eta, config.Batch, config.EtaBatch);
        var workspace = sampler.CreateWorkspace();
        return Run(config, unit, sampler.KernelName, (network, inputs) => sampler.Sample(config.Seed, network, inputs, workspace));
    }

    /// <summary>The unit's networks in order, network i from the point's stream i and inputs from input stream i, by either engine.</summary>
    private static GdStepUnitResult Run(GdStepConfig config, GridUnit<GdStepConfig> unit, string kernel, Func<ulong, ulong, GdStepSample> sample)
    {
        var point = unit.Point;
        PairedSums change = default;
        PowerSums normalized = default, absolute = default, matrix = default;
        long negative = 0, agrees = 0;
        var values = new double[unit.Count];
        var finiteValues = new double[unit.Count];
        var changes = new double[unit.Count];
        var thetas = new double[unit.Count];
        for (int i = 0; i < unit.Count; i++)
        {
            ulong index = (uint)(unit.FirstSample + i);
            var s = sample(point.StreamBase | index, InputStreams | index);
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
            Unit = unit.Index, Point = point.Index, Depth = point.Depth, SigmaW2 = point.SigmaW2, Kernel = kernel,
            Change = change, Normalized = normalized, AbsoluteNormalized = absolute, MatrixChange = matrix,
            Negative = negative, RealStepAgrees = agrees, NormalizedValues = values, FiniteNormalizedValues = finiteValues,
            ChangeValues = changes, ThetaValues = thetas,
        };
    }
}
