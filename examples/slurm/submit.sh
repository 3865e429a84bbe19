#!/usr/bin/env bash
# Runs an ntkgen experiment as a Slurm array of n shards and merges them when every shard has succeeded.
#   examples/slurm/submit.sh [--wait] <n> <run folder> <dispersion|gd-step|train> [experiment options]
# Shard i writes <run>/shard-i, the merge writes <run>/merged, Slurm's logs go to <run>/logs. Prints the two job ids.
# --wait returns when the merge has ended: exit 0 when it completed, non-zero when it failed or was cancelled because a
# shard failed.
# The command is `ntkgen` unless NTKGEN names another (e.g. NTKGEN="dotnet path/to/NtkGen.Cli.dll"); sbatch options
# such as the partition or the time limit come from SBATCH_* variables (SBATCH_PARTITION, SBATCH_TIMELIMIT, …).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

wait_flag=()
if [ "${1:-}" = "--wait" ]; then wait_flag=(--wait); shift; fi
usage="usage: submit.sh [--wait] <n> <run folder> <dispersion|gd-step|train> [experiment options]"
if [ $# -lt 3 ]; then echo "$usage" >&2; exit 2; fi
shards=$1 run=$2 experiment=$3
shift 3
case "$shards" in ''|*[!0-9]*) echo "submit.sh: the number of shards must be a positive integer (got '$shards')" >&2; exit 2 ;; esac
if [ "$shards" -lt 1 ]; then echo "submit.sh: the number of shards must be at least 1" >&2; exit 2; fi
case "$experiment" in dispersion|gd-step|train) ;; *) echo "submit.sh: '$experiment' is not dispersion, gd-step or train" >&2; exit 2 ;; esac
for option in "$@"; do
  case "$option" in --shard|--shard=*|--out|--out=*) echo "submit.sh: $option is set per shard; leave it out" >&2; exit 2 ;; esac
done

# The jobs may start in another working directory: give them an absolute run folder. Slurm does not create the
# folder of its log files itself.
mkdir -p "$run/logs"
run=$(cd "$run" && pwd)

array=$(sbatch --parsable --array="0-$(( shards - 1 ))" --output="$run/logs/shard-%a.out" \
  "$here/ntkgen-array.sbatch" "$shards" "$run" "$experiment" "$@")
array=${array%%;*}
echo "array job $array: $shards shards of $experiment into $run/shard-*"
status=0
merge=$(sbatch --parsable "${wait_flag[@]}" --dependency="afterok:$array" --kill-on-invalid-dep=yes \
  --output="$run/logs/merge.out" "$here/ntkgen-merge.sbatch" "$run") || status=$?
merge=${merge%%;*}
echo "merge job $merge: into $run/merged"
if [ "${#wait_flag[@]}" -gt 0 ]; then
  # A merge cancelled because a shard failed ends with exit code 0 under sbatch --wait: ask for its state.
  state=$(scontrol show job "$merge" --oneline 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2)
  if [ "$status" -eq 0 ] && [ "${state:-COMPLETED}" != COMPLETED ]; then status=1; fi
  if [ "$status" -ne 0 ]; then echo "submit.sh: the merge did not succeed (${state:-exit $status}); see $run/logs" >&2; fi
fi
exit "$status"
