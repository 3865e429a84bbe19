using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NtkGen.Activations;
using NtkGen.Kernels.Tiles;

namespace NtkGen.Kernels;

/// <summary>
/// The batched kernel for shapes nobody declared: the batched cores of StructuredNtkKernel.Batched.cs on the same register
/// tiles as the generated kernels (<see cref="PanelTiles{T, TVector, TOps}"/>), driven by the widths, offsets and scales
/// read from the network at run time instead of written into the code; single samples and batches smaller than a vector
/// take <see cref="GenericNtkKernel{T}"/>'s per-sample cores. Named <c>runtime-v512-f32</c> etc.
/// </summary>
/// <remarks>
/// With an <see cref="OperandRounding"/> (float32 only, named <c>runtime-v512-f32-tf32</c> etc.) the batched cores round every
/// operand of a product they form to that format as soon as it is computed: the inputs and each hidden layer's
/// activations, each layer's δ and the seeds of the backward pass, in place in the panels, so that the next layer's
/// product, the gradient's <c>δ aᵀ</c> and the NTK's Gram products all see the rounded values while accumulating in
/// float32. The weights are the caller's to round. The bias gradient, a sum rather than a product, sums the rounded δ.
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
/// <typeparam name="TVector">The vector type of the tiles.</typeparam>
/// <typeparam name="TOps">Its operations.</typeparam>
/// <typeparam name="TActivation">The activation's operator.</typeparam>
/// <typeparam name="TTile">What the forward tiles apply: the activation itself when it is piecewise linear, else <see cref="FusedAffine"/>.</typeparam>
public sealed class RuntimeWidthNtkKernel<T, TVector, TOps, TActivation, TTile> : GenericNtkKernel<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TVector : struct
    where TOps : struct, IVectorOps<T, TVector>
    where TActivation : struct, IActivationOperator
    where TTile : struct, IFusedActivation
{
    private const int TileRows = PanelTiles<T, TVector, TOps>.TileRows;
    private const int StripColumns = PanelTiles<T, TVector, TOps>.StripColumns;

    [ThreadStatic]
    private static T[]? t_strip;

    private readonly Layer[] _layers;
    private readonly bool _batched;
    private readonly int _depth;
    private readonly int _outputs;
    private readonly int _derivativeRows;
    private readonly int _deltaRows;
    private readonly int _deltaTraceLength;
    private readonly int _outputRows;
    private readonly nint _panelLength;
    private readonly int _stripRows;
    private readonly T _slope;
    private readonly OperandRounding? _rounding;

    /// <summary>
    /// A run-time-width kernel for <paramref name="spec"/> on vectors of tier <paramref name="tier"/>, its batched products'
    /// operands rounded to <paramref name="rounding"/> when given (float32 only).
    /// </summary>
    public RuntimeWidthNtkKernel(NetworkSpec spec, KernelTier tier, OperandRounding? rounding = null)
        : base(spec, tier, $"runtime-{KernelTiers.ShortName(tier)}-{PrecisionName.Of<T>()}" + (rounding is { } r ? "-" + r.ShortName() : ""))
    {
        if (!TOps.IsHardwareAccelerated) throw new PlatformNotSupportedException($"This CPU does not accelerate {KernelTiers.ShortName(tier)}.");
        if (rounding is not null && typeof(T) != typeof(float)) throw new ArgumentException("Operands are rounded from float32 only.", nameof(rounding));
        _rounding = rounding;
        _depth = spec.LayerCount;
        _outputs = spec.OutputSize;
        _derivativeRows = spec.ActivationTraceLength;
        _deltaRows = _derivativeRows + spec.DerivativeTraceLength;
        _deltaTraceLength = spec.DeltaTraceLength;
        _outputRows = _deltaRows + _outputs * _deltaTraceLength;
        _slope = T.CreateTruncating(spec.LeakySlope);
        _layers = new Layer[_depth + 1];
        for (int l = 1; l <= _depth; l++)
        {
            double scale = spec.WeightScale(l);
            _layers[l] = new Layer(spec.Width(l - 1), spec.Width(l), spec.WeightOffset(l), spec.BiasOffset(l), spec.ActivationOffset(l - 1),
                l < _depth ? spec.ActivationOffset(l) : 0, l < _depth ? _derivativeRows + spec.DerivativeOffset(l) : 0, spec.DeltaOffset(l),
                T.CreateTruncating(scale));
        }
        for (int l = 1; l < _depth; l++)
            if (spec.Width(l) > StripColumns) _stripRows = Math.Max(_stripRows, spec.Width(l + 1));
        // As the generated kernels: networks whose block panel would not fit in an array keep the per-sample path.
        long panelLength = (long)(_outputRows + _outputs) * PanelTiles<T, TVector, TOps>.BlockColumns;
        _batched = panelLength <= int.MaxValue / 2;
        _panelLength = (nint)panelLength;
    }

    /// <inheritdoc/>
    public override KernelPath Path => new(Tier, RuntimeWidth: true);

    /// <inheritdoc/>
    protected override OperandRounding? Rounding => _rounding;

    /// <inheritdoc/>
    protected override int BatchColumns => _batched ? PanelTiles<T, TVector, TOps>.BlockColumns : 0;

    /// <inheritdoc/>
    protected override int BatchLanes => _batched ? TOps.Lanes : 0;

    /// <inheritdoc/>
    protected override int GramTileRows => PanelTiles<T, TVector, TOps>.GramTileRows;

    /// <inheritdoc/>
    protected override int GramTileVectors => PanelTiles<T, TVector, TOps>.GramTileVectors;

    private static nint Block => PanelTiles<T, TVector, TOps>.BlockColumns;

    /// <summary>Vectors of samples a forward or backward tile covers: four with 32 registers, two with 16.</summary>
    private static int WidestVectors => PanelTiles<T, TVector, TOps>.ManyRegisters ? PanelTiles<T, TVector, TOps>.BlockVectors : PanelTiles<T, TVector, TOps>.BlockVectors / 2;

    /// <inheritdoc/>
    protected override void ForwardBlocks(ReadOnlySpan<T> parameters, Span<T> panels, int blocks, int vectors)
    {
        ref T p = ref MemoryMarshal.GetReference(parameters);
        ref T x = ref MemoryMarshal.GetReference(panels);
        for (int start = 0; start < vectors; start += WidestVectors)
        {
            ref T column = ref Unsafe.Add(ref x, start * TOps.Lanes);
            switch (Math.Min(WidestVectors, vectors - start))
            {
                case 1: ForwardLayers<TileCount1>(ref p, ref column, blocks); break;
                case 2: ForwardLayers<TileCount2>(ref p, ref column, blocks); break;
                case 3: ForwardLayers<TileCount3>(ref p, ref column, blocks); break;
                default: ForwardLayers<TileCount4>(ref p, ref column, blocks); break;
            }
        }
    }

    /// <inheritdoc/>
    protected override void BackwardBlocks(ReadOnlySpan<T> parameters, Span<T> panels, int blocks, int outputIndex, int vectors)
    {
        int seedRows = _deltaRows + outputIndex * _deltaTraceLength;
        for (int b = 0; b < blocks; b++)
        {
            // δ_L = e_k for every sample.
            var last = panels.Slice((int)(b * _panelLength + (seedRows + _layers[_depth].DeltaRow) * Block), (int)(_outputs * Block));
            last.Clear();
            last.Slice((int)(outputIndex * Block), (int)Block).Fill(T.One);
        }
        BackwardFrom(parameters, panels, blocks, seedRows, vectors);
    }

    /// <inheritdoc/>
    protected override void BackwardSeededBlocks(ReadOnlySpan<T> parameters, Span<T> panels, int blocks, int vectors)
        => BackwardFrom(parameters, panels, blocks, _deltaRows, vectors);

    /// <inheritdoc/>
    protected override void GramLayerTile(int rows, int vectors, ref T a1, ref T a2, nint k, ref T e1, ref T e2, nint kd, nint segments, nint segmentStride,
        T s2, int mode, bool includeBiases, ref T w, ref T b, nint stride)
        => PanelTiles<T, TVector, TOps>.GramTile(rows, vectors, ref a1, ref a2, k, ref e1, ref e2, kd, segments, segmentStride, s2, mode, includeBiases, ref w, ref b, stride);

    /// <summary>Every layer's forward pass for <c>TV</c> vectors of samples of each block, a row tile of weights serving every block while in cache.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ForwardLayers<TV>(ref T p, ref T x, nint blocks)
        where TV : struct, ITileCount
    {
        int columns = TV.Value * TOps.Lanes;
        if (_rounding is not null) RoundRows(ref Unsafe.Add(ref x, _layers[1].InputRow * Block), _layers[1].FanIn, blocks, columns);
        for (int l = 1; l <= _depth; l++)
        {
            ref readonly Layer layer = ref _layers[l];
            ref T input = ref Unsafe.Add(ref x, layer.InputRow * Block);
            if (l == _depth)
            {
                ForwardLinearRows<TV>(ref p, in layer, ref input, ref Unsafe.Add(ref x, _outputRows * Block), blocks);
                continue;
            }
            ref T a = ref Unsafe.Add(ref x, layer.OutputRow * Block);
            ref T d = ref Unsafe.Add(ref x, layer.DerivativeRow * Block);
            if (TTile.HasDerivative)
            {
                ForwardRows<TV, TTile>(ref p, in layer, ref input, ref a, ref d, blocks);
            }
            else
            {
                // Smooth activations: z into a's rows, then the operator's vector form row by row.
                ForwardLinearRows<TV>(ref p, in layer, ref input, ref a, blocks);
                for (nint j = 0; j < blocks * layer.FanOut; j++)
                {
                    nint row = j / layer.FanOut * _panelLength + j % layer.FanOut * Block;
                    var z = MemoryMarshal.CreateSpan(ref Unsafe.Add(ref a, row), columns);
                    TActivation.Apply<T>(z, z, MemoryMarshal.CreateSpan(ref Unsafe.Add(ref d, row), columns), _slope);
                }
            }
            if (_rounding is not null) RoundRows(ref a, layer.FanOut, blocks, columns);
        }
    }

    /// <summary>Rounds <paramref name="rows"/> rows from <paramref name="first"/> of every block, their first <paramref name="columns"/> columns, to the operands' format.</summary>
    private void RoundRows(ref T first, int rows, nint blocks, int columns)
    {
        var rounding = _rounding!.Value;
        for (nint b = 0; b < blocks; b++)
            for (nint r = 0; r < rows; r++)
                OperandRoundings.Round(MemoryMarshal.Cast<T, float>(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref first, b * _panelLength + r * Block), columns)), rounding);
    }

    private void ForwardRows<TV, TFused>(ref T p, in Layer layer, ref T input, ref T a, ref T d, nint blocks)
        where TV : struct, ITileCount
        where TFused : struct, IFusedActivation
    {
        int fanIn = layer.FanIn, full = layer.FanOut / TileRows * TileRows;
        ref T weights = ref Unsafe.Add(ref p, layer.WeightOffset);
        ref T biases = ref Unsafe.Add(ref p, layer.BiasOffset);
        for (int j = 0; j < full; j += TileRows)
        {
            PanelTiles<T, TVector, TOps>.Forward<TileCount6, TV, TFused>(ref Unsafe.Add(ref weights, j * fanIn), fanIn, ref input, ref Unsafe.Add(ref biases, j),
                layer.Scale, _slope, ref Unsafe.Add(ref a, j * Block), ref Unsafe.Add(ref d, j * Block), blocks, _panelLength);
        }
        if (full == layer.FanOut) return;
        ref T w = ref Unsafe.Add(ref weights, full * fanIn);
        ref T b = ref Unsafe.Add(ref biases, full);
        ref T aRest = ref Unsafe.Add(ref a, full * Block);
        ref T dRest = ref Unsafe.Add(ref d, full * Block);
        switch (layer.FanOut - full)
        {
            case 1: PanelTiles<T, TVector, TOps>.Forward<TileCount1, TV, TFused>(ref w, fanIn, ref input, ref b, layer.Scale, _slope, ref aRest, ref dRest, blocks, _panelLength); break;
            case 2: PanelTiles<T, TVector, TOps>.Forward<TileCount2, TV, TFused>(ref w, fanIn, ref input, ref b, layer.Scale, _slope, ref aRest, ref dRest, blocks, _panelLength); break;
            case 3: PanelTiles<T, TVector, TOps>.Forward<TileCount3, TV, TFused>(ref w, fanIn, ref input, ref b, layer.Scale, _slope, ref aRest, ref dRest, blocks, _panelLength); break;
            case 4: PanelTiles<T, TVector, TOps>.Forward<TileCount4, TV, TFused>(ref w, fanIn, ref input, ref b, layer.Scale, _slope, ref aRest, ref dRest, blocks, _panelLength); break;
            default: PanelTiles<T, TVector, TOps>.Forward<TileCount5, TV, TFused>(ref w, fanIn, ref input, ref b, layer.Scale, _slope, ref aRest, ref dRest, blocks, _panelLength); break;
        }
    }

    private void ForwardLinearRows<TV>(ref T p, in Layer layer, ref T input, ref T z, nint blocks)
        where TV : struct, ITileCount
    {
        int fanIn = layer.FanIn, full = layer.FanOut / TileRows * TileRows;
        ref T weights = ref Unsafe.Add(ref p, layer.WeightOffset);
        ref T biases = ref Unsafe.Add(ref p, layer.BiasOffset);
        for (int j = 0; j < full; j += TileRows)
        {
            PanelTiles<T, TVector, TOps>.ForwardLinear<TileCount6, TV>(ref Unsafe.Add(ref weights, j * fanIn), fanIn, ref input, ref Unsafe.Add(ref biases, j),
                layer.Scale, ref Unsafe.Add(ref z, j * Block), blocks, _panelLength);
        }
        if (full == layer.FanOut) return;
        ref T w = ref Unsafe.Add(ref weights, full * fanIn);
        ref T b = ref Unsafe.Add(ref biases, full);
        ref T zRest = ref Unsafe.Add(ref z, full * Block);
        switch (layer.FanOut - full)
        {
            case 1: PanelTiles<T, TVector, TOps>.ForwardLinear<TileCount1, TV>(ref w, fanIn, ref input, ref b, layer.Scale, ref zRest, blocks, _panelLength); break;
            case 2: PanelTiles<T, TVector, TOps>.ForwardLinear<TileCount2, TV>(ref w, fanIn, ref input, ref b, layer.Scale, ref zRest, blocks, _panelLength); break;
            case 3: PanelTiles<T, TVector, TOps>.ForwardLinear<TileCount3, TV>(ref w, fanIn, ref input, ref b, layer.Scale, ref zRest, blocks, _panelLength); break;
            case 4: PanelTiles<T, TVector, TOps>.ForwardLinear<TileCount4, TV>(ref w, fanIn, ref input, ref b, layer.Scale, ref zRest, blocks, _panelLength); break;
            default: PanelTiles<T, TVector, TOps>.ForwardLinear<TileCount5, TV>(ref w, fanIn, ref input, ref b, layer.Scale, ref zRest, blocks, _panelLength); break;
        }
    }

    /// <summary>The backward pass from δ_L in the rows from <paramref name="seedRows"/> (one output's δ trace) down to δ_1.</summary>
    private void BackwardFrom(ReadOnlySpan<T> parameters, Span<T> panels, int blocks, int seedRows, int vectors)
    {
        if (_rounding is not null)
            RoundRows(ref Unsafe.Add(ref MemoryMarshal.GetReference(panels), (seedRows + _layers[_depth].DeltaRow) * Block), _outputs, blocks, (int)Block);
        if (_depth == 1) return;
        ref T p = ref MemoryMarshal.GetReference(parameters);
        ref T x = ref MemoryMarshal.GetReference(panels);
        ref T e = ref Unsafe.Add(ref x, seedRows * Block);
        for (int start = 0; start < vectors; start += WidestVectors)
        {
            nint column = start * TOps.Lanes;
            switch (Math.Min(WidestVectors, vectors - start))
            {
                case 1: BackwardLayers<TileCount1>(ref p, ref Unsafe.Add(ref x, column), ref Unsafe.Add(ref e, column), blocks); break;
                case 2: BackwardLayers<TileCount2>(ref p, ref Unsafe.Add(ref x, column), ref Unsafe.Add(ref e, column), blocks); break;
                case 3: BackwardLayers<TileCount3>(ref p, ref Unsafe.Add(ref x, column), ref Unsafe.Add(ref e, column), blocks); break;
                default: BackwardLayers<TileCount4>(ref p, ref Unsafe.Add(ref x, column), ref Unsafe.Add(ref e, column), blocks); break;
            }
        }
    }

    /// <summary><c>δ_l = φ'(z_l) ⊙ (s_{l+1} W_{l+1}ᵀ δ_{l+1})</c> for l = L − 1 … 1; a wide layer's W columns are copied strip by strip first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void BackwardLayers<TV>(ref T p, ref T x, ref T e, nint blocks)
        where TV : struct, ITileCount
    {
        T[]? strip = null;
        if (_stripRows > 0)
        {
            strip = t_strip;
            if (strip is null || strip.Length < _stripRows * StripColumns) t_strip = strip = new T[_stripRows * StripColumns];
        }
        for (int l = _depth - 1; l >= 1; l--)
        {
            ref readonly Layer layer = ref _layers[l];
            ref readonly Layer next = ref _layers[l + 1];
            int width = layer.FanOut, above = next.FanOut;
            ref T weights = ref Unsafe.Add(ref p, next.WeightOffset);
            ref T deltaAbove = ref Unsafe.Add(ref e, next.DeltaRow * Block);
            ref T d = ref Unsafe.Add(ref x, layer.DerivativeRow * Block);
            ref T delta = ref Unsafe.Add(ref e, layer.DeltaRow * Block);
            if (width <= StripColumns)
            {
                BackwardRows<TV>(ref weights, width, width, above, ref deltaAbove, next.Scale, ref d, ref delta, blocks);
            }
            else
            {
                // W_{l+1}'s columns are read down its rows, a cache line per row: a contiguous strip streams from cache instead.
                ref T packed = ref MemoryMarshal.GetArrayDataReference(strip!);
                for (int j0 = 0; j0 < width; j0 += StripColumns)
                {
                    int columns = Math.Min(StripColumns, width - j0);
                    PanelTiles<T, TVector, TOps>.PackColumns(ref Unsafe.Add(ref weights, j0), width, above, columns, ref packed);
                    BackwardRows<TV>(ref packed, StripColumns, columns, above, ref deltaAbove, next.Scale,
                        ref Unsafe.Add(ref d, j0 * Block), ref Unsafe.Add(ref delta, j0 * Block), blocks);
                }
            }
            if (_rounding is not null) RoundRows(ref delta, width, blocks, TV.Value * TOps.Lanes);
        }
    }

    /// <summary>Row tiles of δ over <paramref name="rows"/> columns of a W with <paramref name="stride"/> columns and <paramref name="above"/> rows.</summary>
    private void BackwardRows<TV>(ref T w, int stride, int rows, int above, ref T deltaAbove, T scale, ref T d, ref T delta, nint blocks)
        where TV : struct, ITileCount
    {
        int full = rows / TileRows * TileRows;
        for (int j = 0; j < full; j += TileRows)
        {
            PanelTiles<T, TVector, TOps>.Backward<TileCount6, TV>(ref Unsafe.Add(ref w, j), stride, above, ref deltaAbove, scale,
                ref Unsafe.Add(ref d, j * Block), ref Unsafe.Add(ref delta, j * Block), blocks, _panelLength);
        }
        if (full == rows) return;
        ref T wRest = ref Unsafe.Add(ref w, full);
        ref T dRest = ref Unsafe.Add(ref d, full * Block);
        ref T deltaRest = ref Unsafe.Add(ref delta, full * Block);
        switch (rows - full)
        {
            case 1: PanelTiles<T, TVector, TOps>.Backward<TileCount1, TV>(ref wRest, stride, above, ref deltaAbove, scale, ref dRest, ref deltaRest, blocks, _panelLength); break;
            case 2: PanelTiles<T, TVector, TOps>.Backward<TileCount2, TV>(ref wRest, stride, above, ref deltaAbove, scale, ref dRest, ref deltaRest, blocks, _panelLength); break;
            case 3: PanelTiles<T, TVector, TOps>.Backward<TileCount3, TV>(ref wRest, stride, above, ref deltaAbove, scale, ref dRest, ref deltaRest, blocks, _panelLength); break;
            case 4: PanelTiles<T, TVector, TOps>.Backward<TileCount4, TV>(ref wRest, stride, above, ref deltaAbove, scale, ref dRest, ref deltaRest, blocks, _panelLength); break;
            default: PanelTiles<T, TVector, TOps>.Backward<TileCount5, TV>(ref wRest, stride, above, ref deltaAbove, scale, ref dRest, ref deltaRest, blocks, _panelLength); break;
        }
    }

    /// <summary>
    /// Layer l's widths, parameter offsets and panel rows: <c>a_{l-1}</c> (its input), <c>a_l</c> and <c>φ'(z_l)</c> (hidden
    /// layers), <c>δ_l</c> within one output's δ trace; <c>s_l</c>.
    /// </summary>
    private readonly record struct Layer(int FanIn, int FanOut, int WeightOffset, int BiasOffset, int InputRow, int OutputRow, int DerivativeRow, int DeltaRow, T Scale);
}
