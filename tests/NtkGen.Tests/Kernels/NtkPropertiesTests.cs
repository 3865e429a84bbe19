using MathNet.Numerics.LinearAlgebra;
using NtkGen.Kernels;
using NtkGen.Tests.Support;

namespace NtkGen.Tests.Kernels;

/// <summary>Θ(X, X) is a Gram matrix: symmetric, positive semi-definite, and the trace of its output blocks.</summary>
[TestClass]
public sealed class NtkPropertiesTests
{
    public static IEnumerable<object[]> Networks => TestNetworks.All.Keys.Select(name => new object[] { name });

    [TestMethod]
    [DynamicData(nameof(Networks))]
    public void Gram_matrix_is_symmetric_and_positive_semidefinite(string network)
    {
        var spec = TestNetworks.All[network];
        var kernel = KernelRegistry.Resolve<double>(spec, KernelTier.Generic);
        double[] p = TestInputs.Parameters(spec, seed: 13).Values;
        const int count = 12;
        double[] x = TestInputs.Gaussian(count, spec.InputSize, seed: 14);
        // Rectangular computation of the same square matrix: no symmetry shortcut is taken.
        double[] theta = kernel.NtkMatrix(p, x, x.ToArray());
        double max = theta.Max(Math.Abs);
        for (int i = 0; i < count; i++)
            for (int j = 0; j < count; j++)
                Assert.AreEqual(theta[i * count + j], theta[j * count + i], 1e-12 * max, $"Θ[{i},{j}] ≠ Θ[{j},{i}]");
        var eigenvalues = Matrix<double>.Build.Dense(count, count, theta).Evd(Symmetricity.Symmetric).EigenValues;
        double smallest = eigenvalues.Min(e => e.Real);
        Assert.IsTrue(smallest >= -1e-10 * max, $"smallest eigenvalue {smallest:G4} < 0 (max entry {max:G4})");
    }

    [TestMethod]
    [DataRow("Tiny")]
    [DataRow("LeakyNtk")]
    [DataRow("Linear")]
    [DataRow("Shallow")]
    public void Matrix_is_the_trace_of_the_output_blocks(string network)
    {
        var spec = TestNetworks.All[network];
        var kernel = KernelRegistry.Resolve<double>(spec, tier: null);
        double[] p = TestInputs.Parameters(spec, seed: 1).Values;
        double[] x1 = TestInputs.Gaussian(3, spec.InputSize, seed: 1);
        double[] x2 = TestInputs.Gaussian(4, spec.InputSize, seed: 2);
        int o = spec.OutputSize;
        var blocks = new double[12 * o * o];
        kernel.NtkBlocks(p, x1, x2, blocks);
        var trace = new double[12];
        for (int pair = 0; pair < 12; pair++)
            for (int k = 0; k < o; k++) trace[pair] += blocks[(pair * o + k) * o + k];
        NumericAssert.Close(trace, kernel.NtkMatrix(p, x1, x2), 1e-13, "Σ_k Θ_kk");
    }

    [TestMethod]
    public void Symmetric_shortcut_equals_the_rectangular_computation()
    {
        var kernel = OddWidthNet.Kernel<double>();
        double[] p = TestInputs.Parameters(OddWidthNet.Spec, seed: 4).Values;
        double[] x = TestInputs.Gaussian(7, OddWidthNet.Spec.InputSize, seed: 4);
        NumericAssert.Close(kernel.NtkMatrix(p, x, x.ToArray()), kernel.NtkMatrix(p, x), 1e-13, "Θ(X, X)");
    }

    [TestMethod]
    [DoNotParallelize]
    public void Large_batches_give_the_same_matrix_on_one_thread_and_on_all()
    {
        // Above the parallel threshold the traces (per-sample path) or the blocks and Gram tiles (batched path) are
        // computed on several threads; the result must not change. Row by row, on the per-sample path, it agrees to rounding.
        var spec = WideLoopNet.Spec;
        double[] p = TestInputs.Parameters(spec, seed: 4).Values;
        double[] x = TestInputs.Gaussian(64, spec.InputSize, seed: 4);
        foreach (var kernel in new[] { KernelRegistry.Resolve<double>(spec, tier: null), KernelRegistry.Resolve<double>(spec, KernelTier.Generic) })
        {
            double[] parallel = kernel.NtkMatrix(p, x);
            double[] sequential;
            int before = KernelThreading.MaxThreads;
            try
            {
                KernelThreading.MaxThreads = 1;
                sequential = kernel.NtkMatrix(p, x);
            }
            finally
            {
                KernelThreading.MaxThreads = before;
            }
            CollectionAssert.AreEqual(sequential, parallel, kernel.Name);

            double[] rows = new double[64 * 64];
            for (int i = 0; i < 64; i++)
                kernel.NtkMatrix(p, x.AsSpan(i * spec.InputSize, spec.InputSize), x).CopyTo(rows, i * 64);
            NumericAssert.Close<double>(rows, parallel, 1e-13, kernel.Name + " row by row");
        }
    }
}
