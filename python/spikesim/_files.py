"""Reading spike files (SONATA /spikes/<population>, as spikesim and BMTK write them)."""
from . import _spikesim


class SpikeTrains:
    """One population's spikes in a file: times (ms, float64) and node_ids (uint64), with
    n_nodes (the population's size) and duration_ms (how long it was simulated).
    ``times, node_ids = trains`` unpacks it."""

    def __init__(self, name, times, node_ids, n_nodes, duration_ms):
        self.name, self.times, self.node_ids = name, times, node_ids
        self.n_nodes, self.duration_ms = n_nodes, duration_ms

    def __iter__(self):
        return iter((self.times, self.node_ids))

    def __len__(self):
        return len(self.times)

    def __repr__(self):
        return (f"<SpikeTrains '{self.name}': {len(self.times)} spikes of {self.n_nodes} "
                f"neurons over {self.duration_ms:g} ms>")


def read_spikes(path):
    """The spikes of every population in a SONATA spike file: {population: SpikeTrains}.
    Raises spikesim.InputError naming the file when it is not a readable spike file."""
    populations, _ = _spikesim._read_spike_file(str(path))
    return {name: SpikeTrains(name, t, ids, n, d) for name, t, ids, n, d in populations}


def to_neo(spikes):
    """Neo SpikeTrains (python3-neo): {population: [neo.SpikeTrain of neuron 0, 1, ...]}, from
    a file's path or from read_spikes' result. t_stop is the simulated duration."""
    import numpy as np
    import neo
    import quantities as pq

    if not isinstance(spikes, dict):
        spikes = read_spikes(spikes)
    out = {}
    for name, s in spikes.items():
        t_stop = max(s.duration_ms, float(s.times.max()) if len(s.times) else 0.0)
        order = np.argsort(s.node_ids, kind="stable")
        ids, times = s.node_ids[order], s.times[order]
        bounds = np.searchsorted(ids, np.arange(s.n_nodes + 1))
        out[name] = [neo.SpikeTrain(times[bounds[i]:bounds[i + 1]] * pq.ms, t_stop=t_stop * pq.ms,
                                    name=f"{name}[{i}]") for i in range(s.n_nodes)]
    return out
