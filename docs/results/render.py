#!/usr/bin/env python3
"""Writes docs/results/<name>.md for every run of runs.tsv whose files regenerate.sh kept in docs/results/<name>/.

Every number on a page is read from those CSV and JSON files, as the run wrote them; nothing is typed by hand.
"""
import csv
import math
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Per experiment: its result files, and the columns of its table (CSV name, heading).
EXPERIMENTS = {
    "dispersion": ("dispersion.csv", "dispersion.json", [
        ("depth", "L"), ("lambda", "λ"), ("sigma_w2", "σ_w²"), ("phase", "phase"), ("samples", "samples"),
        ("mean", "E[Θ]"), ("mean_theory", "exact E[Θ]"), ("ratio", "R = E[Θ²]/E[Θ]²"), ("ratio_se", "SE"),
        ("tail_k", "tail k̂"), ("tail_heavy", "k̂ > 1 − 1/log₁₀ S"), ("ratio_exact", "R exact (M)"), ("ratio_gia", "R GIA (M)"), ("ratio_f_lambda", "F(λ)"), ("kernel", "kernel")]),
    "gd-step": ("gd_step.csv", "gd_step.json", [
        ("depth", "L"), ("lambda", "λ"), ("sigma_w2", "σ_w²"), ("phase", "phase"), ("samples", "networks"),
        ("mean_relative_change", "E[ΔΘ/η]/E[Θ]²"), ("mean_relative_change_se", "SE"), ("median_relative_change", "median ΔΘ/(ηΘ²)"),
        ("fraction_negative", "ΔΘ < 0"), ("change_over_mean_theta", "E[ΔΘ/η]/E[Θ]"), ("hanin_nica_prediction", "H–N (dβ/n0)e^{5β}"),
        ("matrix_relative_change", "‖ΔΘ(X,X)‖/‖Θ‖"), ("tail_k_change", "k̂ ΔΘ"), ("tail_k_theta", "k̂ Θ"),
        ("tail_k_normalized", "k̂ ΔΘ/Θ²"), ("tail_heavy", "k̂ > 1 − 1/log₁₀ S"), ("kernel", "kernel")]),
    "linearize": ("linearize.csv", "linearize.json", [
        ("depth", "L"), ("lambda", "λ"), ("sigma_w2", "σ_w²"), ("phase", "phase"), ("samples", "networks"), ("step", "t"),
        ("trained_variance", "Var f trained"), ("trained_variance_se", "SE"), ("linearized_variance", "linearized"),
        ("theory_variance", "theory"), ("trained_mean_rms_z", "mean z rms"), ("trained_variance_z", "variance z"),
        ("trained_loss", "test loss trained"), ("linearized_loss", "linearized"), ("theory_loss", "theory"),
        ("distance", "‖trained − lin‖"), ("diverged", "diverged"), ("kernel", "kernel")]),
    "train": ("train.csv", "train.json", [
        ("sigma_w2", "σ_w²"), ("phase", "phase"), ("step", "step"), ("train_loss", "train loss"), ("test_loss", "test loss"),
        ("test_accuracy", "test acc."), ("theta_d", "Θ_d"), ("ratio_c", "Θ_c/Θ_d"), ("ratio_n", "Θ_n/Θ_d"), ("alignment", "alignment"),
        ("relative_change", "‖Θ_t−Θ_0‖/‖Θ_0‖"), ("shape_change", "shape change"), ("bias_share", "bias share"), ("learning_rate", "η")]),
}


def cell(text):
    """Numbers to four significant digits, everything else as written; an empty field is a dash."""
    if text == "":
        return "–"
    try:
        value = float(text)
    except ValueError:
        return text
    if math.isfinite(value) and value == int(value) and abs(value) < 1e6:
        return str(int(value))
    return f"{value:.4g}"


def table(path, columns):
    with path.open(newline="") as f:
        rows = list(csv.DictReader(f))
    present = [(name, heading) for name, heading in columns if rows and name in rows[0]]
    lines = ["| " + " | ".join(h for _, h in present) + " |", "|" + "---|" * len(present)]
    lines += ["| " + " | ".join(cell(row[name]) for name, _ in present) + " |" for row in rows]
    return lines


def runs():
    for line in (HERE / "runs.tsv").read_text().splitlines():
        if line and not line.startswith("#"):
            yield line.split("\t")


def page(name, experiment, title, arguments):
    folder = HERE / name
    csv_name, json_name, columns = EXPERIMENTS[experiment]
    report = json.loads((folder / json_name).read_text())
    lines = [
        f"# {title}", "",
        "Written by `docs/results/render.py` from the files in [`" + name + "/`](" + name + "/), which "
        "`docs/results/regenerate.sh " + name + "` makes by running:", "",
        "```", f"dotnet run --project src/NtkGen.Cli -c Release -- {arguments}", "```", "",
        f"Configuration `{report['fingerprint']}`:", "", "```json", json.dumps(report["config"]), "```", "",
    ]
    lines += table(folder / csv_name, columns)
    comparison = folder / "figure4.csv"
    if comparison.exists():
        lines += ["", "The authors' Figure 4 beside the run (`figure4.csv`):", ""]
        lines += table(comparison, [("sigma_w2", "σ_w²"), ("step", "step"), ("quantity", "quantity"), ("ours", "this run"),
                                    ("authors_figure", "their figure"), ("difference", "difference"), ("quotient", "quotient")])
    for png in sorted(folder.glob("*.png")):
        lines += ["", f"![{png.stem}]({name}/{png.name})"]
    (HERE / f"{name}.md").write_text("\n".join(lines) + "\n")
    return f"- [{title}]({name}.md): `ntkgen {arguments}`"


def main():
    index = ["# Results", "",
             "Pages written from the runs' own CSV and JSON by `render.py`; `regenerate.sh [name …]` runs the commands of",
             "`runs.tsv` again and rewrites them. Runs not regenerated yet have no page; their commands are listed.", ""]
    for name, experiment, title, arguments in runs():
        if (HERE / name).is_dir():
            index.append(page(name, experiment, title, arguments))
        else:
            index.append(f"- {title}: `ntkgen {arguments}` (not regenerated yet)")
    (HERE / "README.md").write_text("\n".join(index) + "\n")


if __name__ == "__main__":
    main()
