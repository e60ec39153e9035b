"""Loading spikesim (SONATA) files into Python tools.

    import sys; sys.path.insert(0, "analysis")
    from spikesim_io import load_spikes, to_neo
    spikes = load_spikes("results/cuba.h5")      # {population: (times_ms, node_ids, n_nodes)}
    trains = to_neo("results/cuba.h5", "exc")    # [neo.SpikeTrain] one per neuron, in ms

Needs h5py (Debian python3-h5py); to_neo also needs Neo (python3-neo) and quantities.
"""
import h5py
import numpy as np


def load_spikes(path):
    out = {}
    with h5py.File(path, "r") as f:
        for name, g in f["spikes"].items():
            t, ids = g["timestamps"][:], g["node_ids"][:]
            n = int(g.attrs["n_nodes"]) if "n_nodes" in g.attrs else (int(ids.max()) + 1 if len(ids) else 0)
            out[name] = (t, ids, n)
    return out


def duration_ms(path, population=None):
    """How long the run lasted: the population's own simulated_ms (experiments keep a few
    runs of different lengths in one file), else the file's, else the last spike."""
    with h5py.File(path, "r") as f:
        if population is not None and "simulated_ms" in f["spikes"][population].attrs:
            return float(f["spikes"][population].attrs["simulated_ms"])
        if "simulated_ms" in f.attrs:
            return float(f.attrs["simulated_ms"])
        return max(float(g["timestamps"][-1]) for g in f["spikes"].values() if len(g["timestamps"]))


def to_neo(path, population):
    import neo
    import quantities as pq

    t, ids, n = load_spikes(path)[population]
    t_stop = duration_ms(path, population)
    trains = []
    for i in range(n):
        times = np.sort(t[ids == i])
        trains.append(neo.SpikeTrain(times * pq.ms, t_start=0 * pq.ms, t_stop=t_stop * pq.ms,
                                     name=f"{population}[{i}]"))
    return trains
