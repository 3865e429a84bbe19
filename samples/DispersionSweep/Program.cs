using System.Globalization;
using NtkGen;
using NtkGen.Kernels;

// Monte Carlo of the NTK diagonal Θ(x, x) over freshly initialized ReLU networks of equal width and growing depth: its
// mean, and its dispersion E[Θ²]/E[Θ]², which Hanin & Nica (ICLR 2020) show grows like exp(5 L / n) up to constants
// (L hidden layers of width n). Everything below is the runtime API a user has: declared networks, Reinitialize and NtkDiagonal.
const int Samples = 400;
const ulong Seed = 2024;

var inputs = new double[DepthNets.InputSize];
for (int i = 0; i < inputs.Length; i++) inputs[i] = Math.Sin(0.9 * i + 0.4);
// Scale to |x|² = n0, the normalization of the papers.
double norm = Math.Sqrt(inputs.Sum(v => v * v) / inputs.Length);
for (int i = 0; i < inputs.Length; i++) inputs[i] /= norm;

var sweep = new (int Depth, NetworkSpec Spec, INtkKernel<double> Kernel)[]
{
    (1, Depth1Net.Spec, Depth1Net.Kernel<double>()),
    (2, Depth2Net.Spec, Depth2Net.Kernel<double>()),
    (4, Depth4Net.Spec, Depth4Net.Kernel<double>()),
    (8, Depth8Net.Spec, Depth8Net.Kernel<double>()),
    (16, Depth16Net.Spec, Depth16Net.Kernel<double>()),
};

Console.WriteLine($"Θ(x, x) over {Samples} ReLU networks {DepthNets.InputSize} → {DepthNets.Width}×L → 1 at He initialization (σ_w² = 2, σ_b² = 0), |x|² = n0");
Console.WriteLine($"{"L",3}  {"mean Θ",10}  {"E[Θ²]/E[Θ]²",12}  kernel");
foreach (var (depth, spec, kernel) in sweep)
{
    var parameters = new NetworkParameters<double>(spec);
    double sum = 0, sumOfSquares = 0;
    for (int sample = 0; sample < Samples; sample++)
    {
        // One independent network per stream: the same seed and stream give the same network on any machine.
        parameters.Reinitialize(Seed, stream: (ulong)sample);
        var diagonal = kernel.NtkDiagonal(parameters.Values, inputs);
        double theta = diagonal.Weights + diagonal.Biases;
        sum += theta;
        sumOfSquares += theta * theta;
    }
    double mean = sum / Samples;
    double ratio = sumOfSquares / Samples / (mean * mean);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{depth,3}  {mean,10:F3}  {ratio,12:F4}  {kernel.Name}"));
}

/// <summary>The shared shape of the sweep's networks.</summary>
internal static class DepthNets
{
    public const int InputSize = 16;
    public const int Width = 32;
}

/// <summary>One hidden layer.</summary>
[FullyConnectedNetwork(inputSize: DepthNets.InputSize, hiddenWidth: DepthNets.Width, hiddenLayers: 1, outputSize: 1)]
public partial class Depth1Net;

/// <summary>Two hidden layers.</summary>
[FullyConnectedNetwork(inputSize: DepthNets.InputSize, hiddenWidth: DepthNets.Width, hiddenLayers: 2, outputSize: 1)]
public partial class Depth2Net;

/// <summary>Four hidden layers.</summary>
[FullyConnectedNetwork(inputSize: DepthNets.InputSize, hiddenWidth: DepthNets.Width, hiddenLayers: 4, outputSize: 1)]
public partial class Depth4Net;

/// <summary>Eight hidden layers.</summary>
[FullyConnectedNetwork(inputSize: DepthNets.InputSize, hiddenWidth: DepthNets.Width, hiddenLayers: 8, outputSize: 1)]
public partial class Depth8Net;

/// <summary>Sixteen hidden layers.</summary>
[FullyConnectedNetwork(inputSize: DepthNets.InputSize, hiddenWidth: DepthNets.Width, hiddenLayers: 16, outputSize: 1)]
public partial class Depth16Net;
