namespace NtkGen.Theory;

/// <summary>
/// The exact mean of <c>Θ(x, x)</c> at initialization (THEORY.md §3): ReLU, standard parametrization, σ_b = 0, biases
/// included, one output, constant hidden width <c>M</c>, input dimension <c>n0</c>, <c>L</c> weight layers, χ = σ_w²/2:
/// <c>E[Θ] = χ^{L-1} ‖x‖² (1 + (L-1) M/n0) + Σ_{k=0}^{L-1} χ^k</c> (weights part + biases part).
/// </summary>
public static class ExactNtkMean
{
    /// <summary>The weights part <c>χ^{L-1} ‖x‖² (1 + (L-1) M/n0)</c>.</summary>
    public static double Weights(int inputSize, int width, int depth, double sigmaW2, double inputNormSquared)
    {
        Check(inputSize, width, depth, sigmaW2);
        double chi = sigmaW2 / 2;
        return Math.Pow(chi, depth - 1) * inputNormSquared * (1 + (depth - 1) * (double)width / inputSize);
    }

    /// <summary>The biases part <c>Σ_{k=0}^{L-1} χ^k</c>.</summary>
    public static double Biases(int depth, double sigmaW2)
    {
        Check(1, 1, depth, sigmaW2);
        double chi = sigmaW2 / 2;
        return chi == 1 ? depth : (1 - Math.Pow(chi, depth)) / (1 - chi);
    }

    /// <summary>The whole mean, weights plus biases.</summary>
    public static double Total(int inputSize, int width, int depth, double sigmaW2, double inputNormSquared)
        => Weights(inputSize, width, depth, sigmaW2, inputNormSquared) + Biases(depth, sigmaW2);

    private static void Check(int inputSize, int width, int depth, double sigmaW2)
    {
        if (inputSize <= 0 || width <= 0 || depth <= 0) throw new ArgumentOutOfRangeException(nameof(depth), "Sizes and depth must be positive.");
        if (!(sigmaW2 > 0)) throw new ArgumentOutOfRangeException(nameof(sigmaW2), "σ_w² must be positive.");
    }
}
