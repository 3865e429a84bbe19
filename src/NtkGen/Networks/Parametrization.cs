namespace NtkGen;

/// <summary>How the initialization scale enters the network (THEORY.md §1).</summary>
public enum Parametrization
{
    /// <summary>
    /// <c>z = W a + b</c> with <c>W[i,j] ~ N(0, σ_w²/n_in)</c> and <c>b ~ N(0, σ_b²)</c>; gradients are taken
    /// with respect to <c>W</c> and <c>b</c>. The papers' default.
    /// </summary>
    Standard = 0,

    /// <summary>
    /// <c>z = (σ_w/√n_in) V a + b</c> with <c>V ~ N(0, 1)</c> and <c>b ~ N(0, σ_b²)</c>; gradients are taken with
    /// respect to <c>V</c> and <c>b</c> (Jacot et al.; Hanin &amp; Nica).
    /// </summary>
    Ntk = 1,
}
