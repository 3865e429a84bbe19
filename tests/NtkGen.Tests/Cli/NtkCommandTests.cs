using NtkGen.IO;
using NtkGen.Kernels;
using NtkGen.Reference;
using NtkGen.Tests.Oracles;
using NtkGen.Tests.Support;

namespace NtkGen.Tests.Cli;

/// <summary><c>ntkgen ntk</c>: results against the oracles, and one-line errors that change nothing.</summary>
[TestClass]
public sealed class NtkCommandTests
{
    [TestMethod]
    public void Gram_matrix_of_a_relu_network_matches_automatic_differentiation()
    {
        // The acceptance case: a random 16 → 64 → 64 → 64 → 1 ReLU network stored as F64 safetensors, 20 inputs.
        using var directory = new TempDirectory();
        var parameters = TestInputs.Parameters(new NetworkSpec(16, [64, 64, 64], 1), seed: 31);
        StateDictNetwork.Save(directory.File("w.safetensors"), parameters);
        double[] inputs = TestInputs.Gaussian(20, 16, seed: 32);
        CliRunner.WriteCsv(directory.File("x.csv"), inputs, 16);

        var (exitCode, output, error) = CliRunner.Run("ntk", "--weights", directory.File("w.safetensors"), "--inputs", directory.File("x.csv"), "--out", directory.File("k.csv"));

        Assert.AreEqual(0, exitCode, error);
        StringAssert.Contains(output, "20×20");
        double[] theta = CliRunner.ParseCsv(File.ReadAllText(directory.File("k.csv")));
        Assert.HasCount(400, theta);
        NumericAssert.Close(AutogradNetwork.NtkMatrix(parameters.Spec, parameters.Values, inputs, inputs), theta, 1e-9, "Θ from ntkgen ntk");
    }

    [TestMethod]
    [DataRow("f64", 1e-12)]
    [DataRow("f32", 1e-5)]
    public void Rectangular_matrix_to_standard_output_matches_the_reference(string precision, double tolerance)
    {
        using var directory = new TempDirectory();
        var spec = new NetworkSpec(5, [12, 9], 2, Activation.Tanh);
        var parameters = TestInputs.Parameters(spec, seed: 1);
        StateDictNetwork.Save(directory.File("w.safetensors"), parameters, dtype: precision == "f32" ? "F32" : "F64");
        var stored = StateDictNetwork.Load(directory.File("w.safetensors"), Activation.Tanh);
        double[] x1 = TestInputs.Gaussian(4, 5, seed: 2), x2 = TestInputs.Gaussian(3, 5, seed: 3);
        CliRunner.WriteCsv(directory.File("x1.csv"), x1, 5);
        CliRunner.WriteCsv(directory.File("x2.csv"), x2, 5);
        // The reference sees the inputs as they were written to and read from the files.
        x1 = MatrixCsv.Read(directory.File("x1.csv")).Values;
        x2 = MatrixCsv.Read(directory.File("x2.csv")).Values;

        var (exitCode, output, error) = CliRunner.Run("ntk", "--weights", directory.File("w.safetensors"), "--inputs", directory.File("x1.csv"),
            "--inputs2", directory.File("x2.csv"), "--precision", precision, "--activation", "tanh");

        Assert.AreEqual(0, exitCode, error);
        StringAssert.Contains(error, "4×3");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(4, lines);
        Assert.IsTrue(lines.All(line => line.Split(',').Length == 3));
        INtkKernel<double> reference = new ReferenceKernel(stored.Spec);
        var expected = reference.NtkMatrix(stored.Values, x1, x2);
        NumericAssert.Close(expected, CliRunner.ParseCsv(output), tolerance, $"Θ in {precision}");
    }

    [TestMethod]
    [DataRow("missing-weights", "file not found", 1)]
    [DataRow("bad-weights", "not a safetensors file", 1)]
    [DataRow("header-csv", "is not a number (the file must have no header)", 1)]
    [DataRow("wrong-columns", "rows have 3 values but the network takes 4 inputs", 1)]
    [DataRow("unknown-option", "--frobnicate", 2)]
    [DataRow("missing-required", "Option '--weights' is required", 2)]
    [DataRow("bad-precision", "Argument 'f16' not recognized", 2)]
    [DataRow("no-command", "Required command was not provided", 2)]
    public void Bad_input_gives_one_line_and_a_nonzero_exit_and_writes_nothing(string kind, string expected, int expectedExit)
    {
        using var directory = new TempDirectory();
        var parameters = TestInputs.Parameters(new NetworkSpec(4, [6], 1), seed: 1);
        StateDictNetwork.Save(directory.File("w.safetensors"), parameters);
        File.WriteAllText(directory.File("x.csv"), "1,2,3,4\n");
        File.WriteAllText(directory.File("header.csv"), "a,b,c,d\n1,2,3,4\n");
        File.WriteAllText(directory.File("three.csv"), "1,2,3\n");
        File.WriteAllText(directory.File("junk.safetensors"), "junk");
        string w = directory.File("w.safetensors"), x = directory.File("x.csv"), output = directory.File("k.csv");
        string[] args = kind switch
        {
            "missing-weights" => ["ntk", "--weights", directory.File("none.safetensors"), "--inputs", x, "--out", output],
            "bad-weights" => ["ntk", "--weights", directory.File("junk.safetensors"), "--inputs", x, "--out", output],
            "header-csv" => ["ntk", "--weights", w, "--inputs", directory.File("header.csv"), "--out", output],
            "wrong-columns" => ["ntk", "--weights", w, "--inputs", directory.File("three.csv"), "--out", output],
            "unknown-option" => ["ntk", "--weights", w, "--inputs", x, "--frobnicate", "--out", output],
            "missing-required" => ["ntk", "--inputs", x, "--out", output],
            "bad-precision" => ["ntk", "--weights", w, "--inputs", x, "--precision", "f16", "--out", output],
            "no-command" => [],
            _ => throw new ArgumentException(kind),
        };

        var (exitCode, stdout, error) = CliRunner.Run(args);

        Assert.AreEqual(expectedExit, exitCode);
        Assert.AreEqual("", stdout);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(1, lines, error);
        StringAssert.StartsWith(lines[0], "ntkgen: ");
        StringAssert.Contains(lines[0], expected);
        Assert.IsFalse(File.Exists(output), "nothing is written on error");
    }

    [TestMethod]
    public void Help_documents_every_command_and_option()
    {
        var (exitCode, output, _) = CliRunner.Run("--help");
        Assert.AreEqual(0, exitCode);
        StringAssert.Contains(output, "ntk");
        var (ntkExit, ntkHelp, _) = CliRunner.Run("ntk", "--help");
        Assert.AreEqual(0, ntkExit);
        foreach (var option in new[] { "--weights", "--inputs", "--inputs2", "--out", "--precision", "--activation" })
            StringAssert.Contains(ntkHelp, option);
    }
}
