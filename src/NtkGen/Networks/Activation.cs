namespace NtkGen;

/// <summary>
/// The element-wise nonlinearity φ applied after every hidden layer (the output layer is linear). Each value's operator
/// type, with its formulas, is in the Activations folder (<see cref="Activations.ActivationFunction.For"/>).
/// </summary>
public enum Activation
{
    /// <summary><c>max(z, 0)</c>; its derivative at 0 is taken as 0.</summary>
    ReLU = 0,

    /// <summary><c>z</c> for <c>z &gt; 0</c>, <c>slope·z</c> otherwise (slope: <see cref="FullyConnectedNetworkAttribute.LeakySlope"/>).</summary>
    LeakyReLU = 1,

    /// <summary><c>1 / (1 + e^{-z})</c>.</summary>
    Sigmoid = 2,

    /// <summary><c>tanh(z)</c>.</summary>
    Tanh = 3,

    /// <summary>The error function <c>erf(z)</c>.</summary>
    Erf = 4,

    /// <summary>The identity: a deep linear network.</summary>
    Linear = 5,

    /// <summary>GELU, <c>z Φ(z)</c> with Φ the standard normal distribution function.</summary>
    Gelu = 6,
}
