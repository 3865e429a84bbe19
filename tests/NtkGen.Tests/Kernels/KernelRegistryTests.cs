using NtkGen.Kernels;

namespace NtkGen.Tests.Kernels;

/// <summary>The registry hands out generated kernels for declared shapes, the generic path otherwise, and honours NTKGEN_KERNEL.</summary>
[TestClass]
public sealed class KernelRegistryTests
{
    [TestMethod]
    public void Declared_shape_gets_the_generated_kernel_the_selection_measured()
    {
        var kernel = KernelRegistry.Resolve<double>(HeNet.Spec, tier: null);
        var choice = KernelSelection.Existing<double>(HeNet.Spec);
        Assert.IsNotNull(choice);
        Assert.AreEqual(choice.Tier, kernel.Tier);
        Assert.IsTrue(KernelTiers.IsAvailable(kernel.Tier));
        Assert.IsFalse(kernel.Tier is KernelTier.Generic or KernelTier.Reference);
        StringAssert.Contains(kernel.Name, "HeNet");
        StringAssert.Contains(kernel.Name, "f64");
        // With two accelerated vector tiers both were timed (widest first); with one there is nothing to measure.
        var vectorTiers = KernelTiers.GeneratedWidestFirst.ToArray().Where(t => t != KernelTier.Scalar && KernelTiers.IsAvailable(t)).Take(2).ToList();
        if (vectorTiers.Count == 2) CollectionAssert.AreEqual(vectorTiers, choice.Timings.Select(t => t.Tier).ToList());
        else Assert.AreEqual(KernelTiers.GeneratedWidestFirst.ToArray().First(KernelTiers.IsAvailable), kernel.Tier);
    }

    [TestMethod]
    public void Narrower_tier_wins_only_when_clearly_faster_on_both_workloads()
    {
        Assert.AreEqual(KernelTier.Vector512, KernelSelection.Decide(KernelTier.Vector512, (1.0, 1.0), KernelTier.Vector256, (1.5, 1.5)));
        Assert.AreEqual(KernelTier.Vector512, KernelSelection.Decide(KernelTier.Vector512, (1.0, 1.0), KernelTier.Vector256, (0.95, 0.95)));
        Assert.AreEqual(KernelTier.Vector256, KernelSelection.Decide(KernelTier.Vector512, (1.0, 1.0), KernelTier.Vector256, (0.85, 0.85)));
        // Faster on the batch but slower per sample (or the reverse): the wider tier stays.
        Assert.AreEqual(KernelTier.Vector512, KernelSelection.Decide(KernelTier.Vector512, (1.0, 1.0), KernelTier.Vector256, (0.5, 1.2)));
        Assert.AreEqual(KernelTier.Vector512, KernelSelection.Decide(KernelTier.Vector512, (1.0, 1.0), KernelTier.Vector256, (1.2, 0.5)));
    }

    [TestMethod]
    public void Undeclared_shape_falls_back_to_the_generic_kernel()
    {
        var spec = new NetworkSpec(13, [29, 31], 2);
        Assert.IsFalse(KernelRegistry.HasGenerated<float>(spec));
        var kernel = KernelRegistry.Resolve<float>(spec, tier: null);
        Assert.AreEqual(KernelTier.Generic, kernel.Tier);
        Assert.AreEqual("generic-f32", kernel.Name);
    }

    [TestMethod]
    public void Forcing_a_generated_tier_on_an_undeclared_shape_uses_the_generic_kernel()
    {
        var spec = new NetworkSpec(13, [29], 1);
        Assert.AreEqual(KernelTier.Generic, KernelRegistry.Resolve<double>(spec, KernelTier.Scalar).Tier);
    }

    [TestMethod]
    public void Other_variances_in_standard_parametrization_share_the_generated_kernel()
    {
        // σ_w² and σ_b² only change the initialization, not the computation.
        var spec = HeNet.Spec.WithVariances(sigmaW2: 1.5, sigmaB2: 0.3);
        var kernel = KernelRegistry.Resolve<double>(spec, KernelTier.Scalar);
        Assert.AreEqual(KernelTier.Scalar, kernel.Tier);
        Assert.AreSame(spec, kernel.Spec);
    }

    [TestMethod]
    public void Another_sigma_in_NTK_parametrization_is_a_different_kernel()
    {
        // In NTK parametrization σ_w scales the forward pass, so the generated constants no longer apply.
        var spec = LeakyNtkNet.Spec.WithVariances(sigmaW2: 1.0, sigmaB2: 0.1);
        Assert.AreEqual(KernelTier.Generic, KernelRegistry.Resolve<double>(spec, tier: null).Tier);
    }

    [TestMethod]
    public void Float_only_declaration_has_no_generated_double_kernel()
    {
        Assert.IsTrue(KernelRegistry.HasGenerated<float>(FloatOnlyNet.Spec));
        Assert.IsFalse(KernelRegistry.HasGenerated<double>(FloatOnlyNet.Spec));
    }

    [TestMethod]
    public void Reference_kernel_is_double_only()
    {
        Assert.AreEqual(KernelTier.Reference, KernelRegistry.Resolve<double>(TinyNet.Spec, KernelTier.Reference).Tier);
        Assert.ThrowsExactly<InvalidOperationException>(() => KernelRegistry.Resolve<float>(TinyNet.Spec, KernelTier.Reference));
    }

    [TestMethod]
    public void Available_lists_generated_tiers_widest_first_then_generic_then_reference()
    {
        var tiers = KernelRegistry.Available<double>(TinyNet.Spec).Select(k => k.Tier).ToList();
        var generated = KernelTiers.GeneratedWidestFirst.ToArray().Where(KernelTiers.IsAvailable);
        CollectionAssert.AreEqual(generated.Append(KernelTier.Generic).Append(KernelTier.Reference).ToList(), tiers);
    }

    [TestMethod]
    [DataRow(null, null)]
    [DataRow("", null)]
    [DataRow("auto", null)]
    [DataRow("V512", KernelTier.Vector512)]
    [DataRow("v256", KernelTier.Vector256)]
    [DataRow("v128", KernelTier.Vector128)]
    [DataRow(" scalar ", KernelTier.Scalar)]
    [DataRow("generic", KernelTier.Generic)]
    [DataRow("reference", KernelTier.Reference)]
    public void Override_values_parse(string? value, KernelTier? expected)
        => Assert.AreEqual(expected, KernelRegistry.ParseOverride(value));

    [TestMethod]
    public void Unknown_override_value_is_a_clear_error()
    {
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => KernelRegistry.ParseOverride("avx9000"));
        StringAssert.Contains(error.Message, "NTKGEN_KERNEL");
        StringAssert.Contains(error.Message, "avx9000");
    }

    [TestMethod]
    [DoNotParallelize]
    public void Environment_variable_forces_the_tier()
    {
        string? before = Environment.GetEnvironmentVariable(KernelRegistry.OverrideVariable);
        try
        {
            Environment.SetEnvironmentVariable(KernelRegistry.OverrideVariable, "generic");
            Assert.AreEqual(KernelTier.Generic, HeNet.Kernel<double>().Tier);
            Environment.SetEnvironmentVariable(KernelRegistry.OverrideVariable, "scalar");
            Assert.AreEqual(KernelTier.Scalar, HeNet.Kernel<float>().Tier);
        }
        finally
        {
            Environment.SetEnvironmentVariable(KernelRegistry.OverrideVariable, before);
        }
    }
}
