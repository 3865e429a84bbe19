namespace NtkGen.Experiments;

/// <summary>What a unit of a grid experiment leaves in the journal, besides its statistics: where in the grid it belongs.</summary>
public abstract record GridUnitResult : IUnitResult
{
    /// <summary>Index of the unit in the grid.</summary>
    public required int Unit { get; init; }

    /// <summary>Index of the grid point.</summary>
    public required int Point { get; init; }

    /// <summary>Depth L of the point.</summary>
    public required int Depth { get; init; }

    /// <summary>σ_w² of the point.</summary>
    public required double SigmaW2 { get; init; }

    /// <summary>The kernel or engine that computed the values.</summary>
    public required string Kernel { get; init; }
}
