#!/usr/bin/python3
"""CUBA (Brette et al. 2007) in Brian2's runtime mode: mean rate over 1-2 s for several seeds,
the figure bench/cuba_rate_seeds prints for spikesim. Needs Debian's python3-brian.

Usage: /usr/bin/python3 bench/brian2_cuba_rate.py [--neurons 4000] [--seeds 8] [--dt 0.1] [--delay 0]
"""
import argparse

ap = argparse.ArgumentParser()
ap.add_argument("--neurons", type=int, default=4000)
ap.add_argument("--seeds", type=int, default=8)
ap.add_argument("--dt", type=float, default=0.1)
ap.add_argument("--delay", type=float, default=0.0, help="synaptic delay in ms (Brian2's example has none)")
a = ap.parse_args()

from brian2 import (NeuronGroup, Synapses, SpikeMonitor, Network, prefs, seed, defaultclock, ms, mV, second)
import numpy as np

prefs.codegen.target = "numpy"
rates = []
for s in range(1, a.seeds + 1):
    seed(s)
    defaultclock.dt = a.dt * ms
    N = a.neurons
    eqs = """dv/dt = (ge + gi - (v - El)) / taum : volt (unless refractory)
    dge/dt = -ge / taue : volt
    dgi/dt = -gi / taui : volt"""
    ns = dict(taum=20 * ms, taue=5 * ms, taui=10 * ms, El=-49 * mV)
    P = NeuronGroup(N, eqs, threshold="v > -50*mV", reset="v = -60*mV", refractory=5 * ms,
                    method="exact", namespace=ns)
    P.v = "-60*mV + rand() * 10*mV"
    p = 80.0 / N
    Ce = Synapses(P, P, on_pre="ge += 1.62*mV", delay=a.delay * ms)
    Ci = Synapses(P, P, on_pre="gi += -9*mV", delay=a.delay * ms)
    Ce.connect(f"i < {int(0.8 * N)}", p=p)
    Ci.connect(f"i >= {int(0.8 * N)}", p=p)
    M = SpikeMonitor(P)
    net = Network(P, Ce, Ci, M)
    net.run(2 * second)
    t = np.asarray(M.t / ms)
    rate = np.count_nonzero(t >= 1000) / N
    rates.append(rate)
    print(f"seed {s}: {rate:.3f} Hz", flush=True)
r = np.array(rates)
print(f"brian2 runtime neurons={a.neurons} dt={a.dt} delay={a.delay} seeds={a.seeds} "
      f"mean={r.mean():.3f} Hz sd={r.std(ddof=1):.3f} Hz")
