using System.CommandLine;
using NtkGen.IO;
using NtkGen.Kernels;

namespace NtkGen.Cli.Commands;

/// <summary>
/// <c>ntkgen ntk</c>: the empirical NTK matrix <c>Θ(X1, X2)</c> (trace over outputs) of a network stored as safetensors,
/// for inputs read from CSV, written as CSV with round-trip precision.
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
            Description = "Inputs X1 as CSV: one input per line, comma-separated, no header.",
            Required = true,
        };
        var inputs2 = new Option<FileInfo?>("--inputs2")
        {
            Description = "Inputs X2 as CSV (default: X1, giving the Gram matrix Θ(X1, X1)).",
        };
        var outputFile = new Option<FileInfo?>("--out")
        {
            Description = "Where to write Θ as CSV (N1 lines of N2 values); default: standard output.",
        };
        var precision = new Option<string>("--precision")
        {
            Description = "Arithmetic precision: f64 (default) or f32.",
            DefaultValueFactory = _ => "f64",
        };
        precision.AcceptOnlyFromAmong("f64", "f32");
        var activation = new Option<string>("--activation")
        {
            Description = "Hidden-layer activation (not stored in a state dict): relu (default), leaky-relu, tanh, sigmoid, linear.",
            DefaultValueFactory = _ => "relu",
        };
        activation.AcceptOnlyFromAmong("relu", "leaky-relu", "tanh", "sigmoid", "linear");

        var command = new Command("ntk", "Compute the empirical NTK matrix Θ(X1, X2) (trace over outputs) of a network stored as safetensors.")
        {
            weights, inputs, inputs2, outputFile, precision, activation,
        };
        command.SetAction(parsed => Run(
            parsed.GetValue(weights)!,
            parsed.GetValue(inputs)!,
            parsed.GetValue(inputs2),
            parsed.GetValue(outputFile),
            parsed.GetValue(precision)!,
            ParseActivation(parsed.GetValue(activation)!),
            output,
            error));
        return command;
    }

    private static int Run(FileInfo weightsFile, FileInfo inputsFile, FileInfo? inputs2File, FileInfo? outFile, string precision, Activation activation, TextWriter output, TextWriter error)
    {
        var parameters = StateDictNetwork.Load(weightsFile.FullName, activation);
        var spec = parameters.Spec;
        var x1 = MatrixCsv.Read(inputsFile.FullName, spec.InputSize);
        var x2 = inputs2File is null ? x1 : MatrixCsv.Read(inputs2File.FullName, spec.InputSize);

        string kernelName;
        string csv;
        using (var text = new StringWriter())
        {
            kernelName = precision == "f32"
                ? Compute(parameters.ConvertTo<float>(), x1, x2, inputs2File is null, text)
                : Compute(parameters, x1, x2, inputs2File is null, text);
            csv = text.ToString();
        }

        string summary = $"Θ: {x1.Rows}×{x2.Rows} for {spec} ({spec.ParameterCount} parameters), kernel {kernelName}";
        if (outFile is null)
        {
            output.Write(csv);
            error.WriteLine(summary);
        }
        else
        {
            File.WriteAllText(outFile.FullName, csv);
            output.WriteLine($"{summary}; written to {outFile.Name}");
        }
        return NtkGenCli.Success;
    }

    private static string Compute<T>(NetworkParameters<T> parameters, CsvMatrix x1, CsvMatrix x2, bool gram, TextWriter csv)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var kernel = KernelRegistry.Resolve<T>(parameters.Spec);
        T[] inputs1 = Convert<T>(x1.Values);
        T[] inputs2 = gram ? inputs1 : Convert<T>(x2.Values);
        T[] theta = kernel.NtkMatrix(parameters.Values, inputs1, inputs2);
        MatrixCsv.Write<T>(csv, theta, x1.Rows, x2.Rows);
        return kernel.Name;
    }

    private static T[] Convert<T>(double[] values)
        where T : System.Numerics.IFloatingPointIeee754<T>
        => Array.ConvertAll(values, T.CreateTruncating);

    private static Activation ParseActivation(string name) => name switch
    {
        "relu" => Activation.ReLU,
        "leaky-relu" => Activation.LeakyReLU,
        "tanh" => Activation.Tanh,
        "sigmoid" => Activation.Sigmoid,
        "linear" => Activation.Linear,
        _ => throw new CommandLineError($"unknown activation '{name}'"),
    };
}
