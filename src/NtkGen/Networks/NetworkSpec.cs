using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using NtkGen.Activations;
using NtkGen.Kernels;

namespace NtkGen;

/// <summary>
/// The shape and initialization of a fully-connected network (THEORY.md §1): input size <c>n0</c>, hidden widths
/// <c>n_1 … n_{L-1}</c>, output size <c>n_L = O</c>, activation, σ_w², σ_b², parametrization and whether biases
/// count in the NTK. Layers are numbered <c>1 … L</c> as in the papers; layer <c>l</c> maps <c>n_{l-1}</c> to <c>n_l</c>.
/// </summary>
/// <remarks>
/// Parameters are stored in one contiguous vector, layer after layer: <c>W_l</c> row-major
/// (<c>n_l × n_{l-1}</c>, the PyTorch <c>Linear.weight</c> layout) followed by <c>b_l</c>.
/// </remarks>
public sealed class NetworkSpec : IEquatable<NetworkSpec>
{
    private readonly int[] _widths;
    private readonly long[] _weightOffsets;
    private readonly int[] _widthPrefixSums; // _widthPrefixSums[l] = n_0 + … + n_{l-1}

    /// <summary>Creates a network specification; throws <see cref="ArgumentException"/> for an invalid one.</summary>
    public NetworkSpec(
        int inputSize,
        IReadOnlyList<int> hiddenWidths,
        int outputSize,
        Activation activation = Activation.ReLU,
        double sigmaW2 = 2.0,
        double sigmaB2 = 0.0,
        Parametrization parametrization = Parametrization.Standard,
        bool includeBiases = true,
        double leakySlope = 0.01)
    {
        ArgumentNullException.ThrowIfNull(hiddenWidths);
        if (inputSize <= 0) throw new ArgumentException($"The input size must be positive (got {inputSize}).", nameof(inputSize));
        if (outputSize <= 0) throw new ArgumentException($"The output size must be positive (got {outputSize}).", nameof(outputSize));
        for (int i = 0; i < hiddenWidths.Count; i++)
        {
            if (hiddenWidths[i] <= 0)
                throw new ArgumentException($"Hidden width {i + 1} must be positive (got {hiddenWidths[i]}).", nameof(hiddenWidths));
        }
        if (!(sigmaW2 > 0) || double.IsInfinity(sigmaW2)) throw new ArgumentException($"σ_w² must be positive and finite (got {sigmaW2}).", nameof(sigmaW2));
        if (!(sigmaB2 >= 0) || double.IsInfinity(sigmaB2)) throw new ArgumentException($"σ_b² must be zero or positive and finite (got {sigmaB2}).", nameof(sigmaB2));
        if (!Enum.IsDefined(activation)) throw new ArgumentException($"Unknown activation {(int)activation}.", nameof(activation));
        if (!Enum.IsDefined(parametrization)) throw new ArgumentException($"Unknown parametrization {(int)parametrization}.", nameof(parametrization));
        if (!double.IsFinite(leakySlope)) throw new ArgumentException("The leaky slope must be finite.", nameof(leakySlope));

        InputSize = inputSize;
        HiddenWidths = [.. hiddenWidths];
        OutputSize = outputSize;
        Activation = activation;
        SigmaW2 = sigmaW2;
        SigmaB2 = sigmaB2;
        Parametrization = parametrization;
        IncludeBiases = includeBiases;
        LeakySlope = activation == Activation.LeakyReLU ? leakySlope : 0.01;
        ActivationFunction = ActivationFunction.For(activation, LeakySlope);

        _widths = [inputSize, .. hiddenWidths, outputSize];
        _widthPrefixSums = new int[_widths.Length + 1];
        for (int l = 0; l < _widths.Length; l++) _widthPrefixSums[l + 1] = checked(_widthPrefixSums[l] + _widths[l]);
        _weightOffsets = new long[LayerCount + 2];
        long offset = 0;
        for (int l = 1; l <= LayerCount; l++)
        {
            _weightOffsets[l] = offset;
            offset += (long)_widths[l] * _widths[l - 1] + _widths[l];
        }
        _weightOffsets[LayerCount + 1] = offset;
        TotalParameterCount = offset;
        MaxWidth = _widths.Max();
    }

    /// <summary>Input dimension <c>n0</c>.</summary>
    public int InputSize { get; }

    /// <summary>Hidden widths <c>n_1 … n_{L-1}</c>.</summary>
    public ImmutableArray<int> HiddenWidths { get; }

    /// <summary>Number of output units <c>O = n_L</c>.</summary>
    public int OutputSize { get; }

    /// <summary>The hidden-layer nonlinearity.</summary>
    public Activation Activation { get; }

    /// <summary>Negative-side slope of <see cref="Activation.LeakyReLU"/> (0.01 for other activations, unused).</summary>
    public double LeakySlope { get; }

    /// <summary>The activation's operator, with its slope.</summary>
    public ActivationFunction ActivationFunction { get; }

    /// <summary>Weight variance scale σ_w².</summary>
    public double SigmaW2 { get; }

    /// <summary>Bias variance σ_b².</summary>
    public double SigmaB2 { get; }

    /// <summary>Standard or NTK parametrization.</summary>
    public Parametrization Parametrization { get; }

    /// <summary>Whether the biases count as parameters of the NTK.</summary>
    public bool IncludeBiases { get; }

    /// <summary>Number of weight layers <c>L</c> (hidden layers + 1).</summary>
    public int LayerCount => HiddenWidths.Length + 1;

    /// <summary>
    /// Total number of weights and biases. Networks too large for one array (over 2³¹ parameters) can still be
    /// described, e.g. for the exact engines, which never hold weights; asking them for this throws.
    /// </summary>
    public int ParameterCount => TotalParameterCount <= Array.MaxLength
        ? (int)TotalParameterCount
        : throw new InvalidOperationException($"The network {this} has {TotalParameterCount} parameters, more than an array can hold.");

    /// <summary>Total number of weights and biases, for networks of any size.</summary>
    public long TotalParameterCount { get; }

    /// <summary>The largest of all layer widths, input and output included.</summary>
    public int MaxWidth { get; }

    /// <summary>Width <c>n_l</c> of layer <paramref name="layer"/>, for <c>0 ≤ layer ≤ L</c> (<c>n_0</c> is the input size).</summary>
    public int Width(int layer) => _widths[layer];

    /// <summary>Offset of <c>W_l</c> in the parameter vector (<c>1 ≤ layer ≤ L</c>).</summary>
    public int WeightOffset(int layer)
    {
        CheckLayer(layer);
        _ = ParameterCount;
        return (int)_weightOffsets[layer];
    }

    /// <summary>Offset of <c>b_l</c> in the parameter vector (<c>1 ≤ layer ≤ L</c>).</summary>
    public int BiasOffset(int layer) => WeightOffset(layer) + _widths[layer] * _widths[layer - 1];

    /// <summary>
    /// Where <c>b_l</c> would start in the parameter vector, for networks of any size (<see cref="BiasOffset"/> where that
    /// fits an int): the weight-free engines index their bias draws by it.
    /// </summary>
    public long BiasIndex(int layer)
    {
        CheckLayer(layer);
        return _weightOffsets[layer] + (long)_widths[layer] * _widths[layer - 1];
    }

    /// <summary>
    /// The factor <c>s_l</c> multiplying <c>W_l a_{l-1}</c> in the forward pass: 1 in standard parametrization,
    /// <c>σ_w/√n_{l-1}</c> in NTK parametrization.
    /// </summary>
    public double WeightScale(int layer)
    {
        CheckLayer(layer);
        return Parametrization == Parametrization.Ntk ? Math.Sqrt(SigmaW2 / _widths[layer - 1]) : 1.0;
    }

    /// <summary>Standard deviation of the stored weights of layer <paramref name="layer"/> at initialization.</summary>
    public double InitialWeightStandardDeviation(int layer)
    {
        CheckLayer(layer);
        return Parametrization == Parametrization.Ntk ? 1.0 : Math.Sqrt(SigmaW2 / _widths[layer - 1]);
    }

    /// <summary>Standard deviation of the biases at initialization, <c>σ_b</c>.</summary>
    public double InitialBiasStandardDeviation => Math.Sqrt(SigmaB2);

    /// <summary>Length of a forward trace: the activations <c>a_0 … a_{L-1}</c> concatenated.</summary>
    public int ActivationTraceLength => SumWidths(0, LayerCount - 1);

    /// <summary>Length of the derivative trace <c>φ'(z_1) … φ'(z_{L-1})</c> concatenated.</summary>
    public int DerivativeTraceLength => SumWidths(1, LayerCount - 1);

    /// <summary>Length of the backward trace of one output unit: <c>δ_1 … δ_L</c> concatenated.</summary>
    public int DeltaTraceLength => SumWidths(1, LayerCount);

    /// <summary>Offset of <c>a_l</c> in the activation trace (<c>0 ≤ l ≤ L-1</c>).</summary>
    public int ActivationOffset(int layer) => SumWidths(0, layer - 1);

    /// <summary>Offset of <c>φ'(z_l)</c> in the derivative trace (<c>1 ≤ l ≤ L-1</c>).</summary>
    public int DerivativeOffset(int layer) => SumWidths(1, layer - 1);

    /// <summary>Offset of <c>δ_l</c> in the backward trace (<c>1 ≤ l ≤ L</c>).</summary>
    public int DeltaOffset(int layer) => SumWidths(1, layer - 1);

    /// <summary>
    /// A key equal for every specification that the same kernel computes exactly: widths, activation (and slope),
    /// the per-layer weight scales and whether biases count. σ_w² and σ_b² only change the initialization in
    /// standard parametrization, so they are not part of it there.
    /// </summary>
    public string KernelKey
    {
        get
        {
            // Only the leaky ReLU's slope changes what its kernel computes.
            var key = string.Join("-", _widths) + "|" + (Activation == Activation.LeakyReLU
                ? "LeakyReLU(" + LeakySlope.ToString("R", CultureInfo.InvariantCulture) + ")"
                : Activation.ToString());
            key += Parametrization == Parametrization.Ntk
                ? "|ntk(" + SigmaW2.ToString("R", CultureInfo.InvariantCulture) + ")"
                : "|standard";
            return key + (IncludeBiases ? "|biases" : "|no-biases");
        }
    }

    /// <summary>Creates parameters initialized from <paramref name="seed"/> (THEORY.md §1); see <see cref="NetworkParameters{T}.Initialize"/>.</summary>
    public NetworkParameters<T> CreateParameters<T>(ulong seed, ulong stream = 0)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => NetworkParameters<T>.Initialize(this, seed, stream);

    /// <summary>The best kernel for this network on this machine (see <see cref="KernelRegistry.Resolve{T}(NetworkSpec)"/>).</summary>
    public INtkKernel<T> Kernel<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => KernelRegistry.Resolve<T>(this);

    /// <summary>A copy with other initialization variances (the kernel key stays the same in standard parametrization).</summary>
    public NetworkSpec WithVariances(double sigmaW2, double sigmaB2)
        => new(InputSize, HiddenWidths, OutputSize, Activation, sigmaW2, sigmaB2, Parametrization, IncludeBiases, LeakySlope);

    /// <summary>A short description, e.g. <c>16→64×3→1 ReLU, standard, σ_w²=2, σ_b²=0</c>.</summary>
    public override string ToString()
    {
        string hidden = HiddenWidths.Length == 0
            ? ""
            : HiddenWidths.All(w => w == HiddenWidths[0]) && HiddenWidths.Length > 1
                ? $"{HiddenWidths[0]}×{HiddenWidths.Length}→"
                : string.Join("→", HiddenWidths) + "→";
        var inv = CultureInfo.InvariantCulture;
        return $"{InputSize}→{hidden}{OutputSize} {Activation}, {Parametrization.ToString().ToLowerInvariant()}, "
            + $"σ_w²={SigmaW2.ToString("G6", inv)}, σ_b²={SigmaB2.ToString("G6", inv)}"
            + (IncludeBiases ? "" : ", biases excluded");
    }

    /// <inheritdoc/>
    public bool Equals(NetworkSpec? other)
        => other is not null
           && _widths.AsSpan().SequenceEqual(other._widths)
           && Activation == other.Activation
           && LeakySlope.Equals(other.LeakySlope)
           && SigmaW2.Equals(other.SigmaW2)
           && SigmaB2.Equals(other.SigmaB2)
           && Parametrization == other.Parametrization
           && IncludeBiases == other.IncludeBiases;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as NetworkSpec);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(KernelKey, SigmaW2, SigmaB2);

    private int SumWidths(int from, int to) => to < from ? 0 : _widthPrefixSums[to + 1] - _widthPrefixSums[from];

    private void CheckLayer(int layer)
    {
        if (layer < 1 || layer > LayerCount)
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"Layers are numbered 1 … {LayerCount}.");
    }
}
