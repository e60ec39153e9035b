"""Spikes of some of a population's neurons: ids, ranges, seeded samples, from Python and
from a config's [record] table; the same spikes as recording everything and keeping those."""
import subprocess

import h5py
import numpy as np
import pytest
import spikesim as ss
from conftest import BINARY, build_cuba


def all_and_some(**choice):
    net, exc, _ = build_cuba(neurons=1000, seed=4)
    sim = ss.Simulation(net)
    some = sim.record_spikes(exc, **choice)
    sim.run(200.0)
    net2, exc2, _ = build_cuba(neurons=1000, seed=4)
    sim2 = ss.Simulation(net2)
    every = sim2.record_spikes(exc2)
    sim2.run(200.0)
    return every, some


def test_a_subset_is_the_full_recording_restricted_to_it():
    every, some = all_and_some(neurons=[7, 3, 500])
    keep = np.isin(every.node_ids, [3, 7, 500])
    assert keep.sum() > 0
    np.testing.assert_array_equal(some.times, every.times[keep])
    np.testing.assert_array_equal(some.node_ids, every.node_ids[keep])


def test_a_sample_is_seeded_and_distinct():
    every, some = all_and_some(sample=50)
    ids = np.unique(some.node_ids)
    assert len(ids) <= 50 and len(some) > 0
    _, again = all_and_some(sample=50)
    np.testing.assert_array_equal(again.node_ids, some.node_ids)


@pytest.mark.parametrize("choice, fragment", [
    (dict(neurons=[1, 1]), "neurons: expected each neuron once, got a repeated id"),
    (dict(neurons=[800]), "neurons: expected ids below 800, got 800"),
    (dict(neurons=[]), "neurons: expected at least one neuron id"),
    (dict(neurons="0:10"), "neurons: expected a sequence of neuron ids"),
    (dict(sample=0), "sample: expected a number of neurons from 1 to 800, got 0"),
    (dict(sample=801), "sample: expected a number of neurons from 1 to 800, got 801"),
    (dict(sample=5, neurons=[1]), "sample: expected either neurons or sample, not both"),
])
def test_bad_choices(choice, fragment):
    net, exc, _ = build_cuba(neurons=1000)
    sim = ss.Simulation(net)
    with pytest.raises(ss.InputError) as e:
        sim.record_spikes(exc, **choice)
    assert fragment in str(e.value) and str(e.value).startswith("Simulation.record_spikes"), str(e.value)


CONFIG = """
[simulation]
duration = 100.0
[[population]]
name = "drive"
model = "poisson"
size = 200
rate = 50.0
[[population]]
name = "exc"
model = "lif_delta"
size = 100
[[projection]]
source = "drive"
target = "exc"
rule = "fixed_indegree"
k = 20
weight = 3.0
delay = 1.0
[record]
spikes = [{population = "drive", neurons = "10:20"}, {population = "exc", sample = 7}]
"""


def test_config_tables(tmp_path):
    config = tmp_path / "net.toml"
    config.write_text(CONFIG)
    r = subprocess.run([str(BINARY), "run", str(config), "-q", "--out", str(tmp_path / "o.h5")],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    with h5py.File(tmp_path / "o.h5") as f:
        drive = f["spikes/drive/node_ids"][:]
        assert len(drive) > 0 and drive.min() >= 10 and drive.max() < 20
        assert f["spikes/drive"].attrs["n_nodes"] == 200
        assert len(np.unique(f["spikes/exc/node_ids"][:])) <= 7


@pytest.mark.parametrize("entry, fragment", [
    ('{population = "exc", sample = 101}', "record.spikes[0].sample: expected a number of neurons from 1 to 100, got 101"),
    ('{population = "exc", neurons = "20:10"}', "record.spikes[0].neurons: expected \"all\" or a range \"first:end\" with first < end <= 100"),
    ('{population = "exc", neurons = [1, 1]}', "expected a non-empty array of distinct neuron ids"),
    ('{population = "exc", neurons = [100]}', "record.spikes[0].neurons[0]: expected a neuron id below 100"),
    ('{population = "exc", neurons = [1], sample = 3}', "expected either neurons or sample, not both"),
    ('{population = "nobody"}', "record.spikes[0].population: expected the name of a population"),
    ('{population = "exc", every = 2}', "record.spikes[0].every: expected a key this section knows"),
    ('3', "record.spikes[0]: expected the name of a population, or {population"),
])
def test_bad_config_entries(tmp_path, entry, fragment):
    config = tmp_path / "net.toml"
    config.write_text(CONFIG.replace('spikes = [{population = "drive", neurons = "10:20"}, {population = "exc", sample = 7}]',
                                     f"spikes = [{entry}]"))
    r = subprocess.run([str(BINARY), "run", str(config), "-q", "--out", str(tmp_path / "o.h5")],
                       capture_output=True, text=True)
    assert r.returncode == 2 and fragment in r.stderr, r.stderr
    assert not (tmp_path / "o.h5").exists()
