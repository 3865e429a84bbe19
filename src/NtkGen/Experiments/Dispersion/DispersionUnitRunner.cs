using NtkGen.Engines;
using NtkGen.Random;
using NtkGen.Statistics;

namespace NtkGen.Experiments.Dispersion;

/// <summary>Computes one unit of a dispersion experiment with the configured engine.</summary>
public static class DispersionUnitRunner
{
    /// <summary>Inputs are shared across grid points (common random numbers): sample s uses input stream <c>InputStreams + s</c>.</summary>
    private const ulong InputStreams = 1UL << 63;

    /// <summary>Runs <paramref name="unit"/>; the result depends only on the configuration and the unit, never on threads.</summary>
    public static DispersionUnitResult Run(DispersionConfig config, GridUnit<DispersionConfig> unit)
        => config.Engine switch
        {
            DispersionEngine.Brute when config.Precision == Precision.F64 => RunBruteForce<double>(config, unit),
            DispersionEngine.Brute => RunBruteForce<float>(config, unit),
            DispersionEngine.Exact => RunExact(config, unit),
            DispersionEngine.Conditioned => RunConditioned(config, unit),
            DispersionEngine.Moments => RunMoments(unit),
            _ => throw new InvalidOperationException($"Engine {config.Engine} is not one that runs: resolve Auto first."),
        };

    private static DispersionUnitResult RunBruteForce<T>(DispersionConfig config, GridUnit<DispersionConfig> unit)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var point = unit.Point;
        var sampler = new BruteForceSampler<T>(point.Spec, config.Correlations);
        var workspace = sampler.CreateWorkspace();
        return RunSampled(config, unit, sampler.KernelName + (sampler.Rescaled ? ", rescaled" : ""), sampler.LogScale,
            (sample, row) => sampler.Sample(config.Seed, point.StreamBase | sample, InputStreams | sample, workspace, row));
    }

    private static DispersionUnitResult RunConditioned(DispersionConfig config, GridUnit<DispersionConfig> unit)
    {
        var point = unit.Point;
        var sampler = new ConditionedNetworkSampler(point.Spec);
        var workspace = sampler.CreateWorkspace(config.Correlations.Count);
        var scratch = new double[2 * config.InputSize];
        var inputs = new double[config.Correlations.Count * config.InputSize];
        return RunSampled(config, unit, "conditioned Gaussian matrices, f64" + (sampler.Rescaled ? ", rescaled" : ""), sampler.LogScale, (sample, row) =>
        {
            CorrelatedInputs.Draw<double>(config.Seed, InputStreams | sample, config.Correlations, scratch, inputs);
            return sampler.Sample(inputs, config.Seed, point.StreamBase | sample, workspace, row);
        });
    }

    /// <summary>One network's <c>Θ(x, x_r)</c> for every correlation into the row, and the parts of <c>Θ(x, x)</c>.</summary>
    private delegate DiagonalSample NetworkSample(ulong sample, Span<double> row);

    /// <summary>The statistics of a unit's networks, whichever engine samples them.</summary>
    private static DispersionUnitResult RunSampled(DispersionConfig config, GridUnit<DispersionConfig> unit, string kernel, double logScale, NetworkSample sampleNetwork)
    {
        var point = unit.Point;
        int offDiagonal = config.Correlations.Count - 1;
        var offSums = new PowerSums[offDiagonal];
        var ratioSums = new PowerSums[offDiagonal];
        var totals = new double[unit.Count];
        var offValues = new double[offDiagonal][];
        for (int r = 0; r < offDiagonal; r++) offValues[r] = new double[unit.Count];
        var row = new double[config.Correlations.Count];
        PowerSums total = default, weights = default, biases = default;
        for (int i = 0; i < unit.Count; i++)
        {
            ulong sample = (uint)(unit.FirstSample + i);
            var diagonal = sampleNetwork(sample, row);
            total = total.Add(diagonal.Total);
            weights = weights.Add(diagonal.Weights);
            biases = biases.Add(diagonal.Biases);
            totals[i] = diagonal.Total;
            for (int r = 0; r < offDiagonal; r++)
            {
                offSums[r] = offSums[r].Add(row[r + 1]);
                offValues[r][i] = row[r + 1];
                ratioSums[r] = ratioSums[r].Add(row[r + 1] / row[0]);
            }
        }
        return new DispersionUnitResult
        {
            Unit = unit.Index, Point = point.Index, Block = unit.Block, Depth = point.Depth, SigmaW2 = point.SigmaW2,
            Kernel = kernel,
            LogScale = logScale,
            Total = total, Weights = weights, Biases = biases, OffDiagonal = offSums, Ratios = ratioSums, Totals = totals, OffDiagonalValues = offValues,
        };
    }

    private static DispersionUnitResult RunExact(DispersionConfig config, GridUnit<DispersionConfig> unit)
    {
        var point = unit.Point;
        var spec = point.Spec;
        var sampler = new ExactDiagonalSampler(spec);
        var scratch = new double[sampler.ScratchLength];
        var totals = new double[unit.Count];
        PowerSums total = default, weights = default, biases = default;
        for (int i = 0; i < unit.Count; i++)
        {
            var random = new Xoshiro256(config.Seed, point.StreamBase | (uint)(unit.FirstSample + i));
            var value = sampler.Sample(ref random, scratch);
            total = total.Add(value.Total);
            weights = weights.Add(value.Weights);
            biases = biases.Add(value.Biases);
            totals[i] = value.Total;
        }
        return new DispersionUnitResult
        {
            Unit = unit.Index, Point = point.Index, Block = unit.Block, Depth = point.Depth, SigmaW2 = point.SigmaW2,
            Kernel = "exact O(L) sampler", LogScale = sampler.LogScale,
            Total = total, Weights = weights, Biases = biases, Totals = totals,
        };
    }

    private static DispersionUnitResult RunMoments(GridUnit<DispersionConfig> unit)
    {
        var point = unit.Point;
        var spec = point.Spec;
        return new DispersionUnitResult
        {
            Unit = unit.Index, Point = point.Index, Block = unit.Block, Depth = point.Depth, SigmaW2 = point.SigmaW2,
            Kernel = "exact moments (transfer matrices)", LogScale = 0,
            Exact = new DispersionUnitResult.ExactValues(
                ExactMoments.Compute(spec, 1, ExactMoments.Part.Total),
                ExactMoments.Compute(spec, 1, ExactMoments.Part.Weights),
                ExactMoments.Compute(spec, 1, ExactMoments.Part.Biases)),
        };
    }
}
