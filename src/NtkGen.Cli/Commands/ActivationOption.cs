using System.CommandLine;
using NtkGen.Activations;

namespace NtkGen.Cli.Commands;

/// <summary>The <c>--activation</c> option every command that builds networks shares: the same names, from the activations' own list.</summary>
internal static class ActivationOption
{
    /// <summary>The option, <c>relu</c> by default; <paramref name="note"/> follows the list in the help.</summary>
    public static Option<string> Create(string note = "")
    {
        var option = new Option<string>("--activation")
        {
            Description = $"Hidden-layer activation: {string.Join(", ", ActivationFunction.Names)} (default relu).{(note.Length > 0 ? " " + note : "")}",
            DefaultValueFactory = _ => ActivationFunction.NameOf(Activation.ReLU),
        };
        option.AcceptOnlyFromAmong([.. ActivationFunction.Names]);
        return option;
    }

    /// <summary>The activation of a name the option accepted.</summary>
    public static Activation Parse(string name)
        => ActivationFunction.Parse(name) ?? throw new CommandLineError($"unknown activation '{name}'; use one of {string.Join(", ", ActivationFunction.Names)}");
}
