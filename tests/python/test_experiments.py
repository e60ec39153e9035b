"""The command line's experiments as Python functions: the same results, the same checks."""
import json
import subprocess

import numpy as np
import pytest
import spikesim as ss
from conftest import BINARY


def test_cuba_gives_the_command_lines_spikes():
    r = ss.experiments.cuba(neurons=4000, duration=1000.0, seed=1)
    assert len(r.spikes["exc"]) == 17798 and len(r.spikes["inh"]) == 4473
    assert r.rates_hz["exc"] == pytest.approx(17798 / 3200)


def test_two_input_same_rate_different_timing():
    r = ss.experiments.two_input(spikes=10, sweep=False)
    c = r.conditions
    assert c["uniform"].mean_output_spikes == 0 and c["early_late"].mean_output_spikes >= 1
    trial = c["early_late"].trials[0]
    assert len(trial.input_a) == len(trial.input_b) == 10  # the same rate
    assert trial.trace.dtype == np.float32 and trial.trace.max() >= -50.0


def test_two_input_takes_your_own_trains_as_arrays():
    # early_late's trains given as arrays respond exactly as early_late does.
    a = np.linspace(0.0, 18.0, 10)
    b = np.linspace(80.0, 98.0, 10)
    r = ss.experiments.two_input(sweep=False, times_a=a, times_b=list(b))
    custom, early_late = r.conditions["custom"], r.conditions["early_late"]
    np.testing.assert_array_equal(custom.trials[0].input_a, a)
    np.testing.assert_array_equal(custom.trials[0].output, early_late.trials[0].output)
    assert custom.mean_output_spikes == 2


def test_two_input_sweep_shape():
    r = ss.experiments.two_input(sweep_spikes=[2, 10], sweep_tau_m=[5.0, 10.0, 20.0])
    assert r.sweep.effect.shape == (3, 2)


def test_coding_modes_and_its_trained_layers_convert():
    r = ss.experiments.coding(samples=60, mode="ttfs", dale="off", epochs=20)
    names = [m.name for m in r.modes]
    assert names == ["ann", "ttfs"]
    ttfs = r.modes[1]
    assert ttfs.agreement_with_ann == 1.0 and ttfs.synops_per_sample > 0
    assert len(r.layers) == 2 and r.layers[0][0].shape == (64, 64)


def test_kv_and_anatomy():
    r = ss.experiments.kv(queries=20, sweep=False, mode="ttfs", workload="memory")
    assert [m.name for m in r.modes][0] == "ann" and 0 <= r.modes[-1].recall <= 1
    d = ss.experiments.kv(queries=20, dale="native")
    split, native = d.rows
    assert (split.name, native.name) == ("split", "native")
    assert native.neurons == split.neurons - 64 and native.synapses < split.synapses
    assert native.ttfs_recall == pytest.approx(split.ttfs_recall, abs=0.05)
    with pytest.raises(ss.InputError, match='dale: expected "split" or "native"'):
        ss.experiments.kv(dale="copies")
    a = ss.experiments.anatomy(mlp=[784, 128, 10])[0]
    assert (a.neurons, a.synapses) == (138, 784 * 128 + 128 * 10)
    out = subprocess.run([str(BINARY), "anatomy", "--mlp", "784", "128", "10", "--json"],
                         capture_output=True, text=True, check=True).stdout
    assert json.loads(out)["networks"][0]["synapses"] == a.synapses


@pytest.mark.parametrize("call, fragment", [
    (lambda: ss.experiments.two_input(tau_m=-1.0), "experiments.two_input: tau_m: expected"),
    (lambda: ss.experiments.two_input(spikes=0), "experiments.two_input: spikes: expected a whole number from 1"),
    (lambda: ss.experiments.two_input(tau=1.0), "experiments.two_input: tau: expected one of the keywords tau_m"),
    (lambda: ss.experiments.two_input(times_a=[3.0, 1.0], times_b=[]),
     "experiments.two_input: times_a[1]: expected times in ascending order without repeats (the time before is 3 ms), got 1"),
    (lambda: ss.experiments.two_input(times_a=np.array([1.0])), "experiments.two_input: times_b: expected input B's and A's"),
    (lambda: ss.experiments.two_input(times_a=[1.0], times_b=[float("nan")]), "times_b: expected a list of finite numbers"),
    (lambda: ss.experiments.cuba_network(neurons=2), "experiments.cuba: neurons"),
    (lambda: ss.experiments.coding(mode="fast"), "experiments.coding: mode"),
    (lambda: ss.experiments.coding(weights="/nonexistent.h5"), "/nonexistent.h5"),
    (lambda: ss.experiments.kv(d=0), "experiments.kv: d: expected a whole number from 1"),
    (lambda: ss.experiments.anatomy(mlp=[784]), "experiments.anatomy: mlp"),
])
def test_bad_options(call, fragment):
    with pytest.raises(ss.InputError) as e:
        call()
    assert fragment in str(e.value), str(e.value)


def test_coding_dale_native_rows():
    r = ss.experiments.coding(dale="native", inhibitory_fractions=[0.2], samples=40)
    split, native = r.rows
    assert split.name == "split" and native.name == "native" and native.violations == 0
    assert native.synapses < split.synapses and r.preferred == 1
    w_hidden_to_out = native.layers[1][0]
    inhibitory = (w_hidden_to_out < 0).any(axis=0)
    excitatory = (w_hidden_to_out > 0).any(axis=0)
    assert not (inhibitory & excitatory).any()  # each hidden unit keeps one sign
