namespace NtkGen.Experiments.Linearize;

/// <summary>The linearization experiment on the pipeline: its journal, and its units' cost and computation.</summary>
public sealed class LinearizeExperiment : GridExperiment<LinearizeConfig, LinearizeUnitResult>
{
    /// <summary>The one instance.</summary>
    public static LinearizeExperiment Instance { get; } = new();

    private LinearizeExperiment()
        : base("linearize", "linearize.journal.jsonl")
    {
    }

    /// <summary>Relative cost of a unit: parameters times training steps per network.</summary>
    public override double Work(GridUnit<LinearizeConfig> unit)
    {
        var config = unit.Point.Config;
        double parameters = unit.Point.Depth == 1 ? config.InputSize + 1.0
            : config.InputSize * (double)config.Width + (unit.Point.Depth - 2.0) * config.Width * config.Width + config.Width;
        return unit.Count * parameters * (config.Steps[^1] + config.TrainCount + config.TestCount);
    }

    /// <inheritdoc/>
    public override LinearizeUnitResult Compute(LinearizeConfig config, GridUnit<LinearizeConfig> unit) => LinearizeUnitRunner.Run(config, unit);
}
