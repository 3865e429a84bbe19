using System.Globalization;
using NtkGen;
using NtkGen.Kernels;

// A 8 → 32 → 32 → 1 ReLU network at He initialization (the ReLU edge of chaos).
var parameters = QuickStartNet.CreateParameters<double>(seed: 42);
var kernel = QuickStartNet.Kernel<double>();

// Four inputs of dimension 8, one per row.
double[] inputs = new double[4 * 8];
for (int i = 0; i < inputs.Length; i++) inputs[i] = Math.Sin(0.7 * i + 0.3);

double[] theta = kernel.NtkMatrix(parameters.Values, inputs);

Console.WriteLine($"Network: {QuickStartNet.Spec}");
Console.WriteLine($"Kernel:  {kernel.Name}");
Console.WriteLine("Empirical NTK Θ(X, X) of 4 inputs:");
for (int i = 0; i < 4; i++)
{
    var row = Enumerable.Range(0, 4).Select(j => theta[i * 4 + j].ToString("F6", CultureInfo.InvariantCulture).PadLeft(12));
    Console.WriteLine(string.Concat(row));
}

/// <summary>The network: declared once, kernels generated at build time.</summary>
[FullyConnectedNetwork(inputSize: 8, hiddenWidths: [32, 32], outputSize: 1, SigmaW2 = 2.0)]
public partial class QuickStartNet;
