using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using NtkGen.Random;

namespace NtkGen.Kernels;

/// <summary>
/// How <see cref="KernelRegistry"/> picks a generated tier when none is forced: the two widest tiers the CPU accelerates
/// are timed on the shape itself (an NTK matrix of one block of samples of the widest tier and per-sample diagonals,
/// alternating, best of five), because wider is not always faster (e.g. CPUs that split 512-bit operations or lower
/// their clock for them). The wider tier wins unless the narrower one is at least <see cref="Margin"/> faster, which keeps
/// the choice stable under noise. Each shape is measured once per process.
/// </summary>
public static class KernelSelection
{
    /// <summary>The narrower tier must take less than this fraction of the wider tier's time to be chosen.</summary>
    public const double Margin = 0.9;

    /// <summary>Shapes with more parameters than this are not timed (it would take too long): the widest tier is used.</summary>
    public const int MaxTimedParameters = 1 << 22;

    private const int Rounds = 5;

    private static readonly ConcurrentDictionary<(string Key, Type Element), Lazy<Choice>> s_choices = new();

    /// <summary>The outcome of a selection: the tier, and what was measured (empty when nothing was timed).</summary>
    /// <param name="Tier">The chosen tier.</param>
    /// <param name="Timings">Best time per timed tier, in milliseconds.</param>
    /// <param name="Reason">Why this tier: measured, the only candidate, or too large to time.</param>
    public sealed record Choice(KernelTier Tier, IReadOnlyList<(KernelTier Tier, double Milliseconds)> Timings, string Reason)
    {
        /// <inheritdoc/>
        public override string ToString()
            => Timings.Count == 0
                ? $"{KernelTiers.ShortName(Tier)} ({Reason})"
                : $"{KernelTiers.ShortName(Tier)} ({Reason}: " + string.Join(", ", Timings.Select(t => $"{KernelTiers.ShortName(t.Tier)} {t.Milliseconds.ToString("0.###", CultureInfo.InvariantCulture)} ms")) + ")";
    }

    /// <summary>
    /// Picks between <paramref name="wider"/> and <paramref name="narrower"/> from their best times: the wider unless the
    /// narrower takes less than <see cref="Margin"/> of its time.
    /// </summary>
    public static KernelTier Decide(KernelTier wider, double widerMilliseconds, KernelTier narrower, double narrowerMilliseconds)
        => narrowerMilliseconds < Margin * widerMilliseconds ? narrower : wider;

    /// <summary>The selection for <paramref name="spec"/> among the accelerated generated <paramref name="candidates"/> (widest first).</summary>
    internal static Choice Select<T>(NetworkSpec spec, IReadOnlyList<KernelTier> candidates, Func<KernelTier, INtkKernel<T>> kernelOf)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => s_choices.GetOrAdd((spec.KernelKey, typeof(T)), _ => new Lazy<Choice>(() => Measure(spec, candidates, kernelOf))).Value;

    /// <summary>The selection already made for <paramref name="spec"/>, if any.</summary>
    public static Choice? Existing<T>(NetworkSpec spec)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => s_choices.TryGetValue((spec.KernelKey, typeof(T)), out var choice) && choice.IsValueCreated ? choice.Value : null;

    private static Choice Measure<T>(NetworkSpec spec, IReadOnlyList<KernelTier> candidates, Func<KernelTier, INtkKernel<T>> kernelOf)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var vectorTiers = candidates.Where(t => t is KernelTier.Vector512 or KernelTier.Vector256 or KernelTier.Vector128).Take(2).ToList();
        if (vectorTiers.Count < 2) return new Choice(candidates[0], [], "the widest generated tier");
        if (spec.TotalParameterCount > MaxTimedParameters) return new Choice(vectorTiers[0], [], "too large to time; the widest");

        // A batch that fills a block of the widest tier's batched path (smaller batches leave its lanes idle and favour the
        // narrower tier, unlike the batches the kernels are for), and a few single-sample diagonals.
        int count = 4 * Math.Max(2, 64 / System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
        var parameters = spec.CreateParameters<T>(seed: 1).Values;
        var inputs = new T[count * spec.InputSize];
        new GaussianStream(2, 0).Fill(inputs, scale: 1 / Math.Sqrt(spec.InputSize));
        var weights = new T[count * count];
        var biases = new T[count * count];
        var kernels = vectorTiers.Select(kernelOf).ToList();
        var best = new double[kernels.Count];
        Array.Fill(best, double.PositiveInfinity);
        for (int round = -1; round < Rounds; round++)
        {
            // Alternating tiers round by round: a burst of load from elsewhere hits both, and the best time survives it.
            for (int k = 0; k < kernels.Count; k++)
            {
                var clock = Stopwatch.StartNew();
                kernels[k].NtkMatrix(parameters, inputs, inputs, weights, biases);
                for (int i = 0; i < 4; i++) kernels[k].NtkDiagonal(parameters, inputs.AsSpan(i * spec.InputSize, spec.InputSize));
                double milliseconds = clock.Elapsed.TotalMilliseconds;
                if (round >= 0) best[k] = Math.Min(best[k], milliseconds);
            }
        }
        var timings = vectorTiers.Select((tier, k) => (tier, best[k])).ToList();
        return new Choice(Decide(vectorTiers[0], best[0], vectorTiers[1], best[1]), timings, "measured");
    }
}
