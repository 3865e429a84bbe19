#!/usr/bin/env python3
"""Checks `ntkgen ntk` against an independent reverse-mode autodiff written here in plain Python.

It draws a random ReLU network 16 -> 64 -> 64 -> 64 -> 1 (weights N(0, 2/n_in), biases N(0, 0.01)), saves it as F64
safetensors with PyTorch nn.Sequential names, draws 20 Gaussian inputs, runs `ntkgen ntk`, and compares the result
with the NTK J J^T (trace over outputs, weights and biases) computed by this script's own scalar autodiff.

    python3 tools/verify_ntk_autograd.py [--ntkgen "dotnet run --project src/NtkGen.Cli -c Release --"]

Prints max |difference| / max |entry| and exits non-zero when it exceeds 1e-9. Standard library only.
"""
import argparse
import json
import math
import os
import random
import shlex
import struct
import subprocess
import sys
import tempfile

WIDTHS = [16, 64, 64, 64, 1]
INPUTS = 20
TOLERANCE = 1e-9


class Node:
    """A scalar on the tape: value, parents and local derivatives."""

    __slots__ = ("value", "parents", "grad")

    def __init__(self, value, parents=()):
        self.value = value
        self.parents = parents
        self.grad = 0.0


def backward(output, order):
    for node in order:
        node.grad = 0.0
    output.grad = 1.0
    for node in reversed(order):
        for parent, local in node.parents:
            parent.grad += node.grad * local


def network_gradient(weights, biases, x):
    """Gradient of the scalar output with respect to every weight and bias, by reverse-mode autodiff."""
    order = []

    def new(value, parents=()):
        node = Node(value, parents)
        order.append(node)
        return node

    w_nodes = [[[new(v) for v in row] for row in layer] for layer in weights]
    b_nodes = [[new(v) for v in layer] for layer in biases]
    a = [new(v) for v in x]
    for l, (w_layer, b_layer) in enumerate(zip(w_nodes, b_nodes)):
        last = l == len(w_nodes) - 1
        out = []
        for row, b in zip(w_layer, b_layer):
            total = b
            for w, ai in zip(row, a):
                product = new(w.value * ai.value, ((w, ai.value), (ai, w.value)))
                total = new(total.value + product.value, ((total, 1.0), (product, 1.0)))
            if not last:
                positive = total.value > 0
                total = new(total.value if positive else 0.0, ((total, 1.0 if positive else 0.0),))
            out.append(total)
        a = out
    backward(a[0], order)
    grad = []
    for w_layer, b_layer in zip(w_nodes, b_nodes):
        grad.extend(w.grad for row in w_layer for w in row)
        grad.extend(b.grad for b in b_layer)
    return grad


def write_safetensors(path, weights, biases):
    header, blobs, offset = {}, [], 0
    for l, (w, b) in enumerate(zip(weights, biases)):
        for name, values, shape in ((f"{2 * l}.weight", [v for row in w for v in row], [len(w), len(w[0])]),
                                    (f"{2 * l}.bias", b, [len(b)])):
            blob = struct.pack(f"<{len(values)}d", *values)
            header[name] = {"dtype": "F64", "shape": shape, "data_offsets": [offset, offset + len(blob)]}
            blobs.append(blob)
            offset += len(blob)
    text = json.dumps(header).encode()
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ntkgen", default="dotnet run --project src/NtkGen.Cli -c Release --", help="how to run ntkgen")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    weights = [[[rng.gauss(0, math.sqrt(2.0 / n_in)) for _ in range(n_in)] for _ in range(n_out)]
               for n_in, n_out in zip(WIDTHS, WIDTHS[1:])]
    biases = [[rng.gauss(0, 0.1) for _ in range(n_out)] for n_out in WIDTHS[1:]]
    xs = [[rng.gauss(0, 1) for _ in range(WIDTHS[0])] for _ in range(INPUTS)]

    with tempfile.TemporaryDirectory() as folder:
        w_path, x_path, k_path = (os.path.join(folder, n) for n in ("w.safetensors", "x.csv", "k.csv"))
        write_safetensors(w_path, weights, biases)
        with open(x_path, "w") as f:
            f.writelines(",".join(repr(v) for v in x) + "\n" for x in xs)
        command = shlex.split(args.ntkgen) + ["ntk", "--weights", w_path, "--inputs", x_path, "--out", k_path]
        subprocess.run(command, check=True)
        with open(k_path) as f:
            ntk = [[float(v) for v in line.split(",")] for line in f if line.strip()]

    grads = [network_gradient(weights, biases, x) for x in xs]
    expected = [[sum(p * q for p, q in zip(gi, gj)) for gj in grads] for gi in grads]
    scale = max(abs(v) for row in expected for v in row)
    worst = max(abs(a - b) for ra, rb in zip(ntk, expected) for a, b in zip(ra, rb))
    shape_ok = len(ntk) == INPUTS and all(len(row) == INPUTS for row in ntk)
    print(f"network {'-'.join(map(str, WIDTHS))} ReLU, {INPUTS} inputs: max |difference| = {worst:.3e}, "
          f"max |entry| = {scale:.6g}, ratio = {worst / scale:.3e} (tolerance {TOLERANCE:g})")
    return 0 if shape_ok and worst <= TOLERANCE * scale else 1


if __name__ == "__main__":
    sys.exit(main())
