#!/usr/bin/python3
"""COBA in Brian2's C++ standalone mode, the same network as `spikesim coba` (see
bench/brian2_coba_rate.py), to time it: prints the best of 3 runs of the compiled program
(network construction and simulation, not code generation) and the mean rate.

Usage: /usr/bin/python3 bench/brian2_coba_standalone.py [N=4000] [SECONDS=1] [THREADS=1] [DT_MS=0.1]
"""
import os, subprocess, sys, tempfile, time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 4000
seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
threads = int(sys.argv[3]) if len(sys.argv) > 3 else 1
dt_ms = float(sys.argv[4]) if len(sys.argv) > 4 else 0.1

from brian2 import (NeuronGroup, PoissonGroup, Synapses, SpikeMonitor, run, set_device, prefs, seed, defaultclock,
                    ms, mV, second, device)

out = tempfile.mkdtemp(prefix="brian2_coba_")
set_device("cpp_standalone", directory=out, build_on_run=True)
prefs.devices.cpp_standalone.openmp_threads = threads if threads > 1 else 0
defaultclock.dt = dt_ms * ms
seed(1)
eqs = """dv/dt = (El - v + ge * (Ee - v) + gi * (Ei - v)) / taum : volt (unless refractory)
dge/dt = -ge / taue : 1
dgi/dt = -gi / taui : 1"""
ns = dict(taum=20 * ms, taue=5 * ms, taui=10 * ms, El=-60 * mV, Ee=0 * mV, Ei=-80 * mV)
P = NeuronGroup(N, eqs, threshold="v > -50*mV", reset="v = -60*mV", refractory=5 * ms, method="euler", namespace=ns)
P.v = "-60*mV + rand() * 10*mV"
p = 80.0 / N
Ce = Synapses(P, P, on_pre="ge += 0.6", delay=0.1 * ms)
Ci = Synapses(P, P, on_pre="gi += 6.7", delay=0.1 * ms)
Ce.connect(f"i < {int(0.8 * N)}", p=p)
Ci.connect(f"i >= {int(0.8 * N)}", p=p)
K = PoissonGroup(N, rates="200*Hz*(t < 50*ms)", namespace={"Hz": __import__("brian2").Hz})
Ck = Synapses(K, P, on_pre="ge += 0.6", delay=0.1 * ms)
Ck.connect(j="i")
M = SpikeMonitor(P)
run(seconds * second, report=None)
best = float("inf")
for _ in range(3):
    t0 = time.time()
    subprocess.run(["./main"], cwd=out, check=True, stdout=subprocess.DEVNULL)
    best = min(best, time.time() - t0)
print(f"peer=brian2-standalone-coba neurons={N} seconds={seconds} threads={threads} spikes={int(M.num_spikes)} "
      f"rate_hz={M.num_spikes / N / seconds:.3f} binary_s={best:.3f}")
