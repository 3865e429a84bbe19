#!/usr/bin/env python3
"""How trustworthy a sampled dispersion R is at a given sample count, and whether the tail diagnostic says so.

Reads a dispersion run with many networks per point whose rows carry the exact R (`ratio_exact`: the exact or moments
engine, ReLU, σ_b² = 0), cuts each point's samples of Θ(x, x) into independent chunks of S, and per chunk computes the
sampled R with its delta-method standard error and the Pareto k̂ of the chunk's Θ² (re-implemented here from Vehtari et
al. 2024 and Zhang & Stephens 2009, as NtkGen.Statistics.ParetoTail). Prints per point the share of chunks the
diagnostic flags (k̂ > 1 − 1/log10 S), and for flagged and unflagged chunks how often R ± 2 SE covers the exact R.
Usage: tail_coverage.py <run folder> <S>
"""
import base64
import csv
import json
import math
import struct
import sys


def fit_shape(exceedances):
    n, prior = len(exceedances), 3
    grid = 30 + int(math.sqrt(n))
    largest, quartile = exceedances[-1], exceedances[int(math.floor(n / 4 + 0.5)) - 1]
    thetas = [1 / largest + (1 - math.sqrt(grid / (j + 0.5))) / prior / quartile for j in range(grid)]

    def mean_log1p(a):
        return sum(math.log1p(a * v) for v in exceedances) / n

    logs = [n * (math.log(-t / mean_log1p(-t)) - mean_log1p(-t) - 1) for t in thetas]
    top = max(logs)
    weights = [math.exp(v - top) for v in logs]
    theta = sum(t * w for t, w in zip(thetas, weights)) / sum(weights)
    return (mean_log1p(-theta) * n + 5) / (n + 10)


def tail_k(values):
    s = sorted(values)
    tail = int(math.ceil(3 * math.sqrt(len(s)))) if len(s) > 225 else len(s) // 5
    cutoff = s[len(s) - tail - 1]
    return fit_shape([v - cutoff for v in s[len(s) - tail:]])


def ratio_and_se(x):
    n = len(x)
    m1, m2 = sum(x) / n, sum(t * t for t in x) / n
    g1, g2 = -2 * m2 / m1 ** 3, 1 / m1 ** 2
    c11 = sum((t - m1) ** 2 for t in x) / (n - 1)
    c22 = sum((t * t - m2) ** 2 for t in x) / (n - 1)
    c12 = sum((t - m1) * (t * t - m2) for t in x) / (n - 1)
    return m2 / m1 ** 2, math.sqrt((g1 * g1 * c11 + 2 * g1 * g2 * c12 + g2 * g2 * c22) / n)


def main():
    folder, size = sys.argv[1], int(sys.argv[2])
    rows = list(csv.DictReader(open(f"{folder}/dispersion.csv", newline="")))
    samples = {}
    with open(f"{folder}/dispersion.journal.jsonl") as f:
        next(f)  # the header
        for line in f:
            unit = json.loads(line)
            raw, scale = base64.b64decode(unit["totals"]), math.exp(unit["log_scale"])
            samples.setdefault(unit["point"], []).extend(t * scale for t in struct.unpack(f"<{len(raw) // 8}d", raw))
    threshold = 1 - 1 / math.log10(size)
    for point, values in sorted(samples.items()):
        row, exact = rows[point], float(rows[point]["ratio_exact"])
        counts = {True: [0, 0], False: [0, 0]}
        for first in range(0, len(values) - size + 1, size):
            chunk = values[first:first + size]
            r, se = ratio_and_se(chunk)
            flagged = tail_k([t * t for t in chunk]) > threshold
            counts[flagged][0] += 1
            counts[flagged][1] += abs(r - exact) <= 2 * se
        chunks = counts[True][0] + counts[False][0]

        def cover(flag):
            n, hit = counts[flag]
            return f"{hit / n:.0%} of {n}" if n else "none"

        print(f"L = {row['depth']}, σ_w² = {row['sigma_w2']}: exact R {exact:.4g}; {chunks} samples of {size}: "
              f"{counts[True][0] / chunks:.0%} flagged (k̂ > {threshold:.2f}); R ± 2 SE covers the exact R in "
              f"{cover(True)} flagged and {cover(False)} unflagged")


if __name__ == "__main__":
    main()
