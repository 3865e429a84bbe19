using NtkGen.Theory;

namespace NtkGen.Training;

/// <summary>
/// The pattern the authors read from their Figure 4 (THEORY.md §6), checked on one run record by record instead of by eye:
/// class blocks clearer in the ordered phase than in the chaotic one, and the kernel changing more in the chaotic phase
/// than in the ordered one. It compares the run's most ordered σ_w² (smallest χ₁) with its most chaotic (largest χ₁) at
/// the record steps after 0 that both have, on three measures:
/// <list type="bullet">
/// <item>class blocks: the block contrast <c>(Θ_c − Θ_n)/Θ_d</c> of the ordered kernel minus the chaotic kernel's; the
/// description holds where it is positive;</item>
/// <item>relative change <c>‖Θ_t − Θ_0‖/‖Θ_0‖</c>, chaotic over ordered; holds above 1;</item>
/// <item>shape change (scale removed), chaotic over ordered; holds above 1.</item>
/// </list>
/// Each measure is summed up as stretches of consecutive records on which the description holds or fails, with their
/// steps and the range of the compared value: the ratios are given, so how much larger counts as "much larger" is left to
/// the reader rather than to a threshold chosen here.
/// </summary>
public sealed record Figure4Pattern(double OrderedSigmaW2, double ChaoticSigmaW2, IReadOnlyList<Figure4Point> Points)
{
    /// <summary>Where the ordered kernel's class blocks are clearer than the chaotic kernel's.</summary>
    public IReadOnlyList<PatternStretch> Blocks => Stretches(p => p.BlockContrastDifference, value => value > 0);

    /// <summary>Where the chaotic kernel's relative change exceeds the ordered kernel's.</summary>
    public IReadOnlyList<PatternStretch> RelativeChange => Stretches(p => p.RelativeChangeRatio, value => value > 1);

    /// <summary>Where the chaotic kernel's shape change exceeds the ordered kernel's.</summary>
    public IReadOnlyList<PatternStretch> ShapeChange => Stretches(p => p.ShapeChangeRatio, value => value > 1);

    /// <summary>
    /// The comparison of a run's records, or null unless the run has an ordered and a chaotic σ_w² with a record after
    /// step 0 at a common step; <paramref name="runs"/> from <see cref="TrainingReport.RunsOf"/>.
    /// </summary>
    public static Figure4Pattern? Of(IReadOnlyDictionary<double, TrainingRun> runs, IReadOnlyList<TrainingRecord> records)
    {
        var ordered = runs.Where(run => run.Value.Phase == MeanField.Ordered).OrderBy(run => run.Value.Chi1).Select(run => (double?)run.Key).FirstOrDefault();
        var chaotic = runs.Where(run => run.Value.Phase == MeanField.Chaotic).OrderByDescending(run => run.Value.Chi1).Select(run => (double?)run.Key).FirstOrDefault();
        if (ordered is not { } orderedSigma || chaotic is not { } chaoticSigma) return null;
        var chaoticByStep = records.Where(r => r.SigmaW2 == chaoticSigma && r.Step > 0).ToDictionary(r => r.Step, r => r.Kernel);
        var points = records.Where(r => r.SigmaW2 == orderedSigma && chaoticByStep.ContainsKey(r.Step)).OrderBy(r => r.Step)
            .Select(r => Figure4Point.Of(r.Step, r.Kernel, chaoticByStep[r.Step])).ToList();
        return points.Count == 0 ? null : new Figure4Pattern(orderedSigma, chaoticSigma, points);
    }

    private List<PatternStretch> Stretches(Func<Figure4Point, double> value, Func<double, bool> holds)
    {
        var stretches = new List<PatternStretch>();
        foreach (var point in Points)
        {
            double v = value(point);
            bool h = holds(v);
            if (stretches.Count > 0 && stretches[^1].Holds == h)
            {
                var last = stretches[^1];
                stretches[^1] = last with { LastStep = point.Step, Records = last.Records + 1, Least = Math.Min(last.Least, v), Most = Math.Max(last.Most, v) };
            }
            else
            {
                stretches.Add(new PatternStretch(h, point.Step, point.Step, 1, v, v));
            }
        }
        return stretches;
    }
}

/// <summary>The ordered and the chaotic kernel compared at one record step.</summary>
public sealed record Figure4Point(int Step, double OrderedBlockContrast, double ChaoticBlockContrast, double RelativeChangeRatio, double ShapeChangeRatio)
{
    /// <summary>The ordered kernel's block contrast minus the chaotic kernel's: positive where its blocks are clearer.</summary>
    public double BlockContrastDifference => OrderedBlockContrast - ChaoticBlockContrast;

    /// <summary>The comparison of the two kernels' statistics at <paramref name="step"/>.</summary>
    public static Figure4Point Of(int step, KernelSnapshot ordered, KernelSnapshot chaotic)
        => new(step, BlockContrast(ordered), BlockContrast(chaotic), chaotic.RelativeChange / ordered.RelativeChange, chaotic.ShapeChange / ordered.ShapeChange);

    // (Θ_c − Θ_n)/Θ_d: how far the within-class pairs stand above the pairs of different classes, in units of the diagonal.
    private static double BlockContrast(KernelSnapshot kernel) => kernel.SameClassRatio - kernel.OtherClassRatio;
}

/// <summary>
/// Consecutive records on which the description holds (or fails): their first and last steps, how many records, and the
/// least and most of the compared value among them.
/// </summary>
public sealed record PatternStretch(bool Holds, int FirstStep, int LastStep, int Records, double Least, double Most);
