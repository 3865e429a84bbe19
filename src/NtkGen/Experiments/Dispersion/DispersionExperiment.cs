namespace NtkGen.Experiments.Dispersion;

/// <summary>The dispersion experiment on the pipeline: its journal, and its units' cost and computation.</summary>
public sealed class DispersionExperiment : GridExperiment<DispersionConfig, DispersionUnitResult>
{
    /// <summary>The one instance.</summary>
    public static DispersionExperiment Instance { get; } = new();

    private DispersionExperiment()
        : base("dispersion", "dispersion.journal.jsonl")
    {
    }

    /// <summary>Relative cost of a unit, for progress and scheduling: weights drawn and multiplied per sample.</summary>
    public override double Work(GridUnit<DispersionConfig> unit)
    {
        var config = unit.Point.Config;
        double depth = unit.Point.Depth;
        return config.Engine switch
        {
            DispersionEngine.Brute => unit.Count * (config.InputSize * config.Width + (depth - 1) * config.Width * (double)config.Width),
            DispersionEngine.Exact => unit.Count * depth * (4 + config.Width / 64.0),
            // K forward and K backward products per layer, each against up to 2K known directions.
            DispersionEngine.Conditioned => unit.Count * depth * config.Width * 4.0 * config.Correlations.Count * config.Correlations.Count,
            _ => depth,
        };
    }

    /// <inheritdoc/>
    public override DispersionUnitResult Compute(DispersionConfig config, GridUnit<DispersionConfig> unit) => DispersionUnitRunner.Run(config, unit);
}
