using System.Text.Json;
using System.Text.Json.Serialization;

namespace NtkGen;

/// <summary>The arithmetic of a run's kernels; configurations and journals write it <c>f32</c> or <c>f64</c>.</summary>
[JsonConverter(typeof(LowerCaseEnumConverter<Precision>))]
public enum Precision
{
    /// <summary>Single precision, <see cref="float"/>.</summary>
    F32,

    /// <summary>Double precision, <see cref="double"/>.</summary>
    F64,
}

/// <summary>An enum written as its member's name in lower case (<c>f32</c>, <c>adam</c>), as the configurations have always been written.</summary>
/// <typeparam name="TEnum">The enum.</typeparam>
public sealed class LowerCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(new LowerCase(), allowIntegerValues: false)
    where TEnum : struct, Enum
{
    private sealed class LowerCase : JsonNamingPolicy
    {
        public override string ConvertName(string name) => name.ToLowerInvariant();
    }
}
