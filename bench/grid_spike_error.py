#!/usr/bin/python3
"""What a time grid costs in spike-time accuracy: CUBA neurons, spikesim's exact spike
times against Brian2's at dt = 0.1, 0.01 and 0.001 ms on the same input.

Each of --neurons unconnected neurons is CUBA's (lif_exp: tau_m 20 ms, tau_ex 5 ms, tau_in 10 ms, E_L -49 mV,
threshold -50 mV, reset -60 mV, 5 ms refractory), driven by Poisson trains of excitatory
(+1.62 mV) and inhibitory (-9 mV) input spikes at times drawn once, off any grid, and
delivered after a 0.1 ms delay by both simulators; each neuron has trains of its own. Brian2 integrates the same equations
exactly between steps (method "exact") but delivers inputs and tests the threshold on its
grid: an input is applied at the step it falls in and a spike is dated to the first step
at which v is above threshold.

For each dt the script pairs every spikesim spike with the nearest Brian2 spike and
prints the median, 90th percentile and largest |difference|, and the spikes without a
partner within 1 ms (missed or extra, as trains drift apart). spikesim's own error is
below 1e-9 ms (tests/test_exactness.cpp), so the differences are the grid's.

Usage: /usr/bin/python3 bench/grid_spike_error.py [--seconds 5] [--neurons 40] [--seed 1]
                                                 [--dts 0.1,0.01,0.001]
Needs the spikesim Python package (bash scripts/build.sh) and Debian's python3-brian.
"""
import argparse
import sys

import numpy as np

PARAMS = dict(tau_m=20.0, tau_ex=5.0, tau_in=10.0, e_l=-49.0, v_th=-50.0, v_reset=-60.0,
              t_ref=5.0, v_init=-60.0)
W_EX, W_IN, DELAY = 1.62, -9.0, 0.1  # mV, mV, ms


def inputs(seconds, neurons, seed):
    """Per neuron, excitatory and inhibitory input times (ms): the CUBA neuron's 64 + 16
    inputs at about 6 Hz each, pooled into two Poisson trains."""
    rng = np.random.default_rng(seed)
    duration = 1000.0 * seconds

    def poisson(rate_hz):
        return np.sort(rng.uniform(0.0, duration, rng.poisson(rate_hz * seconds)))
    return [poisson(64 * 6.0) for _ in range(neurons)], [poisson(16 * 6.0) for _ in range(neurons)]


def spikesim_spikes(ex, inh, seconds):
    """Spike times per neuron."""
    import spikesim as ss
    n_neurons = len(ex)
    net = ss.Network(seed=1)
    src_ex = net.add_source("spike_generator", spike_times=ex, name="ex", dale="excitatory")
    src_in = net.add_source("spike_generator", spike_times=inh, name="in", dale="inhibitory")
    n = net.add_neurons("lif_exp", n_neurons, name="n", **PARAMS)
    net.connect(src_ex, n, ss.one_to_one(), weight=W_EX, delay=DELAY)
    net.connect(src_in, n, ss.one_to_one(), weight=W_IN, delay=DELAY)
    sim = ss.Simulation(net, threads=1)
    rec = sim.record_spikes(n)
    sim.run(1000.0 * seconds)
    times, ids = np.asarray(rec.times), np.asarray(rec.node_ids)
    return [np.sort(times[ids == k]) for k in range(n_neurons)]


def brian_spikes(ex, inh, seconds, dt):
    """Spike times per neuron, Brian2 (runtime mode, Cython) at time step dt."""
    import brian2 as b2
    b2.start_scope()
    b2.defaultclock.dt = dt * b2.ms
    eqs = """dv/dt = (ge + gi - (v - El)) / taum : volt (unless refractory)
    dge/dt = -ge / taue : volt
    dgi/dt = -gi / taui : volt"""
    ns = dict(taum=PARAMS["tau_m"] * b2.ms, taue=PARAMS["tau_ex"] * b2.ms,
              taui=PARAMS["tau_in"] * b2.ms, El=PARAMS["e_l"] * b2.mV)
    n_neurons = len(ex)
    P = b2.NeuronGroup(n_neurons, eqs, threshold=f"v > {PARAMS['v_th']}*mV",
                       reset=f"v = {PARAMS['v_reset']}*mV", refractory=PARAMS["t_ref"] * b2.ms,
                       method="exact", namespace=ns)
    P.v = PARAMS["v_init"] * b2.mV
    M = b2.SpikeMonitor(P)
    net = b2.Network(P, M)
    for trains, w, g in ((ex, W_EX, "ge"), (inh, W_IN, "gi")):
        # Brian2 refuses two spikes of one generator neuron in one step: one generator
        # neuron per input spike, each with a synapse onto its target.
        times = np.concatenate(trains)
        targets = np.concatenate([np.full(len(t), k) for k, t in enumerate(trains)])
        G = b2.SpikeGeneratorGroup(len(times), np.arange(len(times)), times * b2.ms)
        S = b2.Synapses(G, P, on_pre=f"{g} += {w}*mV", delay=DELAY * b2.ms)
        S.connect(i=np.arange(len(times)), j=targets)
        net.add(G, S)
    net.run(seconds * b2.second)
    t, i = np.asarray(M.t / b2.ms), np.asarray(M.i)
    return [np.sort(t[i == k]) for k in range(n_neurons)]


def compare(exact, grid):
    """|difference| to the nearest grid spike for each exact spike within 1 ms, and the
    count of spikes of either train without such a partner."""
    if len(grid) == 0 or len(exact) == 0:
        return np.array([]), len(exact) + len(grid)
    idx = np.clip(np.searchsorted(grid, exact), 1, len(grid) - 1)
    nearest = np.where(np.abs(grid[idx - 1] - exact) < np.abs(grid[idx] - exact), idx - 1, idx)
    diff = np.abs(grid[nearest] - exact)
    paired = diff < 1.0
    return diff[paired], int(np.sum(~paired)) + max(0, len(grid) - int(np.sum(paired)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=float, default=5.0, help="simulated time (default 5 s)")
    ap.add_argument("--neurons", type=int, default=40, help="unconnected neurons (default 40)")
    ap.add_argument("--seed", type=int, default=1, help="seed of the input trains")
    ap.add_argument("--dts", default="0.1,0.01,0.001", help="Brian2 time steps, ms")
    a = ap.parse_args()
    try:
        dts = [float(x) for x in a.dts.split(",")]
    except ValueError:
        ap.error("--dts takes comma-separated numbers (ms)")
    if a.seconds <= 0 or a.neurons < 1:
        ap.error("--seconds > 0 and --neurons >= 1 expected")
    ex, inh = inputs(a.seconds, a.neurons, a.seed)
    exact = spikesim_spikes(ex, inh, a.seconds)
    total = sum(len(t) for t in exact)
    print(f"{a.neurons} CUBA neurons, {a.seconds:g} s, {sum(map(len, ex))} excitatory and "
          f"{sum(map(len, inh))} inhibitory inputs (seed {a.seed}); spikesim: {total} spikes",
          file=sys.stderr)
    print("| Brian2 dt (ms) | Brian2 spikes | median abs error (ms) | 90th percentile | largest | "
          "unpaired (> 1 ms off) |")
    print("|---|---|---|---|---|---|")
    for dt in dts:
        grid = brian_spikes(ex, inh, a.seconds, dt)
        pairs = [compare(e, g) for e, g in zip(exact, grid)]
        diff = np.concatenate([d for d, _ in pairs])
        unpaired = sum(u for _, u in pairs)
        print(f"| {dt:g} | {sum(map(len, grid))} (spikesim {total}) | {np.median(diff):.2e} "
              f"| {np.percentile(diff, 90):.2e} | {diff.max():.2e} | {unpaired} |", flush=True)


if __name__ == "__main__":
    main()
