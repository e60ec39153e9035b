#!/usr/bin/env bash
# The installed package works for a project of its own: installs the build into a
# temporary prefix, builds examples/cpp against it with find_package(spikesim) and with
# pkg-config, and runs both; their CUBA network must give the spikes `spikesim cuba` gives.
# Usage: check_install.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
source=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log"
cmake -S "$source/examples/cpp" -B "$tmp/example" -DCMAKE_PREFIX_PATH="$tmp/prefix" \
  -DCMAKE_BUILD_TYPE=Release >"$tmp/configure.log"
cmake --build "$tmp/example" >"$tmp/build.log"
with_cmake=$("$tmp/example/ei_network")

export PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig"
# shellcheck disable=SC2046 # the flags are words
c++ -O2 "$source/examples/cpp/ei_network.cpp" -o "$tmp/ei_network_pc" \
  $(pkg-config --cflags --libs spikesim)
with_pkg_config=$("$tmp/ei_network_pc")

# The excitatory spikes of `spikesim cuba` (N = 4000, seed 1): the row "exc ... spikes rate".
expected=$("$build/spikesim" cuba -q | awk '$1 == "exc" { gsub(",", "", $6); print $6 }')
echo "find_package: $with_cmake"
echo "pkg-config:   $with_pkg_config"
echo "spikesim cuba: $expected excitatory spikes"
[[ "$with_cmake" == "$expected excitatory spikes in 1 s"* ]]
[[ "$with_pkg_config" == "$with_cmake" ]]
