#!/usr/bin/env python3
"""Compares two dispersion runs of the same networks, <folder>/<name>-brute and <folder>/<name>-conditioned.

For every statistic with a standard error in dispersion.csv (E[Θ], R, and per correlation the mean ratio and the
dispersion of Θ(x0, x_r)) it prints z = |a − b| / √(se_a² + se_b²); and two-sample Kolmogorov–Smirnov tests of
Θ(x0, x0) and Θ(x0, x_0.5) from the samples in the two journals. Exits 1 if some |z| exceeds 4 or a KS p-value is below 0.01.
Usage: compare_engines.py <folder> <name> [name …]
"""
import base64
import csv
import json
import math
import struct
import sys


def first_row(path):
    with open(path, newline="") as f:
        return next(csv.DictReader(f))


def doubles(text, scale):
    raw = base64.b64decode(text)
    return [t * scale for t in struct.unpack(f"<{len(raw) // 8}d", raw)]


def samples(journal, r=0.5):
    """Θ(x0, x0) and Θ(x0, x_r) of every network: the units' values (doubles, base64) times e^log_scale."""
    diagonal, off = [], []
    with open(journal) as f:
        correlations = json.loads(next(f))["config"]["correlations"]
        k = correlations.index(r) - 1  # the off-diagonal values are kept for correlations[1 …]
        for line in f:
            unit = json.loads(line)
            scale = math.exp(unit["log_scale"])
            diagonal += doubles(unit["totals"], scale)
            off += doubles(unit["off_diagonal_values"][k], scale)
    return diagonal, off


def ks_two_sample(a, b):
    """The statistic D and its asymptotic p-value (Kolmogorov's series, with Stephens' small-sample correction)."""
    a, b = sorted(a), sorted(b)
    i = j = 0
    d = 0.0
    while i < len(a) and j < len(b):
        x = min(a[i], b[j])
        while i < len(a) and a[i] <= x:
            i += 1
        while j < len(b) and b[j] <= x:
            j += 1
        d = max(d, abs(i / len(a) - j / len(b)))
    n = len(a) * len(b) / (len(a) + len(b))
    lam = (math.sqrt(n) + 0.12 + 0.11 / math.sqrt(n)) * d
    p = 2 * sum((-1) ** (k - 1) * math.exp(-2 * k * k * lam * lam) for k in range(1, 101))
    return d, min(1.0, max(0.0, p))


def main():
    folder, names = sys.argv[1], sys.argv[2:]
    failed = False
    for name in names:
        b = first_row(f"{folder}/{name}-brute/dispersion.csv")
        c = first_row(f"{folder}/{name}-conditioned/dispersion.csv")
        pairs = [("mean", "mean_se"), ("ratio", "ratio_se")]
        pairs += [(k, k.replace("offdiag_ratio_r", "offdiag_ratio_se_r")) for k in b if k.startswith("offdiag_ratio_r")]
        pairs += [(k, k.replace("offdiag_dispersion_r", "offdiag_dispersion_se_r")) for k in b if k.startswith("offdiag_dispersion_r")]
        zs = [(abs(float(b[v]) - float(c[v])) / math.hypot(float(b[se]), float(c[se])), v) for v, se in pairs]
        z, where = max(zs)
        brute = samples(f"{folder}/{name}-brute/dispersion.journal.jsonl")
        conditioned = samples(f"{folder}/{name}-conditioned/dispersion.journal.jsonl")
        d, p = ks_two_sample(brute[0], conditioned[0])
        d_off, p_off = ks_two_sample(brute[1], conditioned[1])
        failed |= z > 4 or p < 0.01 or p_off < 0.01
        print(f"{name}: {b['samples']} | {c['samples']} networks; E[Θ] {float(b['mean']):.5g} | {float(c['mean']):.5g}; "
              f"R {float(b['ratio']):.5g} ± {float(b['ratio_se']):.2g} | {float(c['ratio']):.5g} ± {float(c['ratio_se']):.2g}; "
              f"{len(zs)} statistics, largest |z| {z:.2f} ({where}); KS of Θ(x0, x0): D = {d:.4f}, p = {p:.3f}; "
              f"of Θ(x0, x_0.5): D = {d_off:.4f}, p = {p_off:.3f}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
