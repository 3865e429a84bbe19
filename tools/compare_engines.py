#!/usr/bin/env python3
"""Compares two dispersion runs of the same networks, <folder>/<name>-brute and <folder>/<name>-conditioned.

For every statistic with a standard error in dispersion.csv (E[Θ], R, and per correlation the mean ratio and the
dispersion of Θ(x0, x_r)) it prints z = |a − b| / √(se_a² + se_b²); and a two-sample Kolmogorov–Smirnov test of
Θ(x0, x0) from the samples in the two journals. Exits 1 if some |z| exceeds 4 or a KS p-value is below 0.01.
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


def samples(journal):
    """Θ(x0, x0) of every network: the units' totals (doubles, base64) times e^log_scale."""
    values = []
    with open(journal) as f:
        next(f)  # the header
        for line in f:
            unit = json.loads(line)
            raw = base64.b64decode(unit["totals"])
            scale = math.exp(unit["log_scale"])
            values += [t * scale for t in struct.unpack(f"<{len(raw) // 8}d", raw)]
    return values


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
        d, p = ks_two_sample(samples(f"{folder}/{name}-brute/dispersion.journal.jsonl"),
                             samples(f"{folder}/{name}-conditioned/dispersion.journal.jsonl"))
        failed |= z > 4 or p < 0.01
        print(f"{name}: {b['samples']} | {c['samples']} networks; E[Θ] {float(b['mean']):.5g} | {float(c['mean']):.5g}; "
              f"R {float(b['ratio']):.5g} ± {float(b['ratio_se']):.2g} | {float(c['ratio']):.5g} ± {float(c['ratio_se']):.2g}; "
              f"{len(zs)} statistics, largest |z| {z:.2f} ({where}); KS of Θ(x0, x0): D = {d:.4f}, p = {p:.3f}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
