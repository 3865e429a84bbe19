using System.CommandLine;

namespace NtkGen.Cli.Commands;

/// <summary>An option whose value is one of an enum's members, written in lower case (<c>--precision f32</c>); the help lists them.</summary>
internal static class EnumOption
{
    public static Option<TEnum> Create<TEnum>(string name, string description, TEnum defaultValue)
        where TEnum : struct, Enum
    {
        string[] names = [.. Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant())];
        var option = new Option<TEnum>(name)
        {
            Description = description,
            HelpName = string.Join("|", names),
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result =>
            {
                string token = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                // By name only: Enum.TryParse also takes numbers, which name no member here.
                if (names.Contains(token.ToLowerInvariant()) && Enum.TryParse(token, ignoreCase: true, out TEnum value)) return value;
                result.AddError($"{name} must be one of {string.Join(", ", names)} (got '{token}')");
                return defaultValue;
            },
        };
        option.CompletionSources.Add(names);
        return option;
    }
}
