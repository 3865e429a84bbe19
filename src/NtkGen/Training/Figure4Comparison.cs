namespace NtkGen.Training;

/// <summary>
/// A run's values beside the authors' Figure 4 (<see cref="AuthorsFigure4"/>), number by number: for each value of the
/// figure whose σ_w² and step the run recorded, the run's value, the figure's, and how they differ — the difference for
/// the ratios (to be read against <see cref="AuthorsFigure4.RatioReadingError"/>), the quotient for the losses. Only
/// ReLU runs are compared, the figure's activation; whether the rest of the run's configuration is the figure's is the
/// reader's to see in the run's header.
/// </summary>
public static class Figure4Comparison
{
    /// <summary>The rows, in the order of <see cref="AuthorsFigure4.Values"/>; empty when the run has none of them.</summary>
    public static IReadOnlyList<Figure4Row> Of(TrainingConfig config, IReadOnlyList<TrainingRecord> records)
    {
        if (config.Activation != Activation.ReLU) return [];
        var byKey = records.ToDictionary(r => (r.SigmaW2, r.Step));
        var rows = new List<Figure4Row>();
        foreach (var reference in AuthorsFigure4.Values)
        {
            if (!byKey.TryGetValue((reference.SigmaW2, reference.Step), out var record)) continue;
            var (name, value) = Column(reference.Quantity);
            rows.Add(new Figure4Row(reference, name, value(record)));
        }
        return rows;
    }

    // Each quantity's column in the result files and its value in a record.
    private static (string Name, Func<TrainingRecord, double> Value) Column(Figure4Quantity quantity) => quantity switch
    {
        Figure4Quantity.BlockRatio => ("ratio_c_block", r => r.Kernel.SameClassBlockRatio),
        Figure4Quantity.OtherClassRatio => ("ratio_n", r => r.Kernel.OtherClassRatio),
        Figure4Quantity.TrainLoss => ("train_loss", r => r.TrainLoss),
        Figure4Quantity.TestLoss => ("test_loss", r => r.TestLoss),
        _ => throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "not a quantity of the figure"),
    };
}

/// <summary>One value of the authors' figure and the run's; <paramref name="Quantity"/> is its column name in train.csv.</summary>
public sealed record Figure4Row(Figure4Value Authors, string Quantity, double Ours)
{
    /// <summary>Whether the quantity is a loss, compared by quotient; the ratios are compared by difference.</summary>
    public bool IsLoss => Authors.Quantity is Figure4Quantity.TrainLoss or Figure4Quantity.TestLoss;

    /// <summary>Ours − the figure's, for a ratio.</summary>
    public double? Difference => IsLoss ? null : Ours - Authors.Value;

    /// <summary>Ours ÷ the figure's, for a loss.</summary>
    public double? Quotient => IsLoss ? Ours / Authors.Value : null;
}
