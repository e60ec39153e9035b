"""Networks built and run from Python: closed forms, explicit connectivity, the CLI's
spikes, determinism over threads, runs in pieces, files."""
import math
import subprocess

import numpy as np
import pytest
import spikesim as ss
from conftest import BINARY, build_cuba


def test_constant_current_first_spikes_match_the_closed_form():
    # tau_m dv/dt = e_l - v + i_e: v(t) = v_inf + (v0 - v_inf) exp(-t / tau_m); the neuron
    # fires at tau_m ln((v_inf - v0) / (v_inf - v_th)) and again t_ref + that from v_reset.
    tau_m, e_l, v_th, v_reset, t_ref, i_e = 10.0, -65.0, -50.0, -65.0, 2.0, 20.0
    net = ss.Network()
    n = net.add_neurons("lif_delta", 1, tau_m=tau_m, e_l=e_l, v_th=v_th, v_reset=v_reset,
                        t_ref=t_ref, i_e=i_e)
    sim = ss.Simulation(net, threads=1)
    spikes = sim.record_spikes(n)
    sim.run(100.0)
    v_inf = e_l + i_e
    period = t_ref + tau_m * math.log((v_inf - v_reset) / (v_inf - v_th))
    first = tau_m * math.log((v_inf - e_l) / (v_inf - v_th))
    expected = first + period * np.arange(20)
    expected = expected[expected < 100.0]
    assert len(spikes) == len(expected)
    np.testing.assert_allclose(spikes.times, expected, rtol=0, atol=1e-9)


def test_delta_psp_decays_as_the_closed_form_in_the_membrane_recording():
    # One input of w mV arriving at t_a: v(t) = e_l + w exp(-(t - t_a) / tau_m) after it.
    net = ss.Network()
    src = net.add_source("spike_generator", spike_times=[[3.0]])
    n = net.add_neurons("lif_delta", 1, tau_m=10.0, e_l=-65.0, v_th=-50.0)
    net.connect_arrays(src, n, pre=np.array([0]), post=np.array([0]), weight=4.0, delay=1.5)
    sim = ss.Simulation(net, threads=1)
    v = sim.record_membrane(n, neurons=[0], interval=0.25)
    sim.run(40.0)
    t = v.times
    expected = np.where(t < 4.5, -65.0, -65.0 + 4.0 * np.exp(-(t - 4.5) / 10.0))
    assert v.values.shape == (160, 1) and v.values.dtype == np.float32
    np.testing.assert_allclose(v.values[:, 0], expected, rtol=0, atol=1e-5)  # float32 samples


def test_explicit_synapses_from_arrays_reach_the_right_neurons_at_their_delays():
    # A weight far above threshold makes the target fire at the arrival: the spike's time
    # plus its own delay, whatever the target.
    net = ss.Network()
    src = net.add_source("spike_generator", spike_times=[np.array([1.0, 5.5]), np.array([2.0])])
    out = net.add_neurons("lif_delta", 10, tau_m=10.0, e_l=-65.0, v_th=-50.0, t_ref=0.5)
    net.connect_arrays(src, out, pre=np.array([0, 1, 1], dtype=np.int32), post=np.array([7, 9, 2]),
                       weight=np.array([40.0, 40.0, 1.0]), delay=np.array([1.0, 0.25, 3.0]))
    sim = ss.Simulation(net)
    s = sim.record_spikes(out)
    sim.run(20.0)
    assert sorted(zip(s.times.tolist(), s.node_ids.tolist())) == [(2.0, 7), (2.25, 9), (6.5, 7)]


def test_cuba_built_in_python_gives_the_spikes_of_the_command_line(tmp_path):
    out = tmp_path / "cuba.h5"
    subprocess.run([str(BINARY), "cuba", "--neurons", "4000", "--duration", "1000", "--seed", "1",
                    "--out", str(out), "-q"], check=True)
    cli = ss.read_spikes(out)
    net, exc, inh = build_cuba()
    sim = ss.Simulation(net)
    recorders = {p.name: sim.record_spikes(p) for p in (exc, inh)}
    sim.run(1000.0)
    for name, r in recorders.items():
        np.testing.assert_array_equal(r.times, cli[name].times)
        np.testing.assert_array_equal(r.node_ids, cli[name].node_ids)
    assert len(recorders["exc"]) == 17798  # the README's number for seed 1


def test_threads_do_not_change_the_spikes():
    runs = []
    for threads in (1, 2, 4):
        net, exc, inh = build_cuba(neurons=2000, seed=3)
        sim = ss.Simulation(net, threads=threads)
        r = sim.record_spikes(exc)
        sim.run(300.0)
        runs.append((r.times, r.node_ids))
    assert len(runs[0][0]) > 1000
    for times, ids in runs[1:]:
        np.testing.assert_array_equal(times, runs[0][0])
        np.testing.assert_array_equal(ids, runs[0][1])


def test_a_run_in_pieces_equals_one_run_bit_for_bit():
    def spikes(pieces):
        net, exc, _ = build_cuba(neurons=2000, seed=5)
        sim = ss.Simulation(net, threads=2)
        r = sim.record_spikes(exc)
        v = sim.record_membrane(exc, neurons=[0, 5], interval=0.1)
        for d in pieces:
            sim.run(d)
        assert sim.now == pytest.approx(sum(pieces))
        return r.times, r.node_ids, v.values

    whole = spikes([400.0])
    pieces = spikes([100.0, 0.05, 137.3, 162.65])
    for a, b in zip(whole, pieces):
        np.testing.assert_array_equal(a, b)


def test_inspecting_between_runs_sees_what_came_so_far():
    net, exc, _ = build_cuba(neurons=1000, seed=2)
    sim = ss.Simulation(net)
    r = sim.record_spikes(exc)
    sim.run(100.0)
    first = r.times
    assert len(first) > 0 and first.max() < 100.0
    sim.run(100.0)
    assert len(r.times) > len(first) and r.times.max() >= 100.0
    np.testing.assert_array_equal(r.times[:len(first)], first)
    assert sim.spike_counts["exc"] == len(r.times)


def test_write_gives_the_sonata_file_the_reader_and_neo_read(tmp_path):
    net, exc, inh = build_cuba(neurons=1000)
    sim = ss.Simulation(net)
    r = sim.record_spikes(exc)
    sim.record_membrane(inh, neurons=[0, 1, 2], interval=0.5)
    sim.run(200.0)
    path = tmp_path / "out.h5"
    sim.write(str(path))
    f = ss.read_spikes(path)
    assert set(f) == {"exc"}
    np.testing.assert_array_equal(f["exc"].times, r.times)
    np.testing.assert_array_equal(f["exc"].node_ids, r.node_ids)
    assert f["exc"].n_nodes == 800 and f["exc"].duration_ms == 200.0
    times, ids = f["exc"]
    assert len(times) == len(ids) == len(r)
    h5py = pytest.importorskip("h5py")
    with h5py.File(path) as h:
        assert h["report/inh/data"].shape == (400, 3)
        assert h["spikes/exc"].attrs["sorting"] == 2  # by_time
    neo = pytest.importorskip("neo")
    trains = ss.to_neo(path)["exc"]
    assert len(trains) == 800 and sum(len(t) for t in trains) == len(r)
    assert isinstance(trains[0], neo.SpikeTrain)


def test_ten_million_spikes_reach_numpy_as_one_array():
    # Not a timing test: the arrays are NumPy arrays of the right dtype, copied in one piece.
    net = ss.Network()
    src = net.add_source("regular", 1000, interval=0.1)
    sim = ss.Simulation(net)
    r = sim.record_spikes(src)
    sim.run(1000.0)
    assert len(r) == 10_000_000
    assert r.times.dtype == np.float64 and r.node_ids.dtype == np.uint64
    assert r.times.shape == (10_000_000,)


@pytest.mark.parametrize("model", ["lif_delta", "lif_exp", "lif_alpha", "lif_cond_exp", "adex", "izhikevich"])
def test_every_model_builds_and_runs_with_its_defaults(model):
    # Every model of the registry is reachable from Python under its config name, and a
    # Poisson drive makes it fire (conductance models take units of the leak conductance, the
    # others mV).
    net = ss.Network(seed=4)
    drive = net.add_source("poisson", 50, rate=50.0)  # Hz
    n = net.add_neurons(model, 20)
    weight = 5.0 if model == "lif_cond_exp" else (40.0 if model in ("adex", "izhikevich") else 4.0)
    net.connect(drive, n, ss.all_to_all(), weight=weight, delay=1.0)
    sim = ss.Simulation(net)
    s = sim.record_spikes(n)
    sim.run(200.0)
    assert n.model == model and len(s) > 0


@pytest.mark.parametrize("rule", [ss.one_to_one(), ss.all_to_all(autapses=False), ss.fixed_probability(0.5),
                                  ss.fixed_indegree(3, multapses=False), ss.fixed_outdegree(2), "one_to_one"])
def test_every_rule_is_reachable(rule):
    net = ss.Network()
    a = net.add_neurons("lif_exp", 6, name="a")
    net.connect(a, a, rule, weight=1.0, delay=0.5)
    assert net.synapse_count > 0


def test_weights_and_delays_from_distributions():
    net = ss.Network(seed=2)
    a = net.add_neurons("lif_exp", 400, name="a", dale="excitatory")
    b = net.add_neurons("lif_exp", 400, name="b")
    net.connect(a, b, ss.all_to_all(), weight=ss.normal(1.0, 0.2, low=0.0, bounds="clip"),
                delay=ss.uniform(0.5, 1.5))
    net.connect(b, a, ss.fixed_indegree(20), weight=ss.lognormal(0.0, 0.5), delay=1.0)
    assert net.synapse_count == 400 * 400 + 400 * 20
    with pytest.raises(ss.InputError, match=r"a distribution of weights >= 0 because source population 'a' is excitatory"):
        net.connect(a, a, ss.one_to_one(), weight=ss.normal(1.0, 0.2), delay=1.0)
    with pytest.raises(ss.InputError, match=r"weight.sd: expected a finite number >= 0, got -1"):
        net.connect(b, b, ss.one_to_one(), weight=ss.normal(1.0, -1.0), delay=1.0)
    with pytest.raises(ss.InputError, match=r"delay: expected a distribution of delays >= 0"):
        net.connect(b, b, ss.one_to_one(), weight=1.0, delay=ss.normal(1.0, 0.1))
    assert len(net.projections) == 2


def test_poisson_rates_per_neuron_and_in_time_from_python():
    net = ss.Network(seed=1)
    per = net.add_source("poisson", 3, name="per", rate=np.array([0.0, 100.0, 1000.0]))
    timed = net.add_source("poisson", 50, name="timed", rate_times=[0.0, 500.0], rates=[0.0, 200.0])
    sim = ss.Simulation(net)
    a, b = sim.record_spikes(per), sim.record_spikes(timed)
    sim.run(1000.0)
    counts = np.bincount(a.node_ids.astype(np.int64), minlength=3)
    assert counts[0] == 0 and 60 < counts[1] < 140 and 850 < counts[2] < 1150
    assert b.times.min() >= 500.0 and 4000 < len(b) < 6000


def test_v_init_from_a_normal_distribution():
    # 20,000 neurons without input: the samples at t = 0 are the drawn initial potentials.
    net = ss.Network(seed=6)
    n = net.add_neurons("lif_delta", 20000, e_l=-65.0, v_th=-50.0,
                        v_init=ss.normal(-58.0, 3.0, high=-51.0, bounds="clip"))
    sim = ss.Simulation(net)
    v = sim.record_membrane(n, neurons=list(range(20000)), interval=1.0)
    sim.run(0.5)
    v0 = v.values[0].astype(np.float64)
    assert v0.max() <= -51.0 + 1e-5 and v0.max() > -51.5
    # Clipped at -51 (2.33 sd above the mean): the mean of the clipped normal, mu + sd *
    # (-phi(a) + a (1 - Phi(a))) with a = 7/3, within 5 standard errors.
    a = 7.0 / 3.0
    phi = np.exp(-a * a / 2) / np.sqrt(2 * np.pi)
    tail = 0.5 * math.erfc(a / np.sqrt(2))
    expected = -58.0 + 3.0 * (-phi + a * tail)
    assert abs(v0.mean() - expected) < 5 * 3.0 / np.sqrt(20000)
    with pytest.raises(ss.InputError, match=r"v_init.sd: expected a finite number >= 0"):
        net2 = ss.Network()
        net2.add_neurons("lif_delta", 3, v_init=ss.normal(-58.0, -1.0))


def test_membrane_noise_spreads_the_free_membrane_as_white_noise_would():
    # lif_delta with noise sigma: variance sigma^2 tau_m / 2 (1 - exp(-2 t / tau_m)).
    net = ss.Network(seed=3)
    n = net.add_neurons("lif_delta", 4000, tau_m=10.0, e_l=-65.0, v_th=0.0, v_init=-65.0)
    net.add_membrane_noise(n, sigma=1.0)
    sim = ss.Simulation(net)
    v = sim.record_membrane(n, neurons=list(range(4000)), interval=50.0)
    sim.run(50.5)
    expected = 1.0 * 10.0 / 2 * (1 - math.exp(-10.0))
    assert v.values[1].var() == pytest.approx(expected, rel=4 * math.sqrt(2 / 4000))
    net = ss.Network()
    n = net.add_neurons("lif_delta", 3)
    for bad, key in [(dict(sigma=-1.0), "sigma"), (dict(sigma=1.0, kick_rate=0.0), "kick_rate")]:
        with pytest.raises(ss.InputError) as e:
            net.add_membrane_noise(n, **bad)
        assert e.value.key == key, str(e.value)
    with pytest.raises(ss.InputError, match="a population of neurons whose model takes membrane"):
        net.add_membrane_noise(net.add_neurons("lif_exp", 3), sigma=1.0)
