namespace NtkGen.Generators.Models
{
    /// <summary>
    /// What the generator knows of one activation: its <c>NtkGen.Activation</c> member, the runtime's operator type that
    /// holds its formulas (src/NtkGen/Activations), and whether it is piecewise linear (then the generated tiles and
    /// loops apply the operator's vector form to their registers; otherwise they call its row form, and the jet stays the
    /// runtime's). The generator never writes an activation's formula itself.
    /// </summary>
    /// <param name="Member">The member of <c>NtkGen.Activation</c>, e.g. <c>LeakyReLU</c>.</param>
    /// <param name="Value">Its value.</param>
    /// <param name="OperatorName">The operator struct in <c>NtkGen.Activations</c>, e.g. <c>LeakyRelu</c>.</param>
    /// <param name="PiecewiseLinear">Whether φ is linear on each side of 0.</param>
    internal sealed record ActivationDescription(string Member, int Value, string OperatorName, bool PiecewiseLinear)
    {
        /// <summary>The operator type as generated code names it.</summary>
        public string Operator => "global::NtkGen.Activations." + OperatorName;
    }

    /// <summary>The generator's one description of every activation (the runtime cannot be referenced from here).</summary>
    internal static class ActivationTable
    {
        public static readonly ActivationDescription[] All =
        {
            new ActivationDescription("ReLU", 0, "Relu", PiecewiseLinear: true),
            new ActivationDescription("LeakyReLU", 1, "LeakyRelu", PiecewiseLinear: true),
            new ActivationDescription("Sigmoid", 2, "Sigmoid", PiecewiseLinear: false),
            new ActivationDescription("Tanh", 3, "Tanh", PiecewiseLinear: false),
            new ActivationDescription("Erf", 4, "Erf", PiecewiseLinear: false),
            new ActivationDescription("Linear", 5, "Linear", PiecewiseLinear: true),
            new ActivationDescription("Gelu", 6, "Gelu", PiecewiseLinear: false),
        };

        /// <summary>The activation with <paramref name="value"/>, or <see langword="null"/>.</summary>
        public static ActivationDescription? Find(int value)
        {
            foreach (var activation in All)
            {
                if (activation.Value == value) return activation;
            }
            return null;
        }

        /// <summary>The members' names, for diagnostics.</summary>
        public static string Names => string.Join(", ", System.Linq.Enumerable.Select(All, a => a.Member));
    }
}
