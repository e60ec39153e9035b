#!/usr/bin/env bash
# Configures and builds spikesim in build/ (Release). In CI (CI=true) warnings are errors.
set -euo pipefail
cd "$(dirname "$0")/.."
werror=OFF; [ "${CI:-}" = "true" ] && werror=ON
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DSPIKESIM_WERROR=$werror >/dev/null
cmake --build build -j"$(nproc)"
# The Python package into /usr/bin/python3's path (/usr/local/lib/python3.X/dist-packages),
# so that `import spikesim` works from any directory.
if [ "$(id -u)" -eq 0 ] || [ -w /usr/local/lib ]; then
  cmake --install build --component python | tail -1
else
  echo "[build] the Python package is not installed (no write access to /usr/local);" \
       "use PYTHONPATH=$PWD/build/python, or run this as root"
fi
