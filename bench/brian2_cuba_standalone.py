#!/usr/bin/python3
"""Builds the CUBA benchmark in Brian2's C++ standalone mode into DIR and runs it once,
for bench/cuba_vs_brian2.py to time the compiled program (DIR/main) afterwards.

The network is the peer measurement's (../shared/peers/brian2_cuba.py): CUBA of Brette et
al. 2007 with 80 inputs per neuron (p = 80/N), exact integration, dt 0.1 ms (--dt), no delay.
Prints one JSON line: synapses, spikes (of that first run) and seconds taken by code
generation, compilation and the first run.

Usage: /usr/bin/python3 bench/brian2_cuba_standalone.py N SECONDS THREADS DIR [--seed S] [--dt MS]
"""
import argparse, json, time

ap = argparse.ArgumentParser()
ap.add_argument("neurons", type=int)
ap.add_argument("seconds", type=float)
ap.add_argument("threads", type=int)
ap.add_argument("directory")
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--dt", type=float, default=0.1, help="time step, ms (default 0.1)")
a = ap.parse_args()

from brian2 import (NeuronGroup, Synapses, SpikeMonitor, run, set_device, prefs, seed,
                    defaultclock, ms, mV, second)

set_device("cpp_standalone", directory=a.directory, build_on_run=True)
prefs.devices.cpp_standalone.openmp_threads = a.threads if a.threads > 1 else 0
defaultclock.dt = a.dt * ms
seed(a.seed)
N = a.neurons
eqs = """dv/dt = (ge + gi - (v - El)) / taum : volt (unless refractory)
dge/dt = -ge / taue : volt
dgi/dt = -gi / taui : volt"""
ns = dict(taum=20 * ms, taue=5 * ms, taui=10 * ms, El=-49 * mV)
P = NeuronGroup(N, eqs, threshold="v > -50*mV", reset="v = -60*mV",
                refractory=5 * ms, method="exact", namespace=ns)
P.v = "-60*mV + rand() * 10*mV"
p = 80.0 / N
Ce = Synapses(P, P, on_pre="ge += 1.62*mV")
Ci = Synapses(P, P, on_pre="gi += -9*mV")
Ce.connect(f"i < {int(0.8 * N)}", p=p)
Ci.connect(f"i >= {int(0.8 * N)}", p=p)
M = SpikeMonitor(P)
t0 = time.time()
run(a.seconds * second, report=None)
print(json.dumps({"synapses": int(len(Ce) + len(Ci)), "spikes": int(M.num_spikes),
                  "codegen_s": round(time.time() - t0, 2)}))
