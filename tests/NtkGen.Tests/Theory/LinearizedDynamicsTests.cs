using NtkGen.Theory;

namespace NtkGen.Tests.Theory;

/// <summary>The closed form of gradient descent on a linear model against the descent itself, step by step.</summary>
[TestClass]
public sealed class LinearizedDynamicsTests
{
    [TestMethod]
    [DataRow(6, 0)]
    [DataRow(7, 2)]
    public void The_closed_form_is_what_gradient_descent_does_at_every_step(int n, int nullModes)
    {
        // Θ = A Aᵀ of rank n − nullModes: null modes must neither blow up nor move.
        var random = new System.Random(5);
        int rank = n - nullModes;
        var a = new double[n * rank];
        for (int i = 0; i < a.Length; i++) a[i] = random.NextDouble() * 2 - 1;
        var kernel = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                for (int k = 0; k < rank; k++) kernel[i * n + j] += a[i * rank + k] * a[j * rank + k];
        var residual = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var probe = new LinearizedDynamics(kernel, n, 1.0);
        double rate = 1.6 * n / probe.LargestEigenvalue; // 0.8 of critical
        var dynamics = new LinearizedDynamics(kernel, n, rate);
        Assert.IsTrue(dynamics.Converges);

        // Gradient descent on the coefficients: f = Θ c, c ← c + (η/N)(r − Θ c).
        var c = new double[n];
        for (int step = 0; step <= 300; step++)
        {
            if (step is 0 or 1 or 2 or 7 or 50 or 300)
            {
                var closed = dynamics.Apply(residual, step);
                var filter = dynamics.Filter(step);
                for (int i = 0; i < n; i++)
                {
                    Assert.AreEqual(c[i], closed[i], 1e-10 * (1 + Math.Abs(c[i])), $"Apply, step {step}, coefficient {i}");
                    double row = 0;
                    for (int j = 0; j < n; j++) row += filter[i * n + j] * residual[j];
                    Assert.AreEqual(c[i], row, 1e-10 * (1 + Math.Abs(c[i])), $"Filter, step {step}, coefficient {i}");
                }
            }
            var error = new double[n];
            for (int i = 0; i < n; i++)
            {
                error[i] = residual[i];
                for (int j = 0; j < n; j++) error[i] -= kernel[i * n + j] * c[j];
            }
            for (int i = 0; i < n; i++) c[i] += rate / n * error[i];
        }

        // t → ∞: the fitted part of the residual, Θ B_∞ r = the projection of r on the range of Θ.
        var limit = dynamics.Apply(residual, null);
        var fitted = new double[n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) fitted[i] += kernel[i * n + j] * limit[j];
        var late = dynamics.Apply(residual, 100_000);
        for (int i = 0; i < n; i++)
        {
            double lateFitted = 0;
            for (int j = 0; j < n; j++) lateFitted += kernel[i * n + j] * late[j];
            Assert.AreEqual(lateFitted, fitted[i], 1e-8, $"t → ∞, output {i}");
        }
    }

    [TestMethod]
    public void Above_the_critical_rate_there_is_no_limit()
    {
        double[] kernel = [2, 0, 0, 1];
        var dynamics = new LinearizedDynamics(kernel, 2, 2.1); // ηλ_max/N = 2.1
        Assert.IsFalse(dynamics.Converges);
        Assert.IsTrue(double.IsNaN(dynamics.Apply([1, 1], null)[0]));
        Assert.IsTrue(double.IsFinite(dynamics.Apply([1, 1], 10)[0]));
    }
}
