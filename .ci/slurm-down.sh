#!/usr/bin/env bash
# Stops the daemons .ci/slurm-up.sh started (by their recorded PIDs), newest first; leaves others alone.
set -uo pipefail
STATE=${HESSIANLAB_SLURM_STATE:-/tmp/hessianlab-slurm.pids}
[ -f "$STATE" ] || exit 0
tac "$STATE" | while read -r name pid; do
  if [ -n "$pid" ] && [ "$(cat /proc/"$pid"/comm 2>/dev/null)" = "$name" ]; then kill "$pid" && echo "slurm-down: stopped $name ($pid)"; fi
done
rm -f "$STATE"
