"""Bad input from Python: an exception (InputError, a ValueError; DaleViolation) with the
message the command line gives, raised before anything is built, run or written."""
import os

import numpy as np
import pytest
import spikesim as ss


def raises(fragment, call, error=ss.InputError):
    with pytest.raises(error) as e:
        call()
    assert fragment in str(e.value), str(e.value)
    return e.value


def test_input_errors_are_value_errors_with_fields():
    net = ss.Network()
    e = raises("add_neurons('n'): tau_m: expected a finite number > 0, got -1",
               lambda: net.add_neurons("lif_exp", 10, name="n", tau_m=-1.0))
    assert isinstance(e, ValueError)
    assert (e.source, e.key, e.got, e.line) == ("add_neurons('n')", "tau_m", "-1", None)
    assert net.populations == []  # nothing was added


@pytest.mark.parametrize("model, size, kwargs, fragment", [
    ("lif_ex", 10, {}, "model: expected a neuron model: lif_delta, lif_exp, lif_alpha, lif_cond_exp, adex, izhikevich, got \"lif_ex\""),
    ("poisson", 10, {"rate": 0.1}, "expected a neuron model"),
    ("lif_exp", 0, {}, "size: expected an integer between 1 and 4294967295, got 0"),
    ("lif_exp", -3, {}, "size: expected an integer between 1 and 4294967295, got -3"),
    ("lif_exp", 2.5, {}, "size: expected an integer"),
    ("lif_exp", 10, {"tau_mm": 3.0}, "tau_mm: expected a key this section knows: dale, e_l, i_e"),
    ("lif_exp", 10, {"v_th": float("nan")}, "v_th: expected a finite number, got a number nan"),
    ("lif_exp", 10, {"v_th": "high"}, "v_th: expected a number, got a string \"high\""),
    ("lif_exp", 10, {"v_th": object()}, "v_th: expected a number, a string, a bool or a list"),
    ("lif_exp", 10, {"v_init": [-50.0, -60.0]}, "v_init: expected a number or a range [low, high] with low <= high"),
    ("lif_exp", 10, {"v_reset": -40.0, "v_th": -50.0}, "v_reset"),
    ("lif_exp", 10, {"dale": "maybe"}, "dale: expected one of"),
    ("lif_alpha", 10, {"tau_ex": 10.0}, "tau_ex: expected a value that differs from tau_m (10) by at least 0.1 %"),
])
def test_bad_populations(model, size, kwargs, fragment):
    net = ss.Network()
    dale = kwargs.pop("dale", "mixed")
    raises(fragment, lambda: net.add_neurons(model, size, dale=dale, **kwargs))
    assert net.populations == [] and net.neuron_count == 0


def test_bad_sources():
    net = ss.Network()
    raises("add_source('p'): rate: expected", lambda: net.add_source("poisson", 5, name="p", rate=-1.0))
    raises("expected a spike source: poisson, regular, spike_generator",
           lambda: net.add_source("lif_exp", 5))
    raises("spike_times", lambda: net.add_source("spike_generator", spike_times=[[1.0, float("inf")]]))
    raises("rate: expected this key (it is required)", lambda: net.add_source("poisson", 5))
    assert net.populations == []


def test_duplicate_and_bad_names():
    net = ss.Network()
    net.add_neurons("lif_exp", 5, name="a")
    raises("name: expected a population name not used before, got \"a\"",
           lambda: net.add_neurons("lif_exp", 5, name="a"))
    raises("name: expected a non-empty name without '/'", lambda: net.add_neurons("lif_exp", 5, name="x/y"))
    assert len(net.populations) == 1


def test_bad_projections():
    net = ss.Network()
    a = net.add_neurons("lif_exp", 5, name="a", dale="excitatory")
    b = net.add_neurons("lif_exp", 5, name="b")
    c = ": "
    raises("connect('a' -> 'b')" + c + "delay: expected a number >= 0 (ms), got -1",
           lambda: net.connect(a, b, ss.all_to_all(), weight=1.0, delay=-1.0))
    raises("delay: expected this key (it is required)", lambda: net.connect(a, b, ss.all_to_all(), weight=1.0))
    raises("p: expected a probability in [0, 1], got 1.5",
           lambda: net.connect(a, b, ss.fixed_probability(1.5), weight=1.0, delay=1.0))
    raises("rule: expected one of", lambda: net.connect(a, b, "most_to_some", weight=1.0, delay=1.0))
    raises("rule: expected a rule such as spikesim.fixed_probability(0.02)",
           lambda: net.connect(a, b, 42, weight=1.0, delay=1.0))
    raises("k: expected at most 5 without multapses",
           lambda: net.connect(a, b, ss.fixed_indegree(6, multapses=False), weight=1.0, delay=1.0))
    raises("weight: expected a finite number", lambda: net.connect(b, a, ss.one_to_one(), weight=float("nan"), delay=1.0))
    raises("weights", lambda: net.connect(b, a, ss.matrix(np.ones((4, 5))), delay=1.0))
    assert net.projections == [] and net.synapse_count == 0


def test_dale_violation_is_its_own_exception():
    net = ss.Network()
    a = net.add_neurons("lif_exp", 5, name="a", dale="excitatory")
    b = net.add_neurons("lif_exp", 5, name="b")
    e = raises("a weight >= 0 because source population 'a' is excitatory",
               lambda: net.connect(a, b, ss.all_to_all(), weight=-1.0, delay=1.0), ss.DaleViolation)
    assert isinstance(e, ss.InputError) and e.weight == -1.0
    e = raises("weight", lambda: net.connect_arrays(a, b, pre=[0, 1], post=[1, 2], weight=[1.0, -2.0], delay=1.0),
               ss.DaleViolation)
    assert (e.source_neuron, e.target_neuron, e.weight) == (1, 2, -2.0)
    assert net.projections == []


@pytest.mark.parametrize("kwargs, fragment", [
    (dict(pre=[0, 1.5], post=[0, 1], weight=1.0, delay=1.0), "pre: expected a 1-D array of integer neuron ids, got an array of shape (2,) and dtype float64"),
    (dict(pre=[[0, 1]], post=[0, 1], weight=1.0, delay=1.0), "pre: expected a 1-D array of integer neuron ids, got an array of shape (1, 2)"),
    (dict(pre=[0, 7], post=[0, 1], weight=1.0, delay=1.0), "pre[1]: expected a neuron id from 0 to 4 ('a' has 5 neurons), got 7"),
    (dict(pre=[0, -1], post=[0, 1], weight=1.0, delay=1.0), "pre[1]: expected a neuron id from 0 to 4"),
    (dict(pre=[0, 1], post=[0], weight=1.0, delay=1.0), "post: expected as many entries as pre (2), got 1"),
    (dict(pre=[0, 1], post=[0, 1], weight=[1.0, np.nan], delay=1.0), "weight[1]: expected a finite number, got nan"),
    (dict(pre=[0, 1], post=[0, 1], weight=[1.0, 2.0, 3.0], delay=1.0), "weight: expected a number or a 1-D array of 2 numbers"),
    (dict(pre=[0, 1], post=[0, 1], weight=["x", "y"], delay=1.0), "weight: expected a number or a 1-D array of numbers, got an array of shape (2,) and dtype <U1"),
    (dict(pre=[0, 1], post=[0, 1], weight=1.0, delay=-0.5), "delay: expected a number >= 0 (ms), got -0.5"),
    (dict(pre=[0, 1], post=[0, 1], weight=1.0, delay=[1.0, -2.0]), "delay[1]: expected a number >= 0 (ms), got -2"),
    (dict(pre=[0, 1], post=[0, 1], weight=1e9, delay=1.0), "expected a finite number within +-1e6"),
])
def test_bad_arrays(kwargs, fragment):
    net = ss.Network()
    a = net.add_neurons("lif_exp", 5, name="a")
    raises(fragment, lambda: net.connect_arrays(a, a, **kwargs))
    assert net.projections == []


def test_population_of_another_network():
    one, two = ss.Network(), ss.Network()
    a = one.add_neurons("lif_exp", 5, name="a")
    b = two.add_neurons("lif_exp", 5, name="b")
    raises("source: expected a population of this network, got population 'a' of another Network",
           lambda: two.connect(a, b, ss.all_to_all(), weight=1.0, delay=1.0))
    raises("target: expected a population of this network",
           lambda: two.connect_arrays(b, a, pre=[0], post=[0], weight=1.0, delay=1.0))
    sim = ss.Simulation(two)
    raises("population: expected a population of this network", lambda: sim.record_spikes(a))


def test_simulation_misuse():
    net = ss.Network()
    a = net.add_neurons("lif_exp", 5, name="a")
    src = net.add_source("poisson", 5, name="s", rate=10.0)
    raises("Network: seed: expected an integer >= 0, got -1", lambda: ss.Network(seed=-1))
    raises("threads: expected None (every core) or an integer from 1 to 1024, got 'two'",
           lambda: ss.Simulation(net, threads="two"))
    sim = ss.Simulation(net)
    raises("expected a network no Simulation uses yet", lambda: net.add_neurons("lif_exp", 5))
    raises("expected a network no Simulation uses yet", lambda: net.connect(a, a, ss.one_to_one(), weight=1.0, delay=1.0))
    raises("expected a population of neurons (not a spike source)", lambda: sim.record_membrane(src, [0]))
    raises("neurons: expected ids below 5, got 9", lambda: sim.record_membrane(a, [0, 9]))
    raises("interval: expected a finite number > 0 (ms)", lambda: sim.record_membrane(a, [0], interval=0.0))
    raises("run: duration: expected a finite number of ms > 0, got -5", lambda: sim.run(-5.0))
    raises("duration: expected a number of ms > 0, got 'long'", lambda: sim.run("long"))
    sim.run(1.0)
    raises("expected a recording asked for before the first run()", lambda: sim.record_spikes(a))


def test_write_refuses_a_path_it_cannot_write_and_leaves_nothing(tmp_path):
    net = ss.Network()
    a = net.add_neurons("lif_exp", 5, name="a")
    sim = ss.Simulation(net)
    sim.record_spikes(a)
    sim.run(1.0)
    raises("path", lambda: sim.write(str(tmp_path / "missing" / "out.h5")))
    (tmp_path / "dir.h5").mkdir()
    raises("path", lambda: sim.write(str(tmp_path / "dir.h5")))
    assert sorted(os.listdir(tmp_path)) == ["dir.h5"]


def test_read_spikes_of_a_file_that_is_not_one(tmp_path):
    bad = tmp_path / "notes.h5"
    bad.write_text("not HDF5")
    raises(str(bad), lambda: ss.read_spikes(bad))
    raises("missing.h5", lambda: ss.read_spikes(tmp_path / "missing.h5"))


def test_no_crash_whatever_the_arguments():
    # Wrong types everywhere give Python exceptions, never a crash of the interpreter.
    net = ss.Network()
    a = net.add_neurons("lif_exp", 3, name="a")
    junk = [None, object(), "x", -1, 2**70, float("nan"), [], [[1, 2], [3]], np.zeros((2, 2, 2)), {"a": 1}]
    for value in junk:
        for call in (lambda: net.add_neurons("lif_exp", value),
                     lambda: net.add_neurons("lif_exp", 3, tau_m=value),
                     lambda: net.connect(a, a, value, weight=1.0, delay=1.0),
                     lambda: net.connect(a, a, ss.one_to_one(), weight=value, delay=1.0),
                     lambda: net.connect_arrays(a, a, pre=value, post=[0], weight=1.0, delay=1.0),
                     lambda: net.connect_arrays(a, a, pre=[0], post=[0], weight=value, delay=value),
                     lambda: ss.convert(value),
                     lambda: ss.Simulation(net, threads=value)):
            try:
                call()
            except (ValueError, TypeError, OverflowError):
                pass
