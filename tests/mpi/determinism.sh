#!/usr/bin/env bash
# The spikes (and membrane reports) of a run are bit-identical for 1x1, 1x2, 2x1, 2x2, 3x1
# and 4x1 processes x threads, for CUBA, COBA and a network with Poisson drive, membrane
# noise, per-synapse weights and delays and every connection rule (tests/data/mpi_mixed.toml);
# and --write-edges writes the network one process builds.
# Usage: determinism.sh SPIKESIM MPIEXEC SOURCE_DIR
set -euo pipefail
spikesim=$1 mpiexec=$2 source=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# CI runs as root on 2 cores: 3 and 4 ranks are oversubscribed.
mpirun=("$mpiexec" --oversubscribe --allow-run-as-root)
compare="/usr/bin/python3 $source/tests/mpi/same_recording.py"
networks=(
  "cuba|cuba --neurons 2000 --duration 300"
  "coba|coba --neurons 2000 --duration 300"
  "mixed|run $source/tests/data/mpi_mixed.toml"
)
for entry in "${networks[@]}"; do
  name=${entry%%|*} args=${entry#*|}
  # shellcheck disable=SC2086
  "$spikesim" $args --threads 1 -q --out "$work/$name-1x1.h5" \
    --write-edges "$work/$name-edges-1.h5" >/dev/null
  for layout in 1x2 2x1 2x2 3x1 4x1; do
    ranks=${layout%x*} threads=${layout#*x}
    # shellcheck disable=SC2086
    "${mpirun[@]}" -np "$ranks" "$spikesim" $args --threads "$threads" -q \
      --out "$work/$name-$layout.h5" --write-edges "$work/$name-edges-$layout.h5" \
      >"$work/log" 2>&1 || { cat "$work/log"; exit 1; }
    echo -n "$name $layout: "
    $compare "$work/$name-1x1.h5" "$work/$name-$layout.h5"
    echo -n "$name $layout edges: "
    $compare "$work/$name-edges-1.h5" "$work/$name-edges-$layout.h5"
  done
done
