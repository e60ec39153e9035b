#!/usr/bin/env bash
# The main job: install what is missing, build, run the demo with built-in defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh >/dev/null
mkdir -p results
echo "== The motivating example: two inputs, same rate, different timing =="
./build/spikesim two-input --plot --out results/two_input.h5
echo
echo "== One MLP, three modes: ANN, spiking rate coding, spiking time-to-first-spike coding =="
./build/spikesim coding --plot --out results/coding.h5
echo
echo "== A transformer feed-forward block as key-value memory, as ANN and as spiking neurons =="
./build/spikesim kv --plot --out results/kv.h5
echo
echo "== CUBA benchmark network (Brette et al. 2007), 4000 neurons, 1 s =="
./build/spikesim cuba --out results/cuba.h5
echo
echo "== A network from a config file: E/I network with Poisson drive =="
./build/spikesim run data/examples/ei_network.toml --out results/ei_network.h5
