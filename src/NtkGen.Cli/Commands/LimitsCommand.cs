using System.CommandLine;
using System.Globalization;
using NtkGen.Cli.Output;
using NtkGen.Engines;
using NtkGen.Theory;

namespace NtkGen.Cli.Commands;

/// <summary>
/// <c>ntkgen limits</c>: the dispersion as width and depth grow together, by phase: the exact moments at growing widths,
/// their extrapolation in 1/M, the M → ∞ limit in closed form (<see cref="WideDeepLimit"/>, <c>exp(λG)</c>) for real
/// networks and for the gradient-independence model, and the papers' F(λ), which is the latter's limit. With
/// <c>--alpha0</c>, the edge-of-chaos term <c>g(λ, α0)</c> of both models (and a figure with <c>--figure</c>). Prints
/// Markdown tables; the numbers in docs/dispersion.md come from it.
/// </summary>
internal static class LimitsCommand
{
    /// <summary>The largest λ tabulated: beyond it e^{5λ}·(finite-width moments) leave double precision.</summary>
    private const double MaxLambda = 100;

    public static Command Create(TextWriter output)
    {
        var lambdas = new Option<string>("--lambdas") { Description = "Depth-to-width ratios λ = L/M.", DefaultValueFactory = _ => "0.1,0.25,0.5,1" };
        var widths = new Option<string>("--widths") { Description = "Widths M; the last two must differ by a factor of 4 (for the 1/M extrapolation).", DefaultValueFactory = _ => "250,1000,4000,16000" };
        var alpha0 = new Option<string?>("--alpha0") { Description = "Also tabulate the edge-of-chaos term g(λ, α0) for these α0 = E[Θ_b]/E[Θ_w], exact and under gradient independence." };
        var figure = new Option<FileInfo?>("--figure") { Description = "With --alpha0: draw g(λ, α0) against λ into this PNG." };
        var command = new Command("limits", "Dispersion limits L, M → ∞ with L/M = λ, by phase: exact (real networks) and under gradient independence (the papers' model), beside F(λ).")
        {
            lambdas, widths, alpha0, figure,
        };
        command.SetAction(parsed =>
        {
            var lambdaList = GridOptions.ParseNumbers(parsed.GetValue(lambdas)!, "--lambdas");
            var widthList = GridOptions.ParseIntegers(parsed.GetValue(widths)!, "--widths");
            if (lambdaList.Any(l => !(l > 0) || l > MaxLambda)) throw new CommandLineError($"--lambdas must be positive and at most {MaxLambda}");
            if (widthList.Count < 2 || widthList[^1] != 4 * widthList[^2]) throw new CommandLineError("--widths: the last two widths must differ by a factor of 4");
            if (widthList.Any(w => w < 1)) throw new CommandLineError("--widths must be positive");
            if (lambdaList.Max() * widthList.Max() > 1e7) throw new CommandLineError("λ · M above 10⁷ layers: lower --lambdas or --widths");
            var alphas = parsed.GetValue(alpha0) is { } text ? GridOptions.ParseNumbers(text, "--alpha0") : null;
            if (alphas is not null && alphas.Any(a => !(a > 0))) throw new CommandLineError("--alpha0 must be positive");
            var figureFile = parsed.GetValue(figure);
            if (figureFile is not null && alphas is null) throw new CommandLineError("--figure draws g(λ, α0): give --alpha0 too");
            if (figureFile is not null && !Directory.Exists(Path.GetDirectoryName(figureFile.FullName)))
                throw new CommandLineError($"--figure {figureFile}: the folder does not exist");

            WritePhases(output, lambdaList, widthList);
            if (alphas is not null) WriteEdgeOfChaosTerm(output, lambdaList, alphas);
            if (figureFile is not null) output.WriteLine($"\nFigure: {LimitsPlots.WriteEdgeOfChaosTerm(figureFile.FullName, alphas!)}");
            return NtkGenCli.Success;
        });
        return command;
    }

    private static void WritePhases(TextWriter output, IReadOnlyList<double> lambdas, IReadOnlyList<int> widths)
    {
        // Which part of the limits each section is: in the chaotic phase the weights part dominates, at the edge of chaos
        // with n0 = M and unit inputs the biases part is as large as the weights part (α0 = 1).
        var sections = new (string Title, double Sigma, ExactMoments.Part Part, Func<WideDeepLimit.Moments, double>? Limit)[]
        {
            ("Chaotic phase, σ_w² = 3, Θ = weights + biases", 3.0, ExactMoments.Part.Total, m => m.Weights),
            ("Weights part alone (the same for every σ_w²)", 2.0, ExactMoments.Part.Weights, m => m.Weights),
            ("Edge of chaos, σ_w² = 2, Θ = weights + biases", 2.0, ExactMoments.Part.Total, m => m.Total(1)),
            ("Edge of chaos, σ_w² = 2, biases part alone", 2.0, ExactMoments.Part.Biases, m => m.Biases),
            ("Ordered phase, σ_w² = 1.5, Θ = weights + biases", 1.5, ExactMoments.Part.Total, null),
        };
        output.WriteLine("n0 = M, unit inputs, σ_b² = 0 at initialization, biases counted in the NTK; L = round(λM).");
        output.WriteLine("\"exact\": real networks; \"GIA\": the gradient-independence assumption (the backward pass sees an independent copy of");
        output.WriteLine("each weight matrix, sharing only the ReLU mask), whose M → ∞ limit of the weights part is the papers' F(λ).");
        output.WriteLine("M → ∞ columns: wᵀ exp(λG) u (WideDeepLimit); \"extrapolated\": (4 R(4M) − R(M))/3 on the two widest.");
        foreach (var (title, sigma, part, limit) in sections)
        {
            output.WriteLine();
            output.WriteLine($"### {title}");
            output.WriteLine();
            output.WriteLine("| λ | " + string.Join(" | ", widths.Select(w => $"M = {w}")) + " | extrapolated | M → ∞ exact | GIA at M = " + widths[^1] + " | M → ∞ GIA | F(λ) |");
            output.WriteLine("|---|" + string.Concat(Enumerable.Repeat("---|", widths.Count + 5)));
            var exact = ExactDispersionLimits.Table(lambdas, widths, sigma, part);
            var independent = ExactDispersionLimits.Table(lambdas, [widths[^2], widths[^1]], sigma, part, ChainModel.GradientIndependence);
            for (int i = 0; i < exact.Count; i++)
            {
                var row = exact[i];
                string exactLimit = limit is null ? F4(1) : F4(limit(WideDeepLimit.At(row.Lambda)));
                string giaLimit = limit is null ? F4(1) : F4(limit(WideDeepLimit.At(row.Lambda, ChainModel.GradientIndependence)));
                output.WriteLine($"| {F(row.Lambda)} | " + string.Join(" | ", row.Values.Select(F4))
                    + $" | {F4(row.Extrapolated)} | {exactLimit} | {F4(independent[i].Values[^1])} | {giaLimit} | {F4(DispersionLimits.Chaotic(row.Lambda))} |");
            }
        }
    }

    private static void WriteEdgeOfChaosTerm(TextWriter output, IReadOnlyList<double> lambdas, IReadOnlyList<double> alphas)
    {
        output.WriteLine();
        output.WriteLine("### Edge of chaos: R → (1 + α0)^−2 [R_w + g(λ, α0)], g = 2α0 C + α0² R_b (M → ∞)");
        output.WriteLine();
        output.WriteLine("α0 = E[Θ_b]/E[Θ_w] at the input (1 for n0 = M and unit inputs); C = E[Θ_w Θ_b]/(E[Θ_w] E[Θ_b]). The papers' form");
        output.WriteLine("(1 + α0)^−2 [F(λ) + g(λ, α0)] is the GIA columns', where R_w = F(λ).");
        output.WriteLine();
        output.WriteLine("| λ | α0 | g exact | g GIA | R exact | R GIA |");
        output.WriteLine("|---|---|---|---|---|---|");
        foreach (double lambda in lambdas)
        {
            var exact = WideDeepLimit.At(lambda);
            var independent = WideDeepLimit.At(lambda, ChainModel.GradientIndependence);
            foreach (double alpha in alphas)
                output.WriteLine($"| {F(lambda)} | {F(alpha)} | {F4(exact.G(alpha))} | {F4(independent.G(alpha))} | {F4(exact.Total(alpha))} | {F4(independent.Total(alpha))} |");
        }
    }

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string F4(double value) => value.ToString(value < 1e5 ? "F4" : "G6", CultureInfo.InvariantCulture);
}
