#!/usr/bin/env bash
# Runs dispersion and gd-step with the brute-force and the conditioned engine on the same small networks (n0 = 8, 10^5
# networks each, f64) and compares every statistic of the two, number by number (tools/compare_engines.py,
# tools/compare_gd_step.py): the conditioned engine is exact in law, so the two must agree within their standard errors.
# From the repository's root:
#   tools/engine-law-check.sh [out folder]     (about 10 minutes on two cores)
set -euo pipefail
out="${1:-results/engine-law}"
dotnet build src/NtkGen.Cli -c Release --nologo -v quiet
run() {
  local name=$1; shift
  for engine in brute conditioned; do
    dotnet run --project src/NtkGen.Cli -c Release --no-build -- dispersion --engine "$engine" --precision f64 --n0 8 \
      --samples 100000 --no-plots --out "$out/$name-$engine" "$@" > /dev/null
    dotnet run --project src/NtkGen.Cli -c Release --no-build -- gd-step --engine "$engine" --precision f64 --n0 8 \
      --samples 100000 --no-plots --out "$out/step/$name-$engine" "$@" > /dev/null
  done
}
run relu --activation relu --sigma-w2 2 --sigma-b2 0 --width 16 --depths 5
run relu-bias --activation relu --sigma-w2 2 --sigma-b2 0.1 --width 16 --depths 5
run tanh --activation tanh --sigma-w2 1.5 --sigma-b2 0.05 --width 16 --depths 5
run sigmoid --activation sigmoid --sigma-w2 16 --sigma-b2 0.05 --width 16 --depths 5
run relu-deep --activation relu --sigma-w2 2 --sigma-b2 0 --width 32 --depths 10
run tanh-deep --activation tanh --sigma-w2 1.5 --sigma-b2 0.05 --width 32 --depths 10
names=(relu relu-bias tanh sigmoid relu-deep tanh-deep)
status=0
python3 "$(dirname "$0")/compare_engines.py" "$out" "${names[@]}" || status=1
python3 "$(dirname "$0")/compare_gd_step.py" "$out/step" "${names[@]}" || status=1
exit $status
