#!/usr/bin/env bash
# Runs the committed commands of runs.tsv (all of them, or those named) and keeps what their pages are written from:
# the CSV, JSON and PNG files (not the journals). Then writes the pages. From the repository's root:
#   docs/results/regenerate.sh [name …]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
dotnet build src/NtkGen.Cli -c Release --nologo -v quiet
while IFS=$'\t' read -r name experiment title arguments; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  if [[ $# -gt 0 && ! " $* " == *" $name "* ]]; then continue; fi
  out="$root/results/docs/$name"
  rm -rf "$out"
  echo "== $name: ntkgen $arguments"
  # shellcheck disable=SC2086 # the arguments are words of a command line
  dotnet run --project src/NtkGen.Cli -c Release --no-build -- $arguments --out "$out"
  rm -rf "${here:?}/$name"
  mkdir -p "$here/$name"
  find "$out" -maxdepth 1 -type f \( -name '*.csv' -o -name '*.json' -o -name '*.png' \) -exec cp {} "$here/$name/" \;
done < "$here/runs.tsv"
python3 "$here/render.py"
