using Microsoft.CodeAnalysis;

namespace NtkGen.Generators.Tests;

/// <summary>
/// The pipeline caches (STYLE.md item 4): edits that do not touch a declaration leave the named steps and the source
/// outputs cached, so the IDE does not regenerate thousands of lines per keystroke; a width or MSBuild option change
/// does regenerate.
/// </summary>
[TestClass]
public sealed class IncrementalityTests
{
    private const string NetworkFile = """
        using NtkGen;

        namespace Demo;

        [FullyConnectedNetwork(3, [5], 1)]
        public partial class CachedNet;
        """;

    private const string OtherNetworkFile = """
        using NtkGen;

        namespace Demo;

        [FullyConnectedNetwork(4, [6], 1)]
        public partial class OtherNet;
        """;

    private const string UnrelatedFile = """
        namespace Demo;

        public static class Unrelated
        {
            public static int Answer() => 42;
        }
        """;

    private static readonly IncrementalStepRunReason[] CachedOrUnchanged = [IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged];

    [TestMethod]
    public void AddingAnUnrelatedFile_LeavesStepsAndOutputsCached()
    {
        var (driver, compilation) = RunOnce(NetworkFile);

        var result = Rerun(driver, compilation.AddSyntaxTrees(GeneratorHarness.Parse(UnrelatedFile, "Unrelated.cs")));

        AssertAllIn(CachedOrUnchanged, result, NetworkGenerator.TrackingNames.Declarations);
        AssertAllIn(CachedOrUnchanged, result, NetworkGenerator.TrackingNames.WithOptions);
        // The one value read from the compilation itself re-runs on every edit but must come out equal.
        AssertAllIn(CachedOrUnchanged, result, NetworkGenerator.TrackingNames.TargetFramework);
        AssertAllSourceOutputs(IncrementalStepRunReason.Cached, result);
    }

    [TestMethod]
    public void EditingAnUnrelatedFile_LeavesStepsAndOutputsCached()
    {
        var (driver, compilation) = RunOnce(NetworkFile, UnrelatedFile);
        var unrelated = compilation.SyntaxTrees.Single(t => t.FilePath == "Source1.cs");

        var edited = compilation.ReplaceSyntaxTree(unrelated, GeneratorHarness.Parse(UnrelatedFile.Replace("42", "43"), "Source1.cs"));
        var result = Rerun(driver, edited);

        AssertAllIn(CachedOrUnchanged, result, NetworkGenerator.TrackingNames.Declarations);
        AssertAllIn(CachedOrUnchanged, result, NetworkGenerator.TrackingNames.WithOptions);
        // The one value read from the compilation itself re-runs on every edit but must come out equal.
        AssertAllIn(CachedOrUnchanged, result, NetworkGenerator.TrackingNames.TargetFramework);
        AssertAllSourceOutputs(IncrementalStepRunReason.Cached, result);
    }

    [TestMethod]
    public void EditingTheNetworkFileElsewhere_KeepsTheDeclarationEqualAndOutputsCached()
    {
        // The declaration is re-read from the edited file; only a value-equal model (no syntax, symbols or locations)
        // compares equal to the previous one and keeps the outputs cached.
        var (driver, compilation) = RunOnce(NetworkFile);
        var tree = compilation.SyntaxTrees.Single();

        string editedSource = "// A comment that moves every location in the file.\n" + NetworkFile + "\n\ninternal static class Helper { }\n";
        var result = Rerun(driver, compilation.ReplaceSyntaxTree(tree, GeneratorHarness.Parse(editedSource, tree.FilePath)));

        AssertAllIn(CachedOrUnchanged, result, NetworkGenerator.TrackingNames.Declarations);
        AssertAllSourceOutputs(IncrementalStepRunReason.Cached, result);
    }

    [TestMethod]
    public void ChangingAWidth_ModifiesTheDeclarationAndRegenerates()
    {
        var (driver, compilation) = RunOnce(NetworkFile);
        var tree = compilation.SyntaxTrees.Single();

        var edited = compilation.ReplaceSyntaxTree(tree, GeneratorHarness.Parse(NetworkFile.Replace("[5]", "[7]"), tree.FilePath));
        var result = Rerun(driver, edited);

        AssertAllIn([IncrementalStepRunReason.Modified], result, NetworkGenerator.TrackingNames.Declarations);
        AssertAllSourceOutputs(IncrementalStepRunReason.Modified, result);
        StringAssert.Contains(result.GeneratedSources.Single(s => s.HintName == "Demo.CachedNet.Network.g.cs").SourceText.ToString(), "hiddenWidths: new int[] { 7 }");
    }

    [TestMethod]
    public void ChangingOneOfTwoNetworks_LeavesTheOtherCached()
    {
        var (driver, compilation) = RunOnce(NetworkFile, OtherNetworkFile);
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == "Source0.cs");

        var result = Rerun(driver, compilation.ReplaceSyntaxTree(tree, GeneratorHarness.Parse(NetworkFile.Replace("[5]", "[7]"), tree.FilePath)));

        var declarations = Outputs(result, NetworkGenerator.TrackingNames.Declarations);
        Assert.AreEqual(1, declarations.Count(o => o.Reason == IncrementalStepRunReason.Modified), Describe(declarations));
        Assert.AreEqual(1, declarations.Count(o => CachedOrUnchanged.Contains(o.Reason)), Describe(declarations));
        var sourceOutputs = SourceOutputs(result);
        Assert.AreEqual(1, sourceOutputs.Count(o => o.Reason == IncrementalStepRunReason.Modified), Describe(sourceOutputs));
        Assert.AreEqual(1, sourceOutputs.Count(o => o.Reason == IncrementalStepRunReason.Cached), Describe(sourceOutputs));
    }

    [TestMethod]
    public void ChangingTheUnrollLimit_RegeneratesWithTheNewOption()
    {
        // 64 floats are four Vector512s: unrolled at the default limit (32), a loop at a limit of 2.
        const string WideFile = """
            using NtkGen;

            namespace Demo;

            [FullyConnectedNetwork(64, [64], 1, ElementTypes = ElementTypes.Float)]
            public partial class UnrolledNet;
            """;
        var compilation = GeneratorHarness.CreateCompilation(WideFile);
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        string before = KernelText(driver.GetRunResult(), "Demo.UnrolledNet.NtkKernelF32Vector512.g.cs");

        driver = driver.WithUpdatedAnalyzerConfigOptions(TestAnalyzerConfigOptionsProvider.ForBuildProperties(unrollLimit: "2"));
        var result = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        AssertAllIn([IncrementalStepRunReason.Modified], result, NetworkGenerator.TrackingNames.Options);
        AssertAllIn([IncrementalStepRunReason.Modified], result, NetworkGenerator.TrackingNames.WithOptions);
        AssertAllSourceOutputs(IncrementalStepRunReason.Modified, result);
        string after = result.GeneratedSources.Single(s => s.HintName == "Demo.UnrolledNet.NtkKernelF32Vector512.g.cs").SourceText.ToString();
        Assert.DoesNotContain("for (nuint i = 0; i < 64; i += 64)", before);
        Assert.Contains("for (nuint i = 0; i < 64; i += 64)", after);
    }

    [TestMethod]
    public void SettingTheSameOptionsAgain_LeavesOutputsCached()
    {
        // A new options provider with equal values must not regenerate: the options model is compared by value.
        var (driver, compilation) = RunOnce(NetworkFile);

        driver = driver.WithUpdatedAnalyzerConfigOptions(TestAnalyzerConfigOptionsProvider.ForBuildProperties(maxVectorWidth: "512", unrollLimit: "32"));
        var result = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        AssertAllIn(CachedOrUnchanged, result, NetworkGenerator.TrackingNames.Options);
        AssertAllSourceOutputs(IncrementalStepRunReason.Cached, result);
    }

    [TestMethod]
    public void PipelineModels_HoldNoCompilationObjects()
    {
        // Symbols, syntax, locations or compilations in a model defeat caching and keep whole compilations alive.
        var (driver, _) = RunOnce(NetworkFile);
        var result = driver.GetRunResult().Results.Single();

        foreach (var step in result.TrackedSteps.SelectMany(pair => pair.Value))
        {
            foreach (var (value, _) in step.Outputs)
            {
                if (step.Name is NetworkGenerator.TrackingNames.Declarations or NetworkGenerator.TrackingNames.Options or NetworkGenerator.TrackingNames.WithOptions)
                    PipelineModelInspector.AssertHoldsNoCompilationObjects(value, step.Name!);
            }
        }
        Assert.IsTrue(result.TrackedSteps.ContainsKey(NetworkGenerator.TrackingNames.Declarations), "The Declarations step is not tracked.");
    }

    private static (GeneratorDriver Driver, Compilation Compilation) RunOnce(params string[] sources)
    {
        var compilation = GeneratorHarness.CreateCompilation(sources);
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        var first = driver.GetRunResult().Results.Single();
        Assert.IsNull(first.Exception, $"The generator threw: {first.Exception}");
        Assert.IsNotEmpty(first.GeneratedSources, "Nothing was generated: caching would be tested on nothing.");
        return (driver, compilation);
    }

    private static GeneratorRunResult Rerun(GeneratorDriver driver, Compilation compilation)
        => driver.RunGenerators(compilation).GetRunResult().Results.Single();

    private static string KernelText(GeneratorDriverRunResult run, string hintName)
        => run.Results.Single().GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();

    private static List<(object Value, IncrementalStepRunReason Reason)> Outputs(GeneratorRunResult result, string stepName)
    {
        Assert.IsTrue(result.TrackedSteps.TryGetValue(stepName, out var steps), $"No tracked step named {stepName}.");
        return steps.SelectMany(step => step.Outputs).ToList();
    }

    private static List<(object Value, IncrementalStepRunReason Reason)> SourceOutputs(GeneratorRunResult result)
        => result.TrackedOutputSteps.SelectMany(pair => pair.Value).SelectMany(step => step.Outputs).ToList();

    private static void AssertAllIn(IncrementalStepRunReason[] allowed, GeneratorRunResult result, string stepName)
    {
        var outputs = Outputs(result, stepName);
        // "All outputs are cached" says nothing about a step that produced none.
        Assert.IsNotEmpty(outputs, $"Step {stepName} has no outputs.");
        Assert.IsTrue(outputs.All(o => allowed.Contains(o.Reason)), $"{stepName}: {Describe(outputs)}");
    }

    private static void AssertAllSourceOutputs(IncrementalStepRunReason expected, GeneratorRunResult result)
    {
        var outputs = SourceOutputs(result);
        Assert.IsNotEmpty(outputs, "No source output step ran.");
        Assert.IsTrue(outputs.All(o => o.Reason == expected), $"Source outputs: {Describe(outputs)}");
    }

    private static string Describe(IEnumerable<(object Value, IncrementalStepRunReason Reason)> outputs)
        => string.Join(", ", outputs.Select(o => o.Reason));
}
