#!/usr/bin/env bash
# The spikes (and membrane reports) of a run are bit-identical for 1x1, 1x2, 2x1, 2x2, 3x1
# and 4x1 processes x threads, for CUBA, COBA and a network with Poisson drive, membrane
# noise, per-synapse weights and delays and every connection rule (tests/data/mpi_mixed.toml),
# and with the exchange overlapped for 1x1, 2x1, 2x2 and 3x1;
# --write-edges writes the network one process builds; and the coding experiment's results
# and the key-value experiment's are those of one process.
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
# With --overlap-exchange (windows of half the minimum delay, each exchanged while the next
# advances) the spikes are again the same for any number of processes and threads; "burst"
# sends more spikes per window than the exchange's blocks hold at first (64 per rank).
burst="run $source/tests/data/mpi_mixed.toml --set population.src.rate=20000"
burst+=" --set simulation.duration=40"
for entry in "${networks[@]}" "burst|$burst"; do
  name=${entry%%|*} args=${entry#*|}
  # shellcheck disable=SC2086
  "$spikesim" $args --overlap-exchange --threads 1 -q --out "$work/$name-overlap-1x1.h5" \
    >/dev/null
  for layout in 2x1 2x2 3x1; do
    ranks=${layout%x*} threads=${layout#*x}
    # shellcheck disable=SC2086
    "${mpirun[@]}" -np "$ranks" "$spikesim" $args --overlap-exchange --threads "$threads" -q \
      --out "$work/$name-overlap-$layout.h5" >"$work/log" 2>&1 || { cat "$work/log"; exit 1; }
    echo -n "$name --overlap-exchange $layout: "
    $compare "$work/$name-overlap-1x1.h5" "$work/$name-overlap-$layout.h5"
  done
done
# The coding experiment spreads its test samples over the processes: the same results file
# (accuracies, synaptic operations, rasters), plain and under a perturbation sweep.
coding=(coding --samples 40 --epochs 3 --threads 1)
"$spikesim" "${coding[@]}" --out "$work/coding-1.h5" >/dev/null 2>&1
"$spikesim" "${coding[@]}" --perturb jitter --out "$work/robust-1.h5" >/dev/null 2>&1
for ranks in 2 3; do
  "${mpirun[@]}" -np "$ranks" "$spikesim" "${coding[@]}" --out "$work/coding-$ranks.h5" \
    >"$work/log" 2>&1 || { cat "$work/log"; exit 1; }
  echo -n "coding ${ranks}x1: "
  $compare "$work/coding-1.h5" "$work/coding-$ranks.h5"
done
"${mpirun[@]}" -np 2 "$spikesim" "${coding[@]}" --perturb jitter --out "$work/robust-2.h5" \
  >"$work/log" 2>&1 || { cat "$work/log"; exit 1; }
echo -n "coding --perturb jitter 2x1: "
$compare --results "$work/robust-1.h5" "$work/robust-2.h5"
# The key-value experiment spreads its queries over the processes.
kv=(kv --queries 60 --no-sweep --threads 1)
"$spikesim" "${kv[@]}" --out "$work/kv-1.h5" >/dev/null 2>&1
"${mpirun[@]}" -np 3 "$spikesim" "${kv[@]}" --out "$work/kv-3.h5" >"$work/log" 2>&1 ||
  { cat "$work/log"; exit 1; }
echo -n "kv 3x1: "
$compare "$work/kv-1.h5" "$work/kv-3.h5"
