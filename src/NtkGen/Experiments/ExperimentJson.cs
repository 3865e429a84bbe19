using System.Text.Json;
using System.Text.Json.Serialization;

namespace NtkGen.Experiments;

/// <summary>JSON of unit results: exact round-trip of doubles, arrays of values as base64 of their little-endian bytes.</summary>
public static class ExperimentJson
{
    /// <summary>The options every journal uses.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new DoubleArrayAsBase64(), new FloatArrayAsBase64() },
    };

    private sealed class DoubleArrayAsBase64 : JsonConverter<double[]>
    {
        public override double[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            byte[] bytes = Convert.FromBase64String(reader.GetString() ?? "");
            if (bytes.Length % 8 != 0) throw new JsonException("A base64 double array must hold a multiple of 8 bytes.");
            var values = new double[bytes.Length / 8];
            for (int i = 0; i < values.Length; i++) values[i] = BitConverter.ToDouble(bytes, i * 8);
            return values;
        }

        public override void Write(Utf8JsonWriter writer, double[] value, JsonSerializerOptions options)
        {
            var bytes = new byte[value.Length * 8];
            for (int i = 0; i < value.Length; i++) BitConverter.TryWriteBytes(bytes.AsSpan(i * 8), value[i]);
            writer.WriteStringValue(Convert.ToBase64String(bytes));
        }
    }

    private sealed class FloatArrayAsBase64 : JsonConverter<float[]>
    {
        public override float[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            byte[] bytes = Convert.FromBase64String(reader.GetString() ?? "");
            if (bytes.Length % 4 != 0) throw new JsonException("A base64 float array must hold a multiple of 4 bytes.");
            var values = new float[bytes.Length / 4];
            for (int i = 0; i < values.Length; i++) values[i] = BitConverter.ToSingle(bytes, i * 4);
            return values;
        }

        public override void Write(Utf8JsonWriter writer, float[] value, JsonSerializerOptions options)
        {
            var bytes = new byte[value.Length * 4];
            for (int i = 0; i < value.Length; i++) BitConverter.TryWriteBytes(bytes.AsSpan(i * 4), value[i]);
            writer.WriteStringValue(Convert.ToBase64String(bytes));
        }
    }
}
