using NtkGen.Experiments.Dispersion;
using NtkGen.Experiments.GdStep;
using NtkGen.Kernels;

namespace NtkGen.Tests.Cli;

/// <summary>The command line declares the networks of its default grids, so the default runs are on generated kernels.</summary>
[TestClass]
public sealed class DefaultGridNetworksTests
{
    [TestMethod]
    public void Every_point_of_the_default_grids_has_a_generated_kernel_in_its_default_precision()
    {
        // The declarations register their kernels from the command line's module initializer.
        System.Runtime.CompilerServices.RuntimeHelpers.RunModuleConstructor(typeof(NtkGen.Cli.NtkGenCli).Module.ModuleHandle);
        var dispersion = new DispersionConfig();
        Assert.AreEqual(Precision.F32, dispersion.Precision);
        foreach (var point in dispersion.Points) Assert.IsTrue(KernelRegistry.HasGenerated<float>(point.Spec), $"dispersion L = {point.Depth}");
        var gdStep = new GdStepConfig();
        Assert.AreEqual(Precision.F64, gdStep.Precision);
        foreach (var point in gdStep.Points) Assert.IsTrue(KernelRegistry.HasGenerated<double>(point.Spec), $"gd-step L = {point.Depth}");
        Assert.IsFalse(KernelRegistry.HasGenerated<float>(new NetworkSpec(100, [100, 100], 2)), "and nothing else: a shape nobody declared");
    }
}
