namespace NtkGen.Statistics;

/// <summary>
/// Sufficient statistics of paired values (x, y): <c>n, Σx, Σy, Σx², Σy², Σxy</c>, enough for ratios of means such as
/// <c>E[x]/E[y]^k</c> and their delta-method standard errors. Disjoint parts add.
/// </summary>
public readonly record struct PairedSums(long Count, double SumX, double SumY, double SumXX, double SumYY, double SumXY)
{
    /// <summary>The sums with one more pair.</summary>
    public PairedSums Add(double x, double y) => new(Count + 1, SumX + x, SumY + y, SumXX + x * x, SumYY + y * y, SumXY + x * y);

    /// <summary>The sums of both samples.</summary>
    public PairedSums Merge(PairedSums other)
        => new(Count + other.Count, SumX + other.SumX, SumY + other.SumY, SumXX + other.SumXX, SumYY + other.SumYY, SumXY + other.SumXY);

    /// <summary>
    /// <c>E[x]/E[y]^power</c> and its delta-method standard error, with
    /// <c>∇ = (1/m_y^k, −k m_x/m_y^{k+1})</c> and the sample covariance of (x, y).
    /// </summary>
    public (double Value, double StandardError) RatioOfMeans(int power)
    {
        double n = Count, mx = SumX / n, my = SumY / n;
        double vx = SumXX / n - mx * mx, vy = SumYY / n - my * my, cxy = SumXY / n - mx * my;
        double value = mx / Math.Pow(my, power);
        double gx = 1 / Math.Pow(my, power), gy = -power * mx / Math.Pow(my, power + 1);
        double variance = (gx * gx * vx + 2 * gx * gy * cxy + gy * gy * vy) / n;
        return (value, Math.Sqrt(Math.Max(0, variance)));
    }
}
