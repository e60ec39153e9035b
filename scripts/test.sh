#!/usr/bin/env bash
# Install what is missing, build, run the whole test suite through CTest, then the
# sanitizer jobs (AddressSanitizer + UBSan over the suite, ThreadSanitizer over the
# determinism tests: scripts/sanitize.sh) and a minute of each fuzzer (scripts/fuzz.sh).
# SPIKESIM_QUICK=1 stops after the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
(cd build && ctest --output-on-failure -j"$(nproc)")
[ "${SPIKESIM_QUICK:-}" = "1" ] && exit 0
bash scripts/sanitize.sh asan tsan
bash scripts/fuzz.sh
