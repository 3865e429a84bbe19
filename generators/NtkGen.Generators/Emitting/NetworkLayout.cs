using NtkGen.Generators.Models;

namespace NtkGen.Generators.Emitting
{
    /// <summary>
    /// Offsets of every layer in the parameter vector and in the per-sample traces; the same layout as the runtime's
    /// <c>NetworkSpec</c> (W_l row-major then b_l; traces a_0…a_{L-1}, φ'(z_1)…φ'(z_{L-1}), δ_1…δ_L).
    /// </summary>
    internal sealed class NetworkLayout
    {
        private readonly int[] _widths;
        private readonly int[] _weightOffsets;
        private readonly int[] _prefix;

        public NetworkLayout(NetworkDeclaration network)
        {
            _widths = new int[network.Widths.Count];
            for (int i = 0; i < _widths.Length; i++) _widths[i] = network.Widths[i];
            _prefix = new int[_widths.Length + 1];
            for (int i = 0; i < _widths.Length; i++) _prefix[i + 1] = _prefix[i] + _widths[i];
            _weightOffsets = new int[_widths.Length + 1];
            int offset = 0;
            for (int l = 1; l < _widths.Length; l++)
            {
                _weightOffsets[l] = offset;
                offset += _widths[l] * _widths[l - 1] + _widths[l];
            }
            ParameterCount = offset;
        }

        public int LayerCount => _widths.Length - 1;

        public int ParameterCount { get; }

        public int Width(int layer) => _widths[layer];

        public int WeightOffset(int layer) => _weightOffsets[layer];

        public int BiasOffset(int layer) => _weightOffsets[layer] + _widths[layer] * _widths[layer - 1];

        /// <summary>Offset of a_l (0 ≤ l ≤ L-1) in the activation trace.</summary>
        public int ActivationOffset(int layer) => _prefix[layer];

        /// <summary>Offset of φ'(z_l) (1 ≤ l ≤ L-1) in the derivative trace.</summary>
        public int DerivativeOffset(int layer) => _prefix[layer] - _prefix[1];

        /// <summary>Offset of δ_l (1 ≤ l ≤ L) in a backward trace.</summary>
        public int DeltaOffset(int layer) => _prefix[layer] - _prefix[1];

        /// <summary>Length of one output unit's backward trace.</summary>
        public int DeltaTraceLength => _prefix[_widths.Length] - _prefix[1];
    }
}
