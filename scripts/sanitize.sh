#!/usr/bin/env bash
# The sanitizer jobs of the test command (bash scripts/test.sh runs them after the tests):
#   asan  AddressSanitizer + UndefinedBehaviorSanitizer, float-cast-overflow included, over
#         the test suite less its long reference runs: a clang build (build-asan/) that
#         also carries the fuzzers' coverage instrumentation, so scripts/fuzz.sh reuses it;
#   tsan  ThreadSanitizer over the determinism and worker-team tests (build-tsan/). Debian's libtbb is not
#         instrumented, and ThreadSanitizer reports about 300 false races per run against
#         it; so oneTBB 2021.8, the version Debian ships, is built from Debian's own source
#         package with -fsanitize=thread (build-tsan/onetbb/), and the tests link that. A
#         race planted in the windowed loop is reported at once (checked by hand).
# Any report fails the job (halt_on_error). Usage: bash scripts/sanitize.sh [asan] [tsan]
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=("$@")
[ ${#jobs[@]} -eq 0 ] && jobs=(asan tsan)
cores=$(nproc)

# The clang build with AddressSanitizer, UBSan and libFuzzer's instrumentation
# (CMakeLists.txt, SPIKESIM_FUZZ), shared with scripts/fuzz.sh. Without MPI: its only part
# so far is a benchmark (bench/mpi_exchange), which no test runs.
configure_asan() {
  CC=clang CXX=clang++ cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -DSPIKESIM_FUZZ=ON -DSPIKESIM_WERROR=OFF \
    -DSPIKESIM_MPI=OFF >/dev/null
}

asan() {
  configure_asan
  cmake --build build-asan -j"$cores" >/dev/null
  # The long reference runs (rates over seeds, COBA at N = 4000) and the install check add
  # nothing the shorter tests do not cover, at ten times the time.
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 \
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    ctest -j"$cores" --output-on-failure -E "Brian2's range|install_and_build_example|long reference run")
}

# oneTBB from Debian's source package, with ThreadSanitizer, installed under build-tsan/.
tbb_with_tsan() {
  local root=build-tsan/onetbb
  [ -f "$root/install/lib/cmake/TBB/TBBConfig.cmake" ] && return
  mkdir -p "$root/lists/partial"
  echo "deb-src http://deb.debian.org/debian bookworm main" >"$root/sources.list"
  local apt=(-o Dir::Etc::SourceList="$PWD/$root/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o Dir::State::Lists="$PWD/$root/lists")
  apt-get "${apt[@]}" update -qq
  (cd "$root" && apt-get "${apt[@]}" source --download-only -qq onetbb 2>/dev/null)
  tar -xf "$root"/onetbb_*.orig.tar.* -C "$root"
  local src
  src=$(find "$root" -maxdepth 1 -type d -name 'oneTBB-*' | head -1)
  cmake -S "$src" -B "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DTBB_TEST=OFF -DTBB_EXAMPLES=OFF -DTBB_STRICT=OFF -DTBBMALLOC_BUILD=OFF \
    -DCMAKE_CXX_FLAGS="-fsanitize=thread -Wno-tsan" \
    -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=thread" \
    -DCMAKE_INSTALL_PREFIX="$PWD/$root/install" >"$root/build.log" 2>&1
  cmake --build "$root/build" -j"$cores" >>"$root/build.log" 2>&1
  cmake --install "$root/build" >>"$root/build.log" 2>&1
}

tsan() {
  tbb_with_tsan
  cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSPIKESIM_WERROR=OFF -DSPIKESIM_PYTHON=OFF \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DCMAKE_CXX_FLAGS="-fsanitize=thread" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" \
    -DTBB_DIR="$PWD/build-tsan/onetbb/install/lib/cmake/TBB" >/dev/null
  cmake --build build-tsan -j"$cores" --target spikesim_tests >/dev/null
  (cd build-tsan && LD_LIBRARY_PATH="$PWD/onetbb/install/lib" \
    TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
    ./tests/spikesim_tests "[determinism],[worker_team]")
}

for job in "${jobs[@]}"; do
  echo "[sanitize] $job"
  "$job"
done
