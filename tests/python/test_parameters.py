"""Neuron parameters per neuron from Python: arrays and distributions give the network the
config file's [[population]] gives, and bad ones raise InputError naming the key."""
import numpy as np
import pytest
import spikesim as ss
from conftest import cli_spikes

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
    times, ids = cli_spikes(tmp_path, CONFIG, "n")
