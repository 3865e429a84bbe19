namespace NtkGen.Statistics;

/// <summary>
/// Sufficient statistics of a sample for its first four moments: <c>n, Σx, Σx², Σx³, Σx⁴</c>. Sums of disjoint parts
/// add, so shards of a run combine into the statistics of the whole run.
/// </summary>
public readonly record struct PowerSums(long Count, double Sum1, double Sum2, double Sum3, double Sum4)
{
    /// <summary>The sums of one more value.</summary>
    public PowerSums Add(double x)
    {
        double x2 = x * x;
        return new PowerSums(Count + 1, Sum1 + x, Sum2 + x2, Sum3 + x2 * x, Sum4 + x2 * x2);
    }

    /// <summary>The sums of both samples.</summary>
    public PowerSums Merge(PowerSums other)
        => new(Count + other.Count, Sum1 + other.Sum1, Sum2 + other.Sum2, Sum3 + other.Sum3, Sum4 + other.Sum4);

    /// <summary>The sample mean.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double Mean => Sum1 / Count;

    /// <summary>The raw moment <c>E[x^k]</c> estimate, k = 1 … 4.</summary>
    public double Moment(int k) => k switch
    {
        1 => Sum1 / Count,
        2 => Sum2 / Count,
        3 => Sum3 / Count,
        4 => Sum4 / Count,
        _ => throw new ArgumentOutOfRangeException(nameof(k)),
    };

    /// <summary>The standard error of the mean, <c>sd/√n</c>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double StandardErrorOfMean
    {
        get
        {
            if (Count < 2) return double.NaN;
            double mean = Mean;
            double variance = Math.Max(0, (Sum2 - Count * mean * mean) / (Count - 1));
            return Math.Sqrt(variance / Count);
        }
    }

    /// <summary>
    /// The dispersion <c>R = E[x²]/E[x]²</c> and its standard error by the delta method:
    /// <c>Var R ≈ ∇Rᵀ Cov(x, x²) ∇R / n</c> with <c>∇R = (−2 m2/m1³, 1/m1²)</c>.
    /// </summary>
    public (double Ratio, double StandardError) Dispersion()
    {
        double m1 = Moment(1), m2 = Moment(2), m3 = Moment(3), m4 = Moment(4);
        double ratio = m2 / (m1 * m1);
        double g1 = -2 * m2 / (m1 * m1 * m1), g2 = 1 / (m1 * m1);
        double v11 = m2 - m1 * m1, v12 = m3 - m1 * m2, v22 = m4 - m2 * m2;
        double variance = (g1 * g1 * v11 + 2 * g1 * g2 * v12 + g2 * g2 * v22) / Count;
        return (ratio, Math.Sqrt(Math.Max(0, variance)));
    }
}
