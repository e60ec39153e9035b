"""spikesim: an event-driven simulator of spiking neural networks with exact spike times.

Build a network, run it, read what it did::

    import numpy as np, spikesim as ss
    net = ss.Network(seed=1)
    exc = net.add_neurons("lif_exp", 3200, name="exc", dale="excitatory", e_l=-49.0,
                          v_th=-50.0, v_reset=-60.0, t_ref=5.0, v_init=ss.uniform(-60, -50))
    inh = net.add_neurons("lif_exp", 800, name="inh", dale="inhibitory", e_l=-49.0,
                          v_th=-50.0, v_reset=-60.0, t_ref=5.0, v_init=ss.uniform(-60, -50))
    for pre, w in ((exc, 1.62), (inh, -9.0)):
        for post in (exc, inh):
            net.connect(pre, post, ss.fixed_probability(0.02), weight=w, delay=0.1)
    sim = ss.Simulation(net, threads=2)
    spikes = sim.record_spikes(exc)
    sim.run(1000.0)
    spikes.times, spikes.node_ids          # NumPy arrays
    sim.write("out.h5")                    # a SONATA file, as the command line writes

Models, sources, rules and their parameters are those of the config files (docs/config.md),
with the same names, defaults and checks. Bad input raises spikesim.InputError (a
ValueError) naming the call, the key, what was expected and what was given.

Also here: read_spikes and to_neo (files), convert (your own trained network as rate or
time-to-first-spike spiking neurons), and spikesim.experiments (the command line's
experiments as functions).

Under ``mpirun -np N python3 script.py`` (no mpi4py needed) every process runs the same
script: each builds its share of every Network and advances its share of the neurons, and
the spikes are those of one process, bit for bit. Rank 0 (``spikesim.rank() == 0``) holds
the recordings and writes the files; the other ranks' recorders are empty.
"""
from ._spikesim import (
    DaleViolation,
    InputError,
    MembraneRecorder,
    Network,
    OutputError,
    Population,
    Simulation,
    SpikeRecorder,
    __version__,
    digits,
    rank,
    ranks,
)
from ._rules import (
    Rule,
    all_to_all,
    fixed_indegree,
    fixed_outdegree,
    fixed_probability,
    fixed_total_number,
    from_file,
    lognormal,
    matrix,
    normal,
    one_to_one,
    uniform,
)
from ._files import SpikeTrains, read_spikes, to_neo
from ._convert import SpikingNetwork, convert, layers_from_state_dict
from . import experiments

__all__ = [
    "Network", "Population", "Simulation", "SpikeRecorder", "MembraneRecorder",
    "InputError", "DaleViolation", "OutputError",
    "Rule", "one_to_one", "all_to_all", "fixed_probability", "fixed_indegree",
    "fixed_outdegree", "fixed_total_number", "from_file", "matrix", "uniform", "normal", "lognormal",
    "SpikeTrains", "read_spikes", "to_neo",
    "convert", "layers_from_state_dict", "SpikingNetwork", "experiments", "digits",
    "rank", "ranks",
]
