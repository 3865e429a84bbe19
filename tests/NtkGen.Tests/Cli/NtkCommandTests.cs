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
        StringAssert.Contains(output, "Θ [20, 20] f64");
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
        StringAssert.Contains(error, "Θ [4, 3]");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(4, lines);
        Assert.IsTrue(lines.All(line => line.Split(',').Length == 3));
        INtkKernel<double> reference = new ReferenceKernel(stored.Spec);
        var expected = reference.NtkMatrix(stored.Values, x1, x2);
        NumericAssert.Close(expected, CliRunner.ParseCsv(output), tolerance, $"Θ in {precision}");
    }

    [TestMethod]
    [DataRow("f32")]
    [DataRow("f64")]
    public void Npy_inputs_and_output_hold_the_reference_matrix(string precision)
    {
        using var directory = new TempDirectory();
        var spec = new NetworkSpec(7, [20, 9], 3, Activation.LeakyReLU);
        var parameters = TestInputs.Parameters(spec, seed: 5);
        StateDictNetwork.Save(directory.File("w.safetensors"), parameters);
        double[] x1 = TestInputs.Gaussian(30, 7, seed: 6), x2 = TestInputs.Gaussian(11, 7, seed: 7);
        NpyFile.Write<double>(directory.File("x1.npy"), x1, 30, 7);
        NpyFile.Write<float>(directory.File("x2.npy"), TestInputs.Convert<float>(x2), 11, 7);
        x2 = TestInputs.Convert<float>(x2).Select(v => (double)v).ToArray();

        var (exitCode, output, error) = CliRunner.Run("ntk", "--weights", directory.File("w.safetensors"), "--inputs", directory.File("x1.npy"),
            "--inputs2", directory.File("x2.npy"), "--activation", "leaky-relu", "--precision", precision, "--out", directory.File("k.npy"));

        Assert.AreEqual(0, exitCode, error);
        var theta = NpyFile.Read(directory.File("k.npy"));
        CollectionAssert.AreEqual(new long[] { 30, 11 }, theta.Shape);
        Assert.AreEqual(precision == "f32" ? "<f4" : "<f8", theta.DType);
        var expected = new ReferenceKernel(spec).NtkMatrix(parameters.Values, x1, x2);
        NumericAssert.Close(expected, theta.Values, precision == "f32" ? 1e-5 : 1e-12, "Θ in k.npy");
        StringAssert.Contains(output, "kernel ");
        StringAssert.Contains(output, "whole command");
        Assert.IsFalse(File.Exists(directory.File("k.npy.partial")));
    }

    [TestMethod]
    [DataRow("k.npy")]
    [DataRow("k.csv")]
    public void Blocks_are_every_output_pair_as_neural_tangents_lays_them_out(string file)
    {
        using var directory = new TempDirectory();
        var spec = new NetworkSpec(4, [10], 2);
        var parameters = TestInputs.Parameters(spec, seed: 8);
        StateDictNetwork.Save(directory.File("w.safetensors"), parameters);
        double[] x = TestInputs.Gaussian(19, 4, seed: 9);
        CliRunner.WriteCsv(directory.File("x.csv"), x, 4);
        x = MatrixCsv.Read(directory.File("x.csv")).Values;

        var (exitCode, _, error) = CliRunner.Run("ntk", "--weights", directory.File("w.safetensors"), "--inputs", directory.File("x.csv"), "--blocks", "--out", directory.File(file));

        Assert.AreEqual(0, exitCode, error);
        double[] values = file.EndsWith(".npy", StringComparison.Ordinal) ? NpyFile.Read(directory.File(file)).Values : CliRunner.ParseCsv(File.ReadAllText(directory.File(file)));
        if (file.EndsWith(".npy", StringComparison.Ordinal)) CollectionAssert.AreEqual(new long[] { 19, 19, 2, 2 }, NpyFile.Read(directory.File(file)).Shape);
        else Assert.HasCount(19, File.ReadAllLines(directory.File(file)));
        NumericAssert.Close(AutogradNetwork.NtkBlocks(spec, parameters.Values, x, x), values, 1e-12, "Θ_kk'");
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void Diagonal_is_each_input_against_itself(bool blocks)
    {
        using var directory = new TempDirectory();
        var spec = new NetworkSpec(4, [10, 6], 2, Activation.Tanh);
        var parameters = TestInputs.Parameters(spec, seed: 10);
        StateDictNetwork.Save(directory.File("w.safetensors"), parameters);
        double[] x = TestInputs.Gaussian(25, 4, seed: 11);
        NpyFile.Write<double>(directory.File("x.npy"), x, 25, 4);
        string[] args = ["ntk", "--weights", directory.File("w.safetensors"), "--inputs", directory.File("x.npy"), "--activation", "tanh", "--diagonal", "--out", directory.File("d.npy")];

        var (exitCode, _, error) = CliRunner.Run(blocks ? [.. args, "--blocks"] : args);

        Assert.AreEqual(0, exitCode, error);
        var diagonal = NpyFile.Read(directory.File("d.npy"));
        var full = AutogradNetwork.NtkBlocks(spec, parameters.Values, x, x);
        int o = 2;
        var expected = Enumerable.Range(0, 25).SelectMany(i => blocks
            ? full.AsSpan((i * 25 + i) * o * o, o * o).ToArray()
            : [full[(i * 25 + i) * o * o] + full[(i * 25 + i) * o * o + 3]]).ToArray();
        CollectionAssert.AreEqual(blocks ? new long[] { 25, 2, 2 } : new long[] { 25 }, diagonal.Shape);
        NumericAssert.Close(expected, diagonal.Values, 1e-12, "Θ(x, x)");
    }

    [TestMethod]
    [DataRow("k.npy")]
    [DataRow("k.csv")]
    public void A_matrix_larger_than_the_memory_budget_is_written_in_strips_with_the_same_numbers(string file)
    {
        using var directory = new TempDirectory();
        var spec = new NetworkSpec(5, [12], 1);
        var parameters = TestInputs.Parameters(spec, seed: 12);
        StateDictNetwork.Save(directory.File("w.safetensors"), parameters);
        double[] x = TestInputs.Gaussian(400, 5, seed: 13);
        NpyFile.Write<double>(directory.File("x.npy"), x, 400, 5);
        string[] args = ["ntk", "--weights", directory.File("w.safetensors"), "--inputs", directory.File("x.npy"), "--out", directory.File(file)];

        // 1 MB holds 65 rows of 400 entries of 5 · 8 bytes: seven strips.
        var (exitCode, output, error) = CliRunner.Run([.. args, "--memory-mb", "1"]);

        Assert.AreEqual(0, exitCode, error);
        StringAssert.Contains(output, "in 7 strips of 65 rows");
        double[] values = file.EndsWith(".npy", StringComparison.Ordinal) ? NpyFile.Read(directory.File(file)).Values : CliRunner.ParseCsv(File.ReadAllText(directory.File(file)));
        var expected = KernelRegistry.Resolve<double>(spec).NtkMatrix(parameters.Values, x);
        NumericAssert.Close(new ReferenceKernel(spec).NtkMatrix(parameters.Values, x), values, 1e-12, "Θ in strips");
        // The strips are rectangular products, the whole matrix a symmetric one: the same to rounding.
        NumericAssert.Close(Array.ConvertAll(expected, v => v), values, 1e-13, "strips against one call");
    }

    [TestMethod]
    [DataRow("nan-weights", "nan.safetensors: tensor '0.weight' element [0, 3] is NaN in f64", 1)]
    [DataRow("weights-past-f32", "big.safetensors: tensor '0.weight' element [0, 3] is +∞ in f32", 1)]
    [DataRow("huge-inputs", "non-finite entry", 1)]
    [DataRow("diagonal-two-inputs", "--diagonal computes Θ(x, x)", 2)]
    [DataRow("row-too-large", "more than --memory-mb 1", 2)]
    [DataRow("no-folder", "does not exist", 2)]
    [DataRow("npy-3d", "is not a matrix of inputs", 1)]
    public void Refusals_are_one_line_and_leave_no_file(string kind, string expected, int expectedExit)
    {
        using var directory = new TempDirectory();
        var spec = new NetworkSpec(4, [6], 1);
        var parameters = TestInputs.Parameters(spec, seed: 1);
        StateDictNetwork.Save(directory.File("w.safetensors"), parameters);
        var poisoned = parameters.Values.ToArray();
        poisoned[3] = double.NaN;
        StateDictNetwork.Save(directory.File("nan.safetensors"), new NetworkParameters<double>(spec, poisoned));
        poisoned[3] = 1e200;
        StateDictNetwork.Save(directory.File("big.safetensors"), new NetworkParameters<double>(spec, poisoned));
        File.WriteAllText(directory.File("x.csv"), "1,2,3,4\n0,1,0,1\n");
        File.WriteAllText(directory.File("huge.csv"), "1e300,2,3,4\n");
        NpyFile.Write<double>(directory.File("wide.npy"), new double[40_000 * 4], 40_000, 4);
        NpyFile.Write<double>(directory.File("cube.npy"), new double[8], 2, 2, 2);
        string w = directory.File("w.safetensors"), x = directory.File("x.csv"), output = directory.File("k.npy");
        string[] args = kind switch
        {
            "nan-weights" => ["ntk", "--weights", directory.File("nan.safetensors"), "--inputs", x, "--out", output],
            "weights-past-f32" => ["ntk", "--weights", directory.File("big.safetensors"), "--inputs", x, "--precision", "f32", "--out", output],
            "huge-inputs" => ["ntk", "--weights", w, "--inputs", directory.File("huge.csv"), "--out", output],
            "diagonal-two-inputs" => ["ntk", "--weights", w, "--inputs", x, "--inputs2", x, "--diagonal", "--out", output],
            "row-too-large" => ["ntk", "--weights", w, "--inputs", x, "--inputs2", directory.File("wide.npy"), "--memory-mb", "1", "--out", output],
            "no-folder" => ["ntk", "--weights", w, "--inputs", x, "--out", directory.File("missing/k.npy")],
            "npy-3d" => ["ntk", "--weights", w, "--inputs", directory.File("cube.npy"), "--out", output],
            _ => throw new ArgumentException(kind),
        };

        var (exitCode, _, error) = CliRunner.Run(args);

        Assert.AreEqual(expectedExit, exitCode, error);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(1, lines, error);
        StringAssert.Contains(lines[0], expected);
        Assert.IsFalse(File.Exists(output), "nothing is written");
        Assert.IsFalse(File.Exists(output + ".partial"), "no partial file is left");
    }

    [TestMethod]
    [DataRow("missing-weights", "file not found", 1)]
    [DataRow("bad-weights", "not a safetensors file", 1)]
    [DataRow("header-csv", "is not a number (the file must have no header)", 1)]
    [DataRow("wrong-columns", "rows have 3 values but the network takes 4 inputs", 1)]
    [DataRow("weights-folder", "folder.safetensors: is a folder, not a file", 1)]
    [DataRow("inputs-folder", "folder.safetensors: is a folder, not a file", 1)]
    [DataRow("out-folder", "is a folder: give the name of the file to write", 2)]
    [DataRow("unknown-option", "--frobnicate", 2)]
    [DataRow("missing-required", "Option '--weights' is required", 2)]
    [DataRow("bad-precision", "--precision must be one of f32, f64 (got 'f16')", 2)]
    [DataRow("no-command", "Required command was not provided", 2)]
    [DataRow("unknown-command", "unknown command or argument 'frobnicate'", 2)]
    public void Bad_input_gives_one_line_and_a_nonzero_exit_and_writes_nothing(string kind, string expected, int expectedExit)
    {
        using var directory = new TempDirectory();
        var parameters = TestInputs.Parameters(new NetworkSpec(4, [6], 1), seed: 1);
        StateDictNetwork.Save(directory.File("w.safetensors"), parameters);
        File.WriteAllText(directory.File("x.csv"), "1,2,3,4\n");
        File.WriteAllText(directory.File("header.csv"), "a,b,c,d\n1,2,3,4\n");
        File.WriteAllText(directory.File("three.csv"), "1,2,3\n");
        File.WriteAllText(directory.File("junk.safetensors"), "junk");
        string folder = Directory.CreateDirectory(directory.File("folder.safetensors")).FullName;
        string w = directory.File("w.safetensors"), x = directory.File("x.csv"), output = directory.File("k.csv");
        string[] args = kind switch
        {
            "missing-weights" => ["ntk", "--weights", directory.File("none.safetensors"), "--inputs", x, "--out", output],
            "bad-weights" => ["ntk", "--weights", directory.File("junk.safetensors"), "--inputs", x, "--out", output],
            "header-csv" => ["ntk", "--weights", w, "--inputs", directory.File("header.csv"), "--out", output],
            "wrong-columns" => ["ntk", "--weights", w, "--inputs", directory.File("three.csv"), "--out", output],
            "weights-folder" => ["ntk", "--weights", folder, "--inputs", x, "--out", output],
            "inputs-folder" => ["ntk", "--weights", w, "--inputs", folder, "--out", output],
            "out-folder" => ["ntk", "--weights", w, "--inputs", x, "--out", folder],
            "unknown-option" => ["ntk", "--weights", w, "--inputs", x, "--frobnicate", "--out", output],
            "missing-required" => ["ntk", "--inputs", x, "--out", output],
            "bad-precision" => ["ntk", "--weights", w, "--inputs", x, "--precision", "f16", "--out", output],
            "no-command" => [],
            "unknown-command" => ["frobnicate"],
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
        foreach (var option in new[] { "--weights", "--inputs", "--inputs2", "--out", "--precision", "--activation", "--blocks", "--diagonal", "--memory-mb" })
            StringAssert.Contains(ntkHelp, option);
    }
}
