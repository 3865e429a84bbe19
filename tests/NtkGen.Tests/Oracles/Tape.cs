namespace NtkGen.Tests.Oracles;

/// <summary>
/// A minimal reverse-mode automatic differentiation tape over scalars: an oracle that shares nothing with the
/// structured backpropagation it checks. Every node records its value and the local derivatives to at most two parents.
/// </summary>
internal sealed class Tape
{
    private readonly List<double> _values = [];
    private readonly List<(int Parent, double Derivative)> _first = [];
    private readonly List<(int Parent, double Derivative)> _second = [];

    public double Value(int node) => _values[node];

    public int Leaf(double value) => Push(value, (-1, 0), (-1, 0));

    public int Add(int a, int b) => Push(_values[a] + _values[b], (a, 1), (b, 1));

    public int Multiply(int a, int b) => Push(_values[a] * _values[b], (a, _values[b]), (b, _values[a]));

    public int Scale(int a, double factor) => Push(factor * _values[a], (a, factor), (-1, 0));

    /// <summary>Applies φ with derivative φ' at the node's value.</summary>
    public int Apply(int a, Func<double, double> phi, Func<double, double> phiPrime)
        => Push(phi(_values[a]), (a, phiPrime(_values[a])), (-1, 0));

    /// <summary>∂output/∂node for every node, by one reverse sweep.</summary>
    public double[] Gradient(int output)
    {
        var adjoint = new double[_values.Count];
        adjoint[output] = 1;
        for (int node = output; node >= 0; node--)
        {
            double a = adjoint[node];
            if (a == 0) continue;
            if (_first[node].Parent >= 0) adjoint[_first[node].Parent] += a * _first[node].Derivative;
            if (_second[node].Parent >= 0) adjoint[_second[node].Parent] += a * _second[node].Derivative;
        }
        return adjoint;
    }

    private int Push(double value, (int, double) first, (int, double) second)
    {
        _values.Add(value);
        _first.Add(first);
        _second.Add(second);
        return _values.Count - 1;
    }
}
