namespace NtkGen.Experiments.GdStep;

/// <summary>The first-step experiment on the pipeline: its journal, and its units' cost and computation.</summary>
public sealed class GdStepExperiment : GridExperiment<GdStepConfig, GdStepUnitResult>
{
    /// <summary>The one instance.</summary>
    public static GdStepExperiment Instance { get; } = new();

    private GdStepExperiment()
        : base("gd-step", "gd_step.journal.jsonl")
    {
    }

    /// <summary>Relative cost of a unit: weights drawn and multiplied per network, for the step and each batch input.</summary>
    public override double Work(GridUnit<GdStepConfig> unit)
    {
        var config = unit.Point.Config;
        return unit.Count * (config.InputSize * config.Width + (unit.Point.Depth - 1) * (double)config.Width * config.Width) * (1 + config.Batch);
    }

    /// <inheritdoc/>
    public override GdStepUnitResult Compute(GdStepConfig config, GridUnit<GdStepConfig> unit) => GdStepUnitRunner.Run(config, unit);
}
