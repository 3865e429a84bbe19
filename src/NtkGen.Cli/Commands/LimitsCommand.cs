using System.CommandLine;
using System.Globalization;
using NtkGen.Engines;
using NtkGen.Theory;

namespace NtkGen.Cli.Commands;

/// <summary>
/// <c>ntkgen limits</c>: the exact dispersion as width and depth grow together, by phase, extrapolated to M → ∞ and set
/// beside the papers' limits (F(λ) for the chaotic phase, 1 for the ordered one). Prints Markdown tables; the numbers in
/// docs/dispersion.md come from it.
/// </summary>
internal static class LimitsCommand
{
    public static Command Create(TextWriter output)
    {
        var lambdas = new Option<string>("--lambdas") { Description = "Depth-to-width ratios λ = L/M.", DefaultValueFactory = _ => "0.1,0.25,0.5,1" };
        var widths = new Option<string>("--widths") { Description = "Widths M; the last two must differ by a factor of 4 (for the 1/M extrapolation).", DefaultValueFactory = _ => "250,1000,4000,16000" };
        var command = new Command("limits", "Exact dispersion limits L, M → ∞ with L/M = λ, by phase, beside the papers' formulas (transfer-matrix moments, no sampling).") { lambdas, widths };
        command.SetAction(parsed =>
        {
            var lambdaList = GridOptions.ParseNumbers(parsed.GetValue(lambdas)!, "--lambdas");
            var widthList = GridOptions.ParseIntegers(parsed.GetValue(widths)!, "--widths");
            if (lambdaList.Any(l => !(l > 0))) throw new CommandLineError("--lambdas must be positive");
            if (widthList.Count < 2 || widthList[^1] != 4 * widthList[^2]) throw new CommandLineError("--widths: the last two widths must differ by a factor of 4");
            var sections = new (string Title, double Sigma, ExactMoments.Part Part)[]
            {
                ("Chaotic phase, σ_w² = 3, Θ = weights + biases", 3.0, ExactMoments.Part.Total),
                ("Weights part alone (the same for every σ_w²)", 2.0, ExactMoments.Part.Weights),
                ("Edge of chaos, σ_w² = 2, Θ = weights + biases", 2.0, ExactMoments.Part.Total),
                ("Edge of chaos, σ_w² = 2, biases part alone", 2.0, ExactMoments.Part.Biases),
                ("Ordered phase, σ_w² = 1.5, Θ = weights + biases", 1.5, ExactMoments.Part.Total),
            };
            output.WriteLine("n0 = M, unit inputs, σ_b² = 0 at initialization, biases counted in the NTK; L = round(λM).");
            foreach (var (title, sigma, part) in sections)
            {
                output.WriteLine();
                output.WriteLine($"### {title}");
                output.WriteLine();
                output.WriteLine("| λ | " + string.Join(" | ", widthList.Select(w => $"M = {w}")) + " | M → ∞ | F(λ) |");
                output.WriteLine("|---|" + string.Concat(Enumerable.Repeat("---|", widthList.Count + 2)));
                foreach (var row in ExactDispersionLimits.Table(lambdaList, widthList, sigma, part))
                {
                    output.WriteLine($"| {F(row.Lambda)} | " + string.Join(" | ", row.Values.Select(F4)) + $" | {F4(row.Extrapolated)} | {F4(DispersionLimits.Chaotic(row.Lambda))} |");
                }
            }
            return NtkGenCli.Success;
        });
        return command;
    }

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string F4(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}
