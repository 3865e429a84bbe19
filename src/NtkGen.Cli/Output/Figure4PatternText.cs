using System.Globalization;
using NtkGen.Training;

namespace NtkGen.Cli.Output;

/// <summary>
/// The lines under the training table that hold the run against the authors' Figure-4 description: where each half of it
/// holds and where it fails, with the compared values, so that a reader sees it without reading the table row by row.
/// </summary>
internal static class Figure4PatternText
{
    public static IEnumerable<string> Lines(Figure4Pattern pattern)
    {
        yield return $"The authors' Figure-4 description (THEORY.md §6) against this run, σ_w² = {N(pattern.OrderedSigmaW2)} (ordered) and {N(pattern.ChaoticSigmaW2)} (chaotic), "
            + $"at the {pattern.Points.Count} record steps after 0 both have:";
        yield return "  class blocks clearer in the ordered phase, (Θ_c − Θ_n)/Θ_d ordered minus chaotic: " + Stretches(pattern.Blocks);
        yield return "  larger relative change ‖Θ_t−Θ_0‖/‖Θ_0‖ in the chaotic phase, chaotic ÷ ordered: " + Stretches(pattern.RelativeChange);
        yield return "  larger shape change (scale removed) in the chaotic phase, chaotic ÷ ordered: " + Stretches(pattern.ShapeChange);
    }

    // "holds at steps 1–35 (5 records, 4.8 to 19); fails at steps 50–1000 (13 records, 0.0052 to 0.7)", in step order.
    private static string Stretches(IReadOnlyList<PatternStretch> stretches)
        => string.Join("; ", stretches.Select(s =>
            $"{(s.Holds ? "holds" : "fails")} at {(s.Records == 1 ? $"step {s.FirstStep}" : $"steps {s.FirstStep}–{s.LastStep}")} "
            + $"({s.Records} record{(s.Records == 1 ? "" : "s")}, {(s.Records == 1 ? G(s.Least) : $"{G(s.Least)} to {G(s.Most)}")})"));

    // A ratio over a kernel that has not moved at all is infinite.
    private static string G(double value) => double.IsPositiveInfinity(value) ? "∞" : value.ToString("G3", CultureInfo.InvariantCulture);

    private static string N(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
