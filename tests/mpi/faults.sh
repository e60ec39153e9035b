#!/usr/bin/env bash
# Under mpirun, bad input and failures end every rank with status 2 (or 1) and one message
# from rank 0 naming the problem, and leave no file. Usage: faults.sh SPIKESIM MPIEXEC
set -uo pipefail
spikesim=$1 mpiexec=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mpirun=("$mpiexec" --oversubscribe --allow-run-as-root -np 2)
failed=0
# expect STATUS TEXT -- ARGS...: the run exits STATUS, its stderr has TEXT exactly once.
expect() {
  local status=$1 text=$2
  shift 3
  "${mpirun[@]}" "$spikesim" "$@" >"$work/out" 2>"$work/err"
  local got=$? count
  count=$(grep -c -F -- "$text" "$work/err")
  if [ "$got" != "$status" ] || [ "$count" != 1 ]; then
    echo "FAIL: spikesim $* exited $got (expected $status), '$text' $count times in:"
    cat "$work/err"
    failed=1
  else
    echo "ok: spikesim $*: $(head -1 "$work/err")"
  fi
}
# Read by rank 0 alone: its error reaches every rank.
expect 2 "missing.toml: expected a readable TOML file" -- run "$work/missing.toml" --out "$work/a.h5"
printf '[simulation]\nduration = -1\n' >"$work/bad.toml"
expect 2 "bad.toml:2: simulation.duration: expected a number > 0" -- run "$work/bad.toml" --out "$work/a.h5"
expect 2 "--neurons: expected from 5 to 100000000" -- cuba --neurons 3
expect 2 "delays > 0 in a run over several processes" -- cuba --neurons 100 --delay 0
expect 2 "1 process for 'spikesim brunel'" -- brunel
# Checked by rank 0 alone: a directory that does not exist.
expect 2 "--out" -- cuba --neurons 100 --duration 10 --out "$work/no/such/dir/a.h5"
leftovers=$(find "$work" -name '*.h5*' | wc -l)
if [ "$leftovers" != 0 ]; then
  echo "FAIL: files left behind:"; find "$work" -name '*.h5*'; failed=1
fi
exit $failed
