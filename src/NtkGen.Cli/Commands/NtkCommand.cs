using System.CommandLine;
using NtkGen.Cli.Ntk;

namespace NtkGen.Cli.Commands;

/// <summary>
/// <c>ntkgen ntk</c>: the empirical NTK of a network stored as safetensors for inputs from CSV or <c>.npy</c>: Θ(X1, X2)
/// (trace over outputs), every output pair (<c>--blocks</c>), or Θ(x, x) alone (<c>--diagonal</c>), written as CSV or
/// <c>.npy</c> by the extension of <c>--out</c> (<see cref="NtkJob"/>).
/// </summary>
internal static class NtkCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var weights = new Option<FileInfo>("--weights")
        {
            Description = "Network weights as safetensors: PyTorch nn.Sequential state-dict names (0.weight [out,in], 0.bias, 2.weight, …) or layers.{i}.weight/bias; F32 or F64.",
            Required = true,
        };
        var inputs = new Option<FileInfo>("--inputs")
        {
            Description = "Inputs X1: CSV (one input per line, comma-separated, no header) or .npy (float32/float64, C order, [N, n0]).",
            Required = true,
        };
        var inputs2 = new Option<FileInfo?>("--inputs2")
        {
            Description = "Inputs X2, as --inputs (default: X1, giving the Gram matrix Θ(X1, X1)).",
        };
        var outputFile = new Option<FileInfo?>("--out")
        {
            Description = "Where to write: a .npy file (float32/float64 as --precision) or CSV (any other name; N1 lines of N2 values); default: CSV on standard output.",
        };
        var precision = EnumOption.Create("--precision", "Arithmetic precision.", NtkGen.Precision.F64);
        var activation = ActivationOption.Create("A state dict does not store it.");
        var blocks = new Option<bool>("--blocks")
        {
            Description = "Every pair of outputs: Θ_kk'(x_i, x_j), shape [N1, N2, O, O] as neural-tangents gives with trace_axes=() (CSV: N1 lines of N2·O·O values).",
        };
        var diagonal = new Option<bool>("--diagonal")
        {
            Description = "Θ(x, x) of each input only (shape [N]; [N, O, O] with --blocks), in memory proportional to N.",
        };
        var memory = new Option<int>("--memory-mb")
        {
            Description = "Memory for the matrix being computed: larger matrices are computed and written in strips of rows that fit.",
            DefaultValueFactory = _ => 1024,
        };

        var command = new Command("ntk", "Compute the empirical NTK Θ(X1, X2) (trace over outputs, every output pair, or the diagonal) of a network stored as safetensors.")
        {
            weights, inputs, inputs2, outputFile, precision, activation, blocks, diagonal, memory,
        };
        command.SetAction(parsed =>
        {
            int memoryMb = parsed.GetValue(memory);
            if (memoryMb < 1) throw new CommandLineError($"--memory-mb must be at least 1 (got {memoryMb})");
            bool isDiagonal = parsed.GetValue(diagonal);
            var second = parsed.GetValue(inputs2);
            if (isDiagonal && second is not null) throw new CommandLineError("--diagonal computes Θ(x, x) of --inputs: leave out --inputs2");
            var job = new NtkJob(
                parsed.GetValue(weights)!.FullName,
                parsed.GetValue(inputs)!.FullName,
                second?.FullName,
                parsed.GetValue(outputFile)?.FullName,
                ActivationOption.Parse(parsed.GetValue(activation)!),
                parsed.GetValue(blocks),
                isDiagonal,
                (long)memoryMb << 20);
            return parsed.GetValue(precision) == NtkGen.Precision.F32 ? job.Run<float>(output, error) : job.Run<double>(output, error);
        });
        return command;
    }
}
