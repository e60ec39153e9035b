#!/usr/bin/python3
"""What the Python layer costs: building CUBA (N = 100,000 by default) from Python calls
against the C++ build (spikesim.experiments.cuba_network calls build_cuba directly), and the
time for 10 million recorded spikes to reach NumPy. Same process, alternating, medians.

Usage: PYTHONPATH=build/python /usr/bin/python3 bench/python_api.py [--neurons 100000] [--repeats 5]
"""
import argparse
import statistics
import time

import spikesim as ss

LIF = dict(tau_m=20.0, tau_ex=5.0, tau_in=10.0, e_l=-49.0, v_th=-50.0, v_reset=-60.0,
           t_ref=5.0, v_init=ss.uniform(-60.0, -50.0))


def python_build(n):
    net = ss.Network(seed=1)
    exc = net.add_neurons("lif_exp", n * 4 // 5, name="exc", dale="excitatory", **LIF)
    inh = net.add_neurons("lif_exp", n - n * 4 // 5, name="inh", dale="inhibitory", **LIF)
    for pre, w in ((exc, 1.62), (inh, -9.0)):
        for post in (exc, inh):
            net.connect(pre, post, ss.fixed_probability(80.0 / n), weight=w, delay=0.1)
    return net


def timed(f):
    start = time.perf_counter()
    result = f()
    return time.perf_counter() - start, result


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--neurons", type=int, default=100_000)
    ap.add_argument("--repeats", type=int, default=5)
    a = ap.parse_args()
    py, cpp = [], []
    for _ in range(a.repeats):
        t, net_py = timed(lambda: python_build(a.neurons))
        py.append(t)
        t, net_cpp = timed(lambda: ss.experiments.cuba_network(neurons=a.neurons, seed=1))
        cpp.append(t)
    assert net_py.synapse_count == net_cpp.synapse_count, "the two builds differ"
    mp, mc = statistics.median(py), statistics.median(cpp)
    print(f"build CUBA N = {a.neurons:,} ({net_py.synapse_count:,} synapses), medians of {a.repeats}: "
          f"Python {mp:.3f} s, C++ {mc:.3f} s, ratio {mp / mc:.3f}")

    net = ss.Network()
    src = net.add_source("regular", 1000, interval=0.1)
    sim = ss.Simulation(net)
    rec = sim.record_spikes(src)
    sim.run(1000.0)
    copies = [timed(lambda: (rec.times, rec.node_ids))[0] for _ in range(a.repeats)]
    print(f"{len(rec):,} spikes to NumPy (times and node_ids): median {statistics.median(copies):.3f} s")


if __name__ == "__main__":
    main()
