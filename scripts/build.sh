#!/usr/bin/env bash
# Configures and builds spikesim in build/ (Release). In CI (CI=true) warnings are errors.
set -euo pipefail
cd "$(dirname "$0")/.."
werror=OFF; [ "${CI:-}" = "true" ] && werror=ON
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DSPIKESIM_WERROR=$werror >/dev/null
cmake --build build -j"$(nproc)"
