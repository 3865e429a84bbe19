using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NtkGen.Experiments;

/// <summary>
/// JSON of experiments: configurations in snake case (what journals, reports and fingerprints hold), and unit results with
/// exact round-trip of doubles and arrays of values as base64 of their little-endian bytes.
/// </summary>
public static class ExperimentJson
{
    /// <summary>
    /// How configurations are written in journals and reports (and hashed for their fingerprints), and how reports write
    /// their rows: snake case, and a number that is not finite as <c>null</c>, as in the CSV files (JSON has no NaN).
    /// </summary>
    public static JsonSerializerOptions TextOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new FiniteOrNull() },
    };

    /// <summary>The first 16 hex digits of the SHA-256 of <paramref name="config"/> written with <see cref="TextOptions"/>.</summary>
    public static string Fingerprint(IExperimentConfig config)
        => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(config, config.GetType(), TextOptions))))[..16].ToLowerInvariant();

    /// <summary>The start of every JSON report: <c>{"config": …, "fingerprint": …}</c>, to which the report adds its results.</summary>
    public static System.Text.Json.Nodes.JsonObject Report(IExperimentConfig config) => new()
    {
        ["config"] = JsonSerializer.SerializeToNode(config, config.GetType(), TextOptions),
        ["fingerprint"] = config.Fingerprint(),
    };

    /// <summary>The options every journal uses for unit results.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new ArrayAsBase64<double>(), new ArrayAsBase64<float>() },
    };

    /// <summary>A double as JSON writes it, or <c>null</c> when it is not finite; <c>null</c> reads back as NaN.</summary>
    private sealed class FiniteOrNull : JsonConverter<double>
    {
        public override bool HandleNull => true;

        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            => reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value)) writer.WriteNumberValue(value);
            else writer.WriteNullValue();
        }
    }

    /// <summary>An array of numbers as base64 of their little-endian bytes: exact, and a third the size of decimal text.</summary>
    private sealed class ArrayAsBase64<T> : JsonConverter<T[]>
        where T : unmanaged
    {
        public override T[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            byte[] bytes = Convert.FromBase64String(reader.GetString() ?? "");
            int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
            if (bytes.Length % size != 0) throw new JsonException($"A base64 array of {typeof(T).Name} must hold a multiple of {size} bytes.");
            return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, T>(bytes).ToArray();
        }

        public override void Write(Utf8JsonWriter writer, T[] value, JsonSerializerOptions options)
            => writer.WriteStringValue(Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(value.AsSpan())));
    }
}
