#!/usr/bin/env bash
# The fuzzers (libFuzzer, clang): the config reader (tests/fuzz/fuzz_config.cpp, seeded
# with data/examples and tests/fuzz/corpus: every model, rule and key) and the spike-file
# reader with the statistics of `analyze` (tests/fuzz/fuzz_spike_file.cpp), and the .npz
# weights reader of `coding --weights` (tests/fuzz/fuzz_weights.cpp).
#   bash scripts/fuzz.sh                 each target for 60 s (what the test command runs)
#   bash scripts/fuzz.sh --runs 1000000  each target for a million executions
#   bash scripts/fuzz.sh --seconds 3600  each target for an hour
# A crash, a sanitizer report, a timeout (10 s per input) or an uncaught exception fails
# the run; the input that caused it is left in build-asan/findings/.
set -euo pipefail
cd "$(dirname "$0")/.."
limit=(-max_total_time=60)
case "${1:-}" in
  --runs) limit=(-runs="$2") ;;
  --seconds) limit=(-max_total_time="$2") ;;
  "") ;;
  *) echo "usage: bash scripts/fuzz.sh [--runs N | --seconds S]" >&2; exit 2 ;;
esac

# The clang build of scripts/sanitize.sh (AddressSanitizer, UBSan, coverage), reused.
CC=clang CXX=clang++ cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -DSPIKESIM_FUZZ=ON -DSPIKESIM_WERROR=OFF \
    -DSPIKESIM_MPI=OFF >/dev/null
cmake --build build-asan -j"$(nproc)" --target fuzz_config fuzz_spike_file fuzz_weights >/dev/null

# The seed corpus of configs: the examples and tests/fuzz/corpus. Not brunel.toml: its
# 15.6 M synapses take seconds to build under ASan, and the config fuzzer ran 900 inputs a
# minute with it instead of 29,000; tests/fuzz/corpus/drive_and_variation.toml is its shape
# at 1 % of the size.
corpus=build-asan/corpus
mkdir -p "$corpus/config" "$corpus/spike_file" "$corpus/weights" build-asan/findings
for f in data/examples/*.toml tests/fuzz/corpus/*.toml; do
  [ "$(basename "$f")" = brunel.toml ] || cp "$f" "$corpus/config/"
done
# .npz weights files as np.savez and np.savez_compressed write them (float64, float32,
# integers, Fortran order).
/usr/bin/python3 - "$corpus/weights" <<'PY'
import sys, numpy as np
d, r = sys.argv[1], np.random.default_rng(1)
w0, w1 = r.normal(size=(4, 64)), r.normal(size=(10, 4))
np.savez(f"{d}/plain.npz", W0=w0, b0=np.zeros(4), W1=w1, b1=np.zeros(10))
np.savez_compressed(f"{d}/compressed.npz", W0=w0.astype(np.float32), b0=np.zeros(4, np.int32), W1=w1, b1=np.ones(10))
np.savez(f"{d}/fortran.npz", W0=np.asfortranarray(w0), b0=np.zeros(4), W1=w1.astype(">f8"), b1=np.zeros(10, np.uint8))
PY
export SPIKESIM_MAX_MEMORY=1000000000 # a network the fuzzer's 2 GB limit can hold
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
for target in config spike_file weights; do
  echo "[fuzz] $target: ${limit[*]}"
  build-asan/tests/fuzz/fuzz_$target "$corpus/$target" "${limit[@]}" -timeout=10 \
    -rss_limit_mb=2560 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix=build-asan/findings/ 2>build-asan/fuzz_$target.log ||
    { tail -40 build-asan/fuzz_$target.log; exit 1; }
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" build-asan/fuzz_$target.log
done
