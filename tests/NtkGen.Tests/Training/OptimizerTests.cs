using NtkGen.Training;

namespace NtkGen.Tests.Training;

/// <summary>Adam and gradient descent against their update rules written out by hand, in double precision.</summary>
[TestClass]
public sealed class OptimizerTests
{
    [TestMethod]
    [DataRow(1e-8)]
    [DataRow(1e-3)]
    [DataRow(0.5)]
    public void Adam_steps_follow_the_bias_corrected_rule_with_its_epsilon(double epsilon)
    {
        // Gradients far above, near and far below ε: ε only matters where |g| is not much larger than it.
        float[] parameters = [1f, -2f, 0.5f];
        double[] reference = [1, -2, 0.5];
        float[][] gradients = [[0.3f, -1e-3f, 1e-9f], [0.1f, 2e-3f, -3e-9f], [-0.2f, 5e-4f, 2e-9f]];
        const double rate = 1e-2, beta1 = 0.9, beta2 = 0.999;
        var adam = Optimizer.Create(OptimizerKind.Adam, rate, parameters.Length, epsilon);
        double[] m = new double[3], v = new double[3];
        for (int t = 1; t <= gradients.Length; t++)
        {
            adam.Step(parameters, gradients[t - 1]);
            for (int i = 0; i < 3; i++)
            {
                double g = gradients[t - 1][i];
                m[i] = beta1 * m[i] + (1 - beta1) * g;
                v[i] = beta2 * v[i] + (1 - beta2) * g * g;
                double mHat = m[i] / (1 - Math.Pow(beta1, t)), vHat = v[i] / (1 - Math.Pow(beta2, t));
                reference[i] -= rate * mHat / (Math.Sqrt(vHat) + epsilon);
            }
        }
        for (int i = 0; i < 3; i++) Assert.AreEqual(reference[i], parameters[i], 2e-6 * Math.Abs(reference[i]), $"parameter {i}");
    }

    [TestMethod]
    public void A_larger_epsilon_slows_only_the_small_gradients()
    {
        float[] small = [0f, 0f], large = [0f, 0f];
        float[] gradient = [1f, 1e-8f];
        Optimizer.Create(OptimizerKind.Adam, 1e-3, 2, 1e-12).Step(small, gradient);
        Optimizer.Create(OptimizerKind.Adam, 1e-3, 2, 1e-8).Step(large, gradient);
        Assert.AreEqual(small[0], large[0], 1e-10f, "|g| ≫ ε: a step of the learning rate either way");
        Assert.AreEqual(-1e-3f, small[1], 1e-6f, "|g| ≫ ε = 1e-12: a full step");
        Assert.AreEqual(-0.5e-3f, large[1], 1e-6f, "|g| = ε: half a step");
    }

    [TestMethod]
    [DataRow(0.0)]
    [DataRow(-1e-8)]
    [DataRow(1.0)]
    [DataRow(double.NaN)]
    public void Adam_epsilon_outside_0_to_1_is_refused(double epsilon)
        => Assert.ThrowsExactly<InvalidConfigurationException>(() => new TrainingConfig { AdamEpsilon = epsilon }.Validate());

    [TestMethod]
    public void Adam_epsilon_with_gradient_descent_is_refused()
        => Assert.ThrowsExactly<InvalidConfigurationException>(() => new TrainingConfig { Optimizer = OptimizerKind.Gd, AdamEpsilon = 1e-6 }.Validate());
}
