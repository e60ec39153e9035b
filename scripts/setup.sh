#!/usr/bin/env bash
# Installs the Debian packages spikesim needs, only those missing (apt-get, non-interactive).
set -euo pipefail
packages=(
  g++ cmake make pkgconf               # toolchain (pkgconf: the installed package's test)
  clang libclang-rt-14-dev             # the sanitizer and fuzz jobs (scripts/sanitize.sh, fuzz.sh)
  libtbb-dev libhdf5-dev libboost-dev  # parallel loops, HDF5, Boost (Odeint, Math)
  catch2 librandom123-dev              # tests, counter-based random numbers
  libtoml11-dev libcli11-dev libeigen3-dev zlib1g-dev
  python3-h5py python3-numpy python3-matplotlib  # reading files and figures (/usr/bin/python3)
  python3-neo python3-pyspike                    # interoperability tests: Neo SpikeTrains, PySpike distances
  python3-dev pybind11-dev python3-pybind11 python3-pytest  # the Python package and its tests
  openmpi-bin libopenmpi-dev           # MPI (optional in the build: bench/mpi_exchange)
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "[setup] installing: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
