namespace NtkGen.Training;

/// <summary>
/// What the authors' Figure 4 shows, read off the PNG stored in their <c>ntk_dynamics_figures.ipynb</c> (cells 4–5,
/// THEORY.md §6): ReLU networks <c>784 → 300 × 20 → 10</c>, σ_b² = 0, all 60 000 MNIST training digits, full-batch Adam
/// at 1e-4 in float32. The ratios are read to about <see cref="RatioReadingError"/>; the losses from a logarithmic axis,
/// to about a quarter of a decade. These are the figure's numbers, not a model: nothing in the product is fitted to them.
/// </summary>
public static class AuthorsFigure4
{
    /// <summary>How precisely a ratio can be read off the figure.</summary>
    public const double RatioReadingError = 0.03;

    /// <summary>The σ_w² of the figure's three networks: ordered, edge of chaos, chaotic.</summary>
    public static IReadOnlyList<double> SigmaW2 { get; } = [1.0, 2.0, 2.2];

    /// <summary>The steps at which the figure's ratios are read (those of its heatmaps after initialization).
    /// Declared before <see cref="Values"/>, which is built from it.</summary>
    public static IReadOnlyList<int> RatioSteps { get; } = [100, 500, 2000];

    /// <summary>Every value read off the figure.</summary>
    public static IReadOnlyList<Figure4Value> Values { get; } =
    [
        .. Ratios(Figure4Quantity.BlockRatio, [0.78, 0.88, 0.94], [0.27, 0.50, 0.65], [0.36, 0.81, 0.90]),
        .. Ratios(Figure4Quantity.OtherClassRatio, [0.46, 0.43, 0.44], [0.17, 0.32, 0.38], [0.28, 0.74, 0.78]),
        new(1.0, 1000, Figure4Quantity.TrainLoss, 1.5e-3), new(2.0, 1000, Figure4Quantity.TrainLoss, 1.4e-2), new(2.2, 1000, Figure4Quantity.TrainLoss, 7.2e-2),
        new(1.0, 1000, Figure4Quantity.TestLoss, 2.5e-2), new(2.0, 1000, Figure4Quantity.TestLoss, 8e-2), new(2.2, 1000, Figure4Quantity.TestLoss, 8e-2),
    ];

    private static IEnumerable<Figure4Value> Ratios(Figure4Quantity quantity, double[] ordered, double[] edge, double[] chaotic)
    {
        double[][] bySigma = [ordered, edge, chaotic];
        for (int s = 0; s < SigmaW2.Count; s++)
            for (int t = 0; t < RatioSteps.Count; t++)
                yield return new Figure4Value(SigmaW2[s], RatioSteps[t], quantity, bySigma[s][t]);
    }
}

/// <summary>One of the quantities of the authors' Figure 4.</summary>
public enum Figure4Quantity
{
    /// <summary><c>Θ̄_c/Θ̄_d</c>: the mean of the within-class blocks, diagonal included, over the mean diagonal.</summary>
    BlockRatio,

    /// <summary><c>Θ̄_n/Θ̄_d</c>: the mean over pairs of different classes over the mean diagonal.</summary>
    OtherClassRatio,

    /// <summary>The training loss <c>(1/N) Σ ½‖y − f(x)‖²</c>.</summary>
    TrainLoss,

    /// <summary>The same loss on the test digits.</summary>
    TestLoss,
}

/// <summary>A value of the authors' figure: the network's σ_w², the step and the quantity.</summary>
public sealed record Figure4Value(double SigmaW2, int Step, Figure4Quantity Quantity, double Value);
