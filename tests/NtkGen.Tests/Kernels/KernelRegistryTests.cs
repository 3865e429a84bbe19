using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using NtkGen.Kernels;

namespace NtkGen.Tests.Kernels;

/// <summary>The registry hands out generated kernels for declared shapes, the generic path otherwise, and honours NTKGEN_KERNEL.</summary>
[TestClass]
public sealed class KernelRegistryTests
{
    [TestMethod]
    public void Declared_shape_gets_the_generated_kernel_of_the_widest_accelerated_tier()
    {
        var kernel = KernelRegistry.Resolve<double>(HeNet.Spec, tier: null);
        var choice = KernelSelection.For<double>(HeNet.Spec);
        Assert.AreEqual(choice.Path, kernel.Path);
        Assert.IsFalse(kernel.Path.RuntimeWidth);
        Assert.AreEqual(KernelTiers.GeneratedWidestFirst.ToArray().First(KernelTiers.IsAvailable), kernel.Tier);
        StringAssert.Contains(kernel.Name, "HeNet");
        StringAssert.Contains(kernel.Name, "f64");
        StringAssert.Contains(choice.ToString(), "declared shape");
    }

    [TestMethod]
    public void Default_choice_is_the_widest_vector_of_the_instruction_set()
    {
        // The expectation comes from the instruction set, not from IsHardwareAccelerated as the registry's rule does: on
        // Arm64 NEON (AdvSimd) is 128 bits and .NET accelerates nothing wider, so the choice must be the Vector128
        // kernels (.ci/arm64 runs this under QEMU). Only Vector512 is asked directly: the runtime may leave AVX-512 off.
        var expected = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.Arm64 => AdvSimd.IsSupported ? KernelTier.Vector128 : KernelTier.Generic,
            Architecture.X64 => Vector512.IsHardwareAccelerated ? KernelTier.Vector512
                : Avx2.IsSupported ? KernelTier.Vector256
                : Sse2.IsSupported ? KernelTier.Vector128 : KernelTier.Generic,
            _ => new[] { KernelTier.Vector512, KernelTier.Vector256, KernelTier.Vector128 }.FirstOrDefault(KernelTiers.IsAvailable, KernelTier.Generic),
        };
        var declared = KernelSelection.For<double>(HeNet.Spec).Path;
        var undeclared = KernelSelection.For<float>(new NetworkSpec(13, [29, 31], 2)).Path;
        Assert.AreEqual(expected == KernelTier.Generic ? new KernelPath(KernelTier.Scalar) : new KernelPath(expected), declared);
        Assert.AreEqual(new KernelPath(expected, RuntimeWidth: expected != KernelTier.Generic), undeclared);
    }

    [TestMethod]
    public void Undeclared_shape_gets_the_run_time_width_kernel()
    {
        var spec = new NetworkSpec(13, [29, 31], 2);
        Assert.IsFalse(KernelRegistry.HasGenerated<float>(spec));
        var kernel = KernelRegistry.Resolve<float>(spec, tier: null);
        var widest = new[] { KernelTier.Vector512, KernelTier.Vector256, KernelTier.Vector128 }.FirstOrDefault(KernelTiers.IsAvailable, KernelTier.Generic);
        Assert.AreEqual(widest == KernelTier.Generic ? "generic-f32" : $"runtime-{KernelTiers.ShortName(widest)}-f32", kernel.Name);
        StringAssert.Contains(KernelSelection.For<float>(spec).ToString(), widest == KernelTier.Generic ? "no accelerated vectors" : "shape not declared");
    }

    [TestMethod]
    public void Forcing_a_vector_tier_on_an_undeclared_shape_uses_its_run_time_width_kernel()
    {
        var spec = new NetworkSpec(13, [29], 1);
        foreach (var tier in new[] { KernelTier.Vector512, KernelTier.Vector256, KernelTier.Vector128 }.Where(KernelTiers.IsAvailable))
            Assert.AreEqual(new KernelPath(tier, RuntimeWidth: true), KernelRegistry.Resolve<double>(spec, tier).Path);
    }

    [TestMethod]
    public void Run_time_width_path_can_be_forced_on_a_declared_shape()
    {
        foreach (var tier in new[] { KernelTier.Vector512, KernelTier.Vector256, KernelTier.Vector128 }.Where(KernelTiers.IsAvailable))
        {
            var kernel = KernelRegistry.Resolve<float>(HeNet.Spec, new KernelPath(tier, RuntimeWidth: true));
            Assert.AreEqual($"runtime-{KernelTiers.ShortName(tier)}-f32", kernel.Name);
            Assert.IsFalse(KernelRegistry.Resolve<float>(HeNet.Spec, tier).Path.RuntimeWidth);
        }
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
        Assert.IsFalse(KernelRegistry.HasGenerated<double>(spec));
        Assert.IsFalse(KernelRegistry.Resolve<double>(spec, tier: null).Name.Contains("generated", StringComparison.Ordinal));
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
        Assert.ThrowsExactly<InvalidConfigurationException>(() => KernelRegistry.Resolve<float>(TinyNet.Spec, KernelTier.Reference));
    }

    [TestMethod]
    public void Available_lists_generated_then_run_time_width_tiers_widest_first_then_generic_then_reference()
    {
        var paths = KernelRegistry.Available<double>(TinyNet.Spec).Select(k => k.Path).ToList();
        var generated = KernelTiers.GeneratedWidestFirst.ToArray().Where(KernelTiers.IsAvailable).Select(t => new KernelPath(t));
        var runtime = KernelTiers.GeneratedWidestFirst.ToArray().Where(t => KernelTiers.IsVector(t) && KernelTiers.IsAvailable(t)).Select(t => new KernelPath(t, RuntimeWidth: true));
        CollectionAssert.AreEqual(generated.Concat(runtime).Append(new KernelPath(KernelTier.Generic)).Append(new KernelPath(KernelTier.Reference)).ToList(), paths);
    }

    [TestMethod]
    [DataRow(null, null)]
    [DataRow("", null)]
    [DataRow("auto", null)]
    [DataRow("V512", "v512")]
    [DataRow("v256", "v256")]
    [DataRow("v128", "v128")]
    [DataRow(" scalar ", "scalar")]
    [DataRow("generic", "generic")]
    [DataRow("reference", "reference")]
    [DataRow("Runtime-V512", "runtime-v512")]
    [DataRow("runtime-v128", "runtime-v128")]
    public void Override_values_parse(string? value, string? expected)
        => Assert.AreEqual(expected, KernelRegistry.ParseOverride(value)?.ToString());

    [TestMethod]
    [DataRow("runtime-generic")]
    [DataRow("runtime-scalar")]
    [DataRow("runtime-")]
    public void Run_time_width_is_refused_for_tiers_without_vectors(string value)
        => Assert.ThrowsExactly<InvalidConfigurationException>(() => KernelRegistry.ParseOverride(value));

    [TestMethod]
    public void Unknown_override_value_is_a_clear_error()
    {
        var error = Assert.ThrowsExactly<InvalidConfigurationException>(() => KernelRegistry.ParseOverride("avx9000"));
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
