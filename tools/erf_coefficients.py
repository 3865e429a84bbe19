#!/usr/bin/env python3
"""Derives the polynomial coefficients of src/NtkGen/Activations/VectorErrorFunction.cs (needs mpmath).

Both polynomials are Chebyshev interpolants of the exact function, computed in 50-digit arithmetic, truncated where
the next coefficients fall below 1e-17, and converted to monomials (whose Horner sums are well conditioned here:
both functions' Chebyshev coefficients fall much faster than 1/2.4ⁿ). Prints the C# literals and the relative error of
the polynomials with their coefficients rounded to double, evaluated exactly, on a dense grid.

  small: erf(x) = x + x·Q(x²) for |x| ≤ 1, Q(s) = erf(√s)/√s − 1 on s ∈ [0, 1].
  tail:  erfc(z) = e^{−z²}·P(y)/(K + z) for z ≥ 1, y = 2(K + 1)/(K + z) − 1 ∈ (−1, 1], P(y) = (K + z)·e^{z²}·erfc(z).
"""
import mpmath as mp

mp.mp.dps = 50
K = 2
SMALL_TERMS, TAIL_TERMS = 13, 22


def chebyshev(f, nodes):
    """Coefficients c_i of f on [−1, 1] ≈ c_0/2 + Σ c_i T_i, by interpolation at the Chebyshev points."""
    angles = [mp.pi * (j + mp.mpf(1) / 2) / nodes for j in range(nodes)]
    values = [f(mp.cos(a)) for a in angles]
    return [2 * mp.fsum(v * mp.cos(i * a) for v, a in zip(values, angles)) / nodes for i in range(nodes)]


def monomials(c):
    """The coefficients in powers of y of c_0/2 + Σ c_i T_i(y)."""
    t = [[mp.mpf(1)], [mp.mpf(0), mp.mpf(1)]]
    while len(t) < len(c):
        shifted = [mp.mpf(0)] + [2 * v for v in t[-1]]
        t.append([a - b for a, b in zip(shifted, t[-2] + [mp.mpf(0)] * 2)])
    out = [mp.mpf(0)] * len(c)
    for i, ci in enumerate(c):
        for j, v in enumerate(t[i]):
            out[j] += (ci / 2 if i == 0 else ci) * v
    return out


def horner(coefficients, x):
    p = mp.mpf(0)
    for a in reversed(coefficients):
        p = p * x + a
    return p


def small_q(y):
    """Q at s = (y + 1)/2."""
    s = (y + 1) / 2
    return 2 / mp.sqrt(mp.pi) - 1 if s == 0 else mp.erf(mp.sqrt(s)) / mp.sqrt(s) - 1


def tail_p(y):
    if y == -1:
        return 1 / mp.sqrt(mp.pi)
    z = 2 * (K + 1) / (y + 1) - K
    return (K + z) * mp.exp(z * z) * mp.erfc(z)


def rounded(coefficients):
    return [mp.mpf(float(a)) for a in coefficients]


def literals(name, coefficients):
    body = ",\n".join(f"        {float(a)!r}" for a in coefficients)
    return f"    private static ReadOnlySpan<double> {name} =>\n    [\n{body},\n    ];"


# In y ∈ [−1, 1], then in s = (y + 1)/2: q(s) = Σ a_j (2s − 1)^j.
in_y = monomials(chebyshev(small_q, 40)[:SMALL_TERMS])
small = [mp.fsum(a * mp.binomial(j, i) * 2 ** i * (-1) ** (j - i) for j, a in enumerate(in_y) if j >= i)
         for i in range(SMALL_TERMS)]
tail = monomials(chebyshev(tail_p, 60)[:TAIL_TERMS])

small_d, tail_d = rounded(small), rounded(tail)
small_error = max(abs((x + x * horner(small_d, x * x)) / mp.erf(x) - 1)
                  for x in (mp.mpf(i) / 2000 for i in range(1, 2001)))
tail_error = max(abs(horner(tail_d, y) / tail_p(y) - 1) for y in (mp.mpf(i) / 1000 - 1 for i in range(2001)))

print(literals("SmallCoefficients", small))
print(literals("TailCoefficients", tail))
print(f"// max relative error, coefficients rounded, exact arithmetic: small {mp.nstr(small_error, 3)}, "
      f"tail {mp.nstr(tail_error, 3)}")
