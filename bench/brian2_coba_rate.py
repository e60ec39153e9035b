#!/usr/bin/python3
"""COBA (Brette et al. 2007, benchmark 1) in Brian2's runtime mode, built like `spikesim coba`:
conductances in units of the leak conductance, w_e = 0.6, w_i = 6.7, E_ex = 0, E_in = -80 mV,
delay 0.1 ms, 80 inputs per neuron, v(0) uniform in [-60, -50] mV, and a Poisson kick-start of
200 Hz (weight 0.6) into every neuron during the first 50 ms. Prints the mean rate over
0.5-1 s for several seeds, the figure `spikesim coba` is compared with.

Usage: /usr/bin/python3 bench/brian2_coba_rate.py [--neurons 4000] [--seeds 4] [--dt 0.1]
"""
import argparse

ap = argparse.ArgumentParser()
ap.add_argument("--neurons", type=int, default=4000)
ap.add_argument("--seeds", type=int, default=4)
ap.add_argument("--dt", type=float, default=0.1)
a = ap.parse_args()

from brian2 import (NeuronGroup, PoissonGroup, Synapses, SpikeMonitor, Network, prefs, seed, defaultclock, ms, mV,
                    Hz, second)
import numpy as np

prefs.codegen.target = "numpy"
rates = []
for s in range(1, a.seeds + 1):
    seed(s)
    defaultclock.dt = a.dt * ms
    N = a.neurons
    eqs = """dv/dt = (El - v + ge * (Ee - v) + gi * (Ei - v)) / taum : volt (unless refractory)
    dge/dt = -ge / taue : 1
    dgi/dt = -gi / taui : 1"""
    ns = dict(taum=20 * ms, taue=5 * ms, taui=10 * ms, El=-60 * mV, Ee=0 * mV, Ei=-80 * mV)
    P = NeuronGroup(N, eqs, threshold="v > -50*mV", reset="v = -60*mV", refractory=5 * ms, method="euler",
                    namespace=ns)
    P.v = "-60*mV + rand() * 10*mV"
    p = 80.0 / N
    Ce = Synapses(P, P, on_pre="ge += 0.6", delay=0.1 * ms)
    Ci = Synapses(P, P, on_pre="gi += 6.7", delay=0.1 * ms)
    Ce.connect(f"i < {int(0.8 * N)}", p=p)
    Ci.connect(f"i >= {int(0.8 * N)}", p=p)
    K = PoissonGroup(N, rates="200*Hz*(t < 50*ms)")
    Ck = Synapses(K, P, on_pre="ge += 0.6", delay=0.1 * ms)
    Ck.connect(j="i")
    M = SpikeMonitor(P)
    net = Network(P, Ce, Ci, K, Ck, M)
    net.run(1 * second)
    times = np.asarray(M.t / ms)  # not `t`: Brian2 would see it in the run namespace
    rate = np.count_nonzero(times >= 500) / N / 0.5
    rates.append(rate)
    print(f"seed {s}: {rate:.3f} Hz", flush=True)
r = np.array(rates)
print(f"brian2 runtime COBA neurons={a.neurons} dt={a.dt} seeds={a.seeds} mean={r.mean():.3f} Hz sd={r.std(ddof=1):.3f} Hz")
