using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using NtkGen.Random;

namespace NtkGen.Kernels;

/// <summary>
/// How <see cref="KernelRegistry"/> picks a generated tier when none is forced: the two widest tiers the CPU accelerates
/// are timed on the shape itself, because wider is not always faster (e.g. CPUs that split 512-bit operations or lower
/// their clock for them): an NTK matrix of a batch of four blocks of the widest tier's batched path (the batched NTK) and
/// single-sample diagonals (the Monte Carlo engines), separately, alternating tiers, best of five. The wider tier wins
/// unless the narrower one is at least <see cref="Margin"/> faster on both, which keeps the choice stable under noise
/// and never trades one path's speed for the other's. Each shape is measured once per process.
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
    /// <param name="Timings">Best times per timed tier, in milliseconds: the batch's NTK matrix and the single-sample diagonals.</param>
    /// <param name="Reason">Why this tier: measured, the only candidate, or too large to time.</param>
    public sealed record Choice(KernelTier Tier, IReadOnlyList<(KernelTier Tier, double BatchMilliseconds, double SampleMilliseconds)> Timings, string Reason)
    {
        /// <inheritdoc/>
        public override string ToString()
            => Timings.Count == 0
                ? $"{KernelTiers.ShortName(Tier)} ({Reason})"
                : $"{KernelTiers.ShortName(Tier)} ({Reason}: batch " + Join(t => t.BatchMilliseconds) + "; per sample " + Join(t => t.SampleMilliseconds) + ")";

        private string Join(Func<(KernelTier Tier, double BatchMilliseconds, double SampleMilliseconds), double> milliseconds)
            => string.Join(", ", Timings.Select(t => $"{KernelTiers.ShortName(t.Tier)} {milliseconds(t).ToString("0.####", CultureInfo.InvariantCulture)} ms"));
    }

    /// <summary>
    /// Picks between <paramref name="wider"/> and <paramref name="narrower"/> from their best times on the batched and the
    /// single-sample workload: the wider unless the narrower takes less than <see cref="Margin"/> of its time on both.
    /// </summary>
    public static KernelTier Decide(KernelTier wider, (double Batch, double Sample) widerMilliseconds, KernelTier narrower, (double Batch, double Sample) narrowerMilliseconds)
        => narrowerMilliseconds.Batch < Margin * widerMilliseconds.Batch && narrowerMilliseconds.Sample < Margin * widerMilliseconds.Sample ? narrower : wider;

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

        // Four blocks of the widest tier's batched path (a block is 64 samples in f32, 32 in f64), so that every thread has
        // whole blocks, as in the batches the kernels are for. One block (with four diagonals, timed together) favoured the
        // narrower tier although it loses on real batches: measured 1.28 against 1.43 ms there, but 2.30 against 1.37 ms
        // for 128 samples (64 → 256 × 7 → 1, f64, AVX-512).
        int count = 16 * Math.Max(2, 64 / System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
        const int Diagonals = 8;
        var parameters = spec.CreateParameters<T>(seed: 1).Values;
        var inputs = new T[count * spec.InputSize];
        new GaussianStream(2, 0).Fill(inputs, scale: 1 / Math.Sqrt(spec.InputSize));
        var weights = new T[count * count];
        var biases = new T[count * count];
        var kernels = vectorTiers.Select(kernelOf).ToList();
        var bestBatch = new double[kernels.Count];
        var bestSample = new double[kernels.Count];
        Array.Fill(bestBatch, double.PositiveInfinity);
        Array.Fill(bestSample, double.PositiveInfinity);
        for (int round = -1; round < Rounds; round++)
        {
            // Alternating tiers round by round: a burst of load from elsewhere hits both, and the best time survives it.
            for (int k = 0; k < kernels.Count; k++)
            {
                var clock = Stopwatch.StartNew();
                kernels[k].NtkMatrix(parameters, inputs, inputs, weights, biases);
                double batch = clock.Elapsed.TotalMilliseconds;
                clock.Restart();
                for (int i = 0; i < Diagonals; i++) kernels[k].NtkDiagonal(parameters, inputs.AsSpan(i * spec.InputSize, spec.InputSize));
                double sample = clock.Elapsed.TotalMilliseconds / Diagonals;
                if (round < 0) continue;
                bestBatch[k] = Math.Min(bestBatch[k], batch);
                bestSample[k] = Math.Min(bestSample[k], sample);
            }
        }
        var timings = vectorTiers.Select((tier, k) => (tier, bestBatch[k], bestSample[k])).ToList();
        var tier = Decide(vectorTiers[0], (bestBatch[0], bestSample[0]), vectorTiers[1], (bestBatch[1], bestSample[1]));
        return new Choice(tier, timings, "measured");
    }
}
