#!/usr/bin/env python3
"""Compares two first-step runs of the same networks, <folder>/<name>-brute and <folder>/<name>-conditioned.

For every statistic of gd_step.csv with a standard error (E[ΔΘ/η]/E[Θ]², E[ΔΘ/η]/E[Θ], the batch step's relative
change of Θ(X, X)), and for the means of Θ, ΔΘ/η, ΔΘ/(ηΘ²) and |ΔΘ|/(ηΘ²) and the fraction of negative changes (standard
errors from the journals' sums), it prints z = |a − b| / √(se_a² + se_b²); and two-sample Kolmogorov–Smirnov tests of
Θ(x, x), ΔΘ/(ηΘ²) and the real step's ΔΘ/(ηΘ²) from the samples in the two journals. Exits 1 if some |z| exceeds 4 or a
KS p-value is below 0.01.
Usage: compare_gd_step.py <folder> <name> [name …]
"""
import base64
import csv
import json
import math
import struct
import sys

from compare_engines import ks_two_sample


def first_row(path):
    with open(path, newline="") as f:
        return next(csv.DictReader(f))


def doubles(text):
    raw = base64.b64decode(text)
    return list(struct.unpack(f"<{len(raw) // 8}d", raw))


def journal(path):
    """Per-network Θ, ΔΘ/η, ΔΘ/(ηΘ²), the real step's ΔΘ/(ηΘ²), and the count of negative changes."""
    theta, change, normalized, finite, negative = [], [], [], [], 0
    with open(path) as f:
        next(f)  # the header
        for line in f:
            unit = json.loads(line)
            theta += doubles(unit["theta_values"])
            change += doubles(unit["change_values"])
            normalized += doubles(unit["normalized_values"])
            finite += doubles(unit["finite_normalized_values"])
            negative += unit["negative"]
    return theta, change, normalized, finite, negative


def mean_se(x):
    n = len(x)
    m = sum(x) / n
    return m, math.sqrt(sum((v - m) ** 2 for v in x) / (n - 1) / n)


def main():
    folder, names = sys.argv[1], sys.argv[2:]
    failed = False
    for name in names:
        runs = [f"{folder}/{name}-{engine}" for engine in ("brute", "conditioned")]
        rows = [first_row(f"{run}/gd_step.csv") for run in runs]
        samples = [journal(f"{run}/gd_step.journal.jsonl") for run in runs]
        stats = []
        for value, se in [("mean_relative_change", "mean_relative_change_se"), ("change_over_mean_theta", "change_over_mean_theta_se"),
                          ("matrix_relative_change", "matrix_relative_change_se")]:
            if rows[0][value]:
                stats.append((value, [(float(r[value]), float(r[se])) for r in rows]))
        for i, label in enumerate(["E[Θ]", "E[ΔΘ/η]", "E[ΔΘ/(ηΘ²)]"]):
            stats.append((label, [mean_se(s[i]) for s in samples]))
        stats.append(("E[|ΔΘ|/(ηΘ²)]", [mean_se([abs(v) for v in s[2]]) for s in samples]))
        fractions = [(s[4] / len(s[0]), math.sqrt(s[4] / len(s[0]) * (1 - s[4] / len(s[0])) / len(s[0]))) for s in samples]
        stats.append(("fraction negative", fractions))
        zs = [(abs(a[0] - b[0]) / math.hypot(a[1], b[1]), label) for label, (a, b) in stats]
        z, where = max(zs)
        ks = [(ks_two_sample(samples[0][i], samples[1][i]), label) for i, label in [(0, "Θ"), (2, "ΔΘ/(ηΘ²)"), (3, "real-step ΔΘ/(ηΘ²)")]]
        (d, p), ks_where = min(ks, key=lambda k: k[0][1])
        failed |= z > 4 or p < 0.01
        print(f"{name}: {len(samples[0][0])} | {len(samples[1][0])} networks; "
              + "; ".join(f"{label} {a[0]:.5g} ± {a[1]:.2g} | {b[0]:.5g} ± {b[1]:.2g}" for label, (a, b) in stats)
              + f"; {len(zs)} statistics, largest |z| {z:.2f} ({where}); KS smallest p = {p:.3f} ({ks_where}, D = {d:.4f})")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
