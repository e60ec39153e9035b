"""The command line's experiments as functions, with the same options (keyword arguments
named as the config keys: tau_m, not --tau-m) and results as objects of NumPy arrays.

    r = spikesim.experiments.two_input(spikes=10, tau_m=10.0, sweep=False)
    r.conditions["early_late"].mean_output_spikes
    c = spikesim.experiments.coding(mode="ttfs", samples=100)
    [(m.name, m.accuracy) for m in c.modes]

Bad options raise spikesim.InputError naming the function and the keyword.
"""
from types import SimpleNamespace

from . import _spikesim
from ._files import SpikeTrains
from ._spikesim import Simulation


_MAPPINGS = {"conditions"}  # results keyed by data (condition names), kept as dicts


def _result(value, mapping=False):
    """Dictionaries as objects with attributes, all the way down (lists of them too),
    except those keyed by data."""
    if isinstance(value, dict) and not mapping:
        return SimpleNamespace(**{k: _result(v, k in _MAPPINGS) for k, v in value.items()})
    if isinstance(value, dict):
        return {k: _result(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_result(v) for v in value]
    return value


def _run_network(net, duration, threads, progress):
    sim = Simulation(net, threads=threads)
    recorders = {p.name: (p, sim.record_spikes(p)) for p in net.populations}
    sim.run(duration, progress=progress)
    spikes = {name: SpikeTrains(name, r.times, r.node_ids, len(p), sim.now)
              for name, (p, r) in recorders.items()}
    rates = {name: len(s) / s.n_nodes / (sim.now / 1000.0) for name, s in spikes.items()}
    return SimpleNamespace(network=net, simulation=sim, spikes=spikes, rates_hz=rates,
                           synaptic_events=sim.synaptic_events)


def cuba_network(**options):
    """The CUBA benchmark network (Brette et al. 2007), built and not yet run: populations
    "exc" and "inh". Options: neurons (4000), inputs_per_neuron (80), delay (0.1 ms), seed (1)."""
    return _spikesim._cuba_network(**options)


def cuba(duration=1000.0, threads=None, progress=False, **options):
    """Builds and runs the CUBA network (cuba_network's options) for `duration` ms. Returns
    .spikes ({population: SpikeTrains}), .rates_hz, .synaptic_events, .network and
    .simulation. The same seed gives the spikes of `spikesim cuba`."""
    return _run_network(cuba_network(**options), duration, threads, progress)


def coba_network(**options):
    """The COBA benchmark network (conductance-based, lif_cond_exp), built and not yet run.
    Options: neurons (4000), inputs_per_neuron (80), delay (0.1 ms), kick_rate_hz (200),
    kick_weight (0.6), kick_duration (50 ms), seed (1)."""
    return _spikesim._coba_network(**options)


def coba(duration=1000.0, threads=None, progress=False, **options):
    """Builds and runs the COBA network (coba_network's options); results as cuba()."""
    return _run_network(coba_network(**options), duration, threads, progress)


def two_input(**options):
    """The motivating example: one LIF neuron, two inputs with the same rate and different
    timing. Options: spikes (10), window (100 ms), burst (20 ms), tau_m, e_l, v_th, v_reset,
    t_ref, weight, delay, record_interval, trials (20), seed, sweep (True), sweep_spikes,
    sweep_tau_m, and your own trains times_a, times_b (arrays of ms in [0, window),
    ascending without repeats, both given; run as the condition "custom"). Returns
    .conditions[name] (uniform, early_late, synchronous, poisson, custom) with
    .mean_output_spikes, .mean_peak and .trials (input_a, input_b, output, trace), and
    .sweep (spikes, tau_m, effect[tau, spikes], uniform_spikes, early_late_spikes)."""
    return _result(_spikesim._two_input(**options))


def coding(**options):
    """One MLP trained on the digits (or loaded: weights="file.h5"), run as ann, rate and
    ttfs. Options: mode (all, ann, rate, ttfs), dale (both, on, off), hidden ([64]),
    epochs, batch, learning_rate, weight_decay, train_seed, split_seed, samples (0: all),
    weights, and the conversion options of spikesim.convert. Returns .modes (name, accuracy,
    agreement_with_ann, spikes_per_neuron, synops_per_sample, energy_pj, latency_ms, ...) and
    .layers, the trained network as (W, b, activation) for spikesim.convert.

    dale="native" instead trains under Dale's law (each hidden unit excitatory or
    inhibitory: inhibitory_fractions, default [0.1, 0.2, 0.3, 0.5]; off_inputs adds the OFF
    channel 1 - x) and returns .rows (split first, then native per fraction: name,
    inhibitory_fraction, ann_accuracy, rate_accuracy, ttfs_accuracy, synapses, rate_synops,
    ttfs_synops, violations, layers) and .preferred, the row of lowest training loss."""
    return _result(_spikesim._coding(**options))


def kv(**options):
    """The transformer feed-forward block as key-value memory. Options: d, d_ff, memories,
    noise, threshold, queries, seed, mode, workload (memory, random, both), sweep,
    sweep_noise, sweep_memories, sweep_queries, and the conversion options. Returns .modes
    (name, recall, cosine, relative_l2, random_cosine, synops, energy_pj, readout_ms, ...).
    With dale="native" (default "split"), the Dale comparison instead: .rows, "split" (E/I
    copies of inputs and keys) and "native" (every key excitatory once), each with neurons,
    inhibitory_neurons, synapses, rate/ttfs recall, cosine and synops; .ann_recall."""
    return _result(_spikesim._kv(**options))


def brunel_network(**options):
    """Brunel's (2000) sparse E/I network of LIF neurons with delta synapses and Poisson
    drive, as a spikesim.Network (populations exc and inh): n_exc (4000; n_inh = n_exc / 4),
    indegree (C_E, 1000; C_I = C_E / 4), j (mV; default 100 mV / C_E), g (5), eta
    (nu_ext / nu_thr, 2), delay (1.5 ms), tau_m (20), theta (20 mV), v_reset (10), t_ref
    (2), seed (1)."""
    return _spikesim._brunel_network(**options)


def brunel(**options):
    """The regimes of Brunel's network over relative inhibition g and drive eta: for each
    point of g x eta (lists; defaults 2..8 and 1, 1.5, 2, 3, 4) the network runs for
    `duration` ms (600) and its activity after `transient` ms (100) is classified as SR,
    AI, SI fast, SI slow (or AR, Q). Options: brunel_network's (but g and eta are lists),
    duration, transient, examples (True: also Brunel's points A-D), raster_neurons (100).
    Returns .g, .eta, .regime[g][eta] (names), .rate_hz, .mean_cv, .chi, .peak_hz,
    .peak_concentration, .slow_modulation (g x eta arrays) and .examples[name] (features,
    population_rate_hz, and the times and node_ids of the first excitatory neurons)."""
    return _result(_spikesim._brunel(**options))


def anatomy(network=None, **options):
    """Neurons and synapses of deep-learning modules, counted as a brain is: preset (gpt3,
    gpt2, digits, kv, brain or "all"), linear=[out, in], mlp=[widths], conv2d=[out, in, k],
    rnn / lstm / gru=[input, hidden], gpt_block=d, gpt=[d, blocks]. With a spikesim.Network
    instead, counts that network. Returns a list of tables (.title, .modules as (name,
    neurons, synapses), .neurons, .synapses, .notes)."""
    if network is not None:
        if options:
            raise TypeError("anatomy(network) takes no other options")
        return _result(_spikesim._network_anatomy(network, "network"))
    return _result(_spikesim._anatomy(**options))
