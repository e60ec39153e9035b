"""Neuron parameters per neuron from Python: arrays and distributions give the network the
config file's [[population]] gives, and bad ones raise InputError naming the key."""
import subprocess

import h5py
import numpy as np
import pytest
import spikesim as ss
from conftest import BINARY

CONFIG = """
[simulation]
duration = 300.0
seed = 7
[[population]]
name = "n"
model = "lif_delta"
size = 5
i_e = 20.0
tau_m = [5.0, 10.0, 12.5, 20.0, 31.0]
v_th = {distribution = "normal", mean = -50.0, sd = 1.0, low = -53.0, high = -47.0}
"""


def python_spikes():
    net = ss.Network(seed=7)
    n = net.add_neurons("lif_delta", 5, name="n", i_e=20.0,
                        tau_m=np.array([5.0, 10.0, 12.5, 20.0, 31.0]),
                        v_th=ss.normal(-50.0, 1.0, low=-53.0, high=-47.0))
    sim = ss.Simulation(net)
    spikes = sim.record_spikes(n)
    sim.run(300.0)
    return spikes


def test_arrays_and_distributions_give_the_config_files_spikes(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text(CONFIG)
    out = tmp_path / "p.h5"
    subprocess.run([str(BINARY), "run", str(path), "-q", "-o", str(out)], check=True)
    with h5py.File(out) as f:
        times, ids = f["spikes/n/timestamps"][:], f["spikes/n/node_ids"][:]
    spikes = python_spikes()
    assert len(times) > 20
    np.testing.assert_array_equal(spikes.times, times)
    np.testing.assert_array_equal(spikes.node_ids, ids)
    # Each neuron has its own rate: the one with tau_m = 5 fires most.
    counts = np.bincount(spikes.node_ids.astype(np.int64), minlength=5)
    assert counts[0] == counts.max() and len(set(counts)) > 2


@pytest.mark.parametrize("params, fragment", [
    (dict(tau_m=np.array([10.0, 20.0])), r"tau_m: expected a number, an array of one value per "
                                        r"neuron \(5\)"),
    (dict(tau_m=np.array([10.0, 20.0, -1.0, 5.0, 5.0])), r"tau_m: expected a finite number > 0, got -1 \(neuron 2\)"),
    (dict(t_ref=ss.normal(2.0, -1.0)), r"t_ref.sd: expected a finite number >= 0"),
])
def test_bad_per_neuron_parameters_raise(params, fragment):
    net = ss.Network()
    with pytest.raises(ss.InputError, match=fragment):
        net.add_neurons("lif_delta", 5, name="n", **params)
    assert net.populations == []
