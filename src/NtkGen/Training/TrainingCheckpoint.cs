using System.Text;

namespace NtkGen.Training;

/// <summary>
/// A run's parameters and optimizer state after some steps, written atomically (temporary file and rename) so that an
/// interrupted run resumes from the last record instead of from scratch.
/// </summary>
public sealed record TrainingCheckpoint(string Fingerprint, int Step, float[] Parameters, float[][] OptimizerState)
{
    private const string Magic = "NTKGEN-CKPT-1";

    /// <summary>Writes the checkpoint to <paramref name="path"/>.</summary>
    public void Save(string path)
    {
        string temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        using (var writer = new BinaryWriter(stream, Encoding.UTF8))
        {
            writer.Write(Magic);
            writer.Write(Fingerprint);
            writer.Write(Step);
            WriteArray(writer, Parameters);
            writer.Write(OptimizerState.Length);
            foreach (var state in OptimizerState) WriteArray(writer, state);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The checkpoint at <paramref name="path"/>, or null when there is none or it belongs to another run.</summary>
    public static TrainingCheckpoint? Load(string path, string fingerprint)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
            if (reader.ReadString() != Magic || reader.ReadString() != fingerprint) return null;
            int step = reader.ReadInt32();
            var parameters = ReadArray(reader);
            var state = new float[reader.ReadInt32()][];
            for (int i = 0; i < state.Length; i++) state[i] = ReadArray(reader);
            return new TrainingCheckpoint(fingerprint, step, parameters, state);
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or FormatException)
        {
            return null; // a damaged checkpoint only costs recomputation
        }
    }

    private static void WriteArray(BinaryWriter writer, float[] values)
    {
        writer.Write(values.Length);
        var bytes = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        writer.Write(bytes);
    }

    private static float[] ReadArray(BinaryReader reader)
    {
        int length = reader.ReadInt32();
        byte[] bytes = reader.ReadBytes(length * 4);
        if (bytes.Length != length * 4) throw new EndOfStreamException();
        var values = new float[length];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }
}
