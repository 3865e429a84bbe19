using System.Globalization;

namespace NtkGen.Generators.Tests;

/// <summary>One random declaration: its source (a file of its own) and the NTK diagnostics the rules of docs/diagnostics.md give it.</summary>
/// <param name="TypeName">The network type's name, unique in its compilation.</param>
/// <param name="Source">The file's text.</param>
/// <param name="Errors">The NTK error ids expected; empty for a valid declaration.</param>
/// <param name="Warnings">The NTK warning ids expected (only a valid declaration gets one).</param>
internal sealed record RandomDeclaration(string TypeName, string Source, IReadOnlySet<string> Errors, IReadOnlySet<string> Warnings)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Draws <c>[FullyConnectedNetwork]</c> declarations, valid and invalid, for the generator's fuzz test: every attribute
/// argument and the shape of the type are drawn from values the rules accept and values they refuse, and the expected
/// diagnostics are worked out here, from the documented rules, independently of the generator's reader.
/// </summary>
internal static class RandomDeclarations
{
    private static readonly string[] Activations = ["ReLU", "LeakyReLU", "Sigmoid", "Tanh", "Erf", "Linear", "Gelu"];

    public static RandomDeclaration Draw(System.Random random, int index)
    {
        var errors = new HashSet<string>();
        string name = "Net" + index.ToString(CultureInfo.InvariantCulture);
        var arguments = new List<string>();

        int inputSize = Pick(random, 0.08, [1, 2, 3, 5, 8, 17, 33], [0, -1]);
        if (inputSize <= 0) errors.Add("NTK0003");
        arguments.Add(inputSize.ToString(CultureInfo.InvariantCulture));

        var widths = new List<int>();
        bool tooWide = false;
        switch (random.Next(10))
        {
            case 0:
                // The four-argument form: hiddenWidth × hiddenLayers.
                int width = Pick(random, 0.15, [1, 4, 9, 16], [0, -3]), layers = Pick(random, 0.15, [0, 1, 2, 3], [-1]);
                if (layers < 0 || (layers > 0 && width <= 0)) errors.Add("NTK0004");
                for (int i = 0; i < layers; i++) widths.Add(width);
                arguments.Add(width.ToString(CultureInfo.InvariantCulture));
                arguments.Add(layers.ToString(CultureInfo.InvariantCulture));
                break;
            case 1 when random.Next(3) == 0:
                errors.Add("NTK0004");
                arguments.Add("null!");
                break;
            default:
                int count = random.Next(4);
                for (int i = 0; i < count; i++)
                {
                    int w = random.Next(60) == 0 ? 16_385 : Pick(random, 0.06, [1, 2, 3, 4, 7, 8, 16, 17, 31], [0, -5]);
                    if (w <= 0) errors.Add("NTK0004");
                    tooWide |= w > 16_384;
                    widths.Add(w);
                }
                arguments.Add("[" + string.Join(", ", widths) + "]");
                break;
        }

        int outputSize = Pick(random, 0.08, [1, 2, 3], [0, -2]);
        if (outputSize <= 0) errors.Add("NTK0005");
        arguments.Add(outputSize.ToString(CultureInfo.InvariantCulture));

        string activation = "ReLU";
        if (Maybe(random))
        {
            bool unknown = random.Next(12) == 0;
            activation = unknown ? "(Activation)42" : Activations[random.Next(Activations.Length)];
            if (unknown) errors.Add("NTK0008");
            arguments.Add("Activation = " + (unknown ? activation : "Activation." + activation));
        }
        bool slopeGiven = Maybe(random, 0.25);
        if (slopeGiven)
        {
            string slope = Pick(random, 0.2, ["0.2", "0.01", "-0.5", "1e6"], ["1e7", "double.NaN", "double.PositiveInfinity"]);
            if (slope is "1e7" or "double.NaN" or "double.PositiveInfinity") errors.Add("NTK0014");
            arguments.Add("LeakySlope = " + slope);
        }
        if (Maybe(random))
        {
            string sigmaW2 = Pick(random, 0.2, ["1.0", "2", "2.5", "0.001", "1e6"], ["0", "-1", "double.PositiveInfinity", "double.NaN", "2e6"]);
            if (sigmaW2 is "0" or "-1" or "double.PositiveInfinity" or "double.NaN" or "2e6") errors.Add("NTK0006");
            arguments.Add("SigmaW2 = " + sigmaW2);
        }
        if (Maybe(random))
        {
            string sigmaB2 = Pick(random, 0.2, ["0", "0.1", "1.5"], ["-0.1", "double.NaN", "double.PositiveInfinity"]);
            if (sigmaB2 is "-0.1" or "double.NaN" or "double.PositiveInfinity") errors.Add("NTK0007");
            arguments.Add("SigmaB2 = " + sigmaB2);
        }
        if (Maybe(random))
        {
            string parametrization = Pick(random, 0.15, ["Parametrization.Standard", "Parametrization.Ntk"], ["(Parametrization)5"]);
            if (parametrization == "(Parametrization)5") errors.Add("NTK0009");
            arguments.Add("Parametrization = " + parametrization);
        }
        if (Maybe(random))
        {
            string elementTypes = Pick(random, 0.2, ["ElementTypes.Float", "ElementTypes.Double", "ElementTypes.Both"], ["(ElementTypes)0", "(ElementTypes)4"]);
            if (elementTypes.StartsWith('(')) errors.Add("NTK0010");
            arguments.Add("ElementTypes = " + elementTypes);
        }
        if (Maybe(random)) arguments.Add("IncludeBiases = " + (random.Next(2) == 0 ? "true" : "false"));

        string attribute = $"[FullyConnectedNetwork({string.Join(", ", arguments)})]";
        string source = TypeShape(random, name, attribute, errors);
        // The size limit is looked at only once nothing else is wrong (docs/diagnostics.md, NTK0020).
        if (errors.Count == 0 && tooWide) errors.Add("NTK0020");
        var warnings = new HashSet<string>();
        if (errors.Count == 0 && slopeGiven && activation != "LeakyReLU") warnings.Add("NTK0022");
        return new RandomDeclaration(name, source, errors, warnings);
    }

    /// <summary>The declaration of the type, in a namespace of its own, with one of the shapes the rules accept or refuse.</summary>
    private static string TypeShape(System.Random random, string name, string attribute, HashSet<string> errors)
    {
        string body = random.Next(3) switch
        {
            0 => ";",
            1 => " { public int Extra => 1; }",
            _ => " { }",
        };
        string declaration;
        switch (random.Next(24))
        {
            case 0:
                errors.Add("NTK0001");
                declaration = $"{attribute}\npublic class {name}{body}";
                break;
            case 1:
                errors.Add("NTK0002");
                declaration = $"public class Outer{name}\n{{\n    {attribute}\n    public partial class {name}{body}\n}}";
                break;
            case 2:
                errors.Add("NTK0011");
                declaration = $"{attribute}\npublic partial class {name}<T>{body}";
                break;
            case 3:
                errors.Add("NTK0013");
                declaration = $"public partial class Outer{name}\n{{\n    {attribute}\n    private partial class {name}{body}\n}}";
                break;
            case 4:
                errors.Add("NTK0015");
                declaration = $"{attribute}\nfile partial class {name}{body}";
                break;
            case 5:
                errors.Add("NTK0016");
                declaration = $"{attribute}\npublic partial class {name} {{ public static int Spec => 0; }}";
                break;
            default:
                string keyword = new[] { "public partial class", "internal partial struct", "public partial record", "public static partial class",
                    "public readonly partial struct", "public sealed partial class", "public partial record struct" }[random.Next(7)];
                // Nested in a partial type is valid too.
                declaration = random.Next(6) == 0
                    ? $"public partial class Outer{name}\n{{\n    {attribute}\n    {keyword} {name}{(keyword.Contains("static") ? " { }" : body)}\n}}"
                    : $"{attribute}\n{keyword} {name}{(keyword.Contains("static") ? " { }" : body)}";
                break;
        }
        return $"using NtkGen;\n\nnamespace Fuzz.N{name}\n{{\n{declaration}\n}}\n";
    }

    private static bool Maybe(System.Random random, double probability = 0.5) => random.NextDouble() < probability;

    /// <summary>An invalid value with probability <paramref name="invalidShare"/>, else a valid one.</summary>
    private static T Pick<T>(System.Random random, double invalidShare, T[] valid, T[] invalid)
        => random.NextDouble() < invalidShare ? invalid[random.Next(invalid.Length)] : valid[random.Next(valid.Length)];
}
