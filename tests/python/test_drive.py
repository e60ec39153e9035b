"""Network.add_drive: the same network and spikes as the config file's [[drive]], Campbell's
mean of the free membrane, and bad input raised as InputError naming the key."""
import numpy as np
import pytest
import spikesim as ss
from conftest import cli_spikes

FREE = dict(tau_m=20.0, e_l=0.0, v_th=1e5, v_reset=0.0, v_init=0.0)

CONFIG = """
[simulation]
duration = 200.0
seed = 5
[[population]]
name = "n"
model = "lif_delta"
size = 100
tau_m = 20.0
e_l = 0.0
v_th = 20.0
v_reset = 10.0
[[drive]]
target = "n"
rate = 30.0
inputs = 1000
weight = 0.1
[[drive]]
target = "n"
rate = 10.0
inputs = 100
weight = -0.2
"""


def test_add_drive_gives_the_spikes_of_the_config_file(tmp_path):
    times, ids = cli_spikes(tmp_path, CONFIG, "n")
    net = ss.Network(seed=5)
    n = net.add_neurons("lif_delta", 100, name="n", tau_m=20.0, e_l=0.0, v_th=20.0,
                        v_reset=10.0)
    net.add_drive(n, rate=30.0, inputs=1000, weight=0.1)
    net.add_drive(n, rate=10.0, inputs=100, weight=-0.2)
    sim = ss.Simulation(net)
    spikes = sim.record_spikes(n)
    sim.run(200.0)
    assert len(times) > 100
    np.testing.assert_array_equal(spikes.times, times)
    np.testing.assert_array_equal(spikes.node_ids, ids)
    # 100 neurons x (30 + 1) events per ms x 200 ms = 620,000; sd 787, 6 sd.
    assert abs(sim.drive_events - 620000) < 6 * 787


def test_the_free_membrane_has_campbells_mean():
    # lambda = 5 per ms, J = 0.2 mV: mean J lambda tau_m = 20 mV, variance 2 mV^2.
    net = ss.Network(seed=2)
    n = net.add_neurons("lif_delta", 200, name="free", **FREE)
    net.add_drive(n, rate=5.0, inputs=1000, weight=0.2)
    sim = ss.Simulation(net)
    v = sim.record_membrane(n, neurons=list(range(200)), interval=1.0)
    sim.run(600.0)
    samples = v.values[100:]
    # ~200 x 500 / 40 = 2500 independent samples: standard error 0.03 mV; 5 of them.
    assert abs(samples.mean() - 20.0) < 0.15
    assert abs(samples.var() - 2.0) < 0.3


@pytest.mark.parametrize("keywords, fragment", [
    (dict(rate=-1.0, weight=0.1), "rate: expected a rate per input from 0 to 1e6 Hz, got -1"),
    (dict(rate=1.0, weight=0.1, inputs=0), "inputs: expected an integer from 1"),
    (dict(rate=1.0, weight=float("nan")), "weight"),
    (dict(rate="fast", weight=0.1), "rate"),
])
def test_bad_drives_raise_input_error(keywords, fragment):
    net = ss.Network()
    n = net.add_neurons("lif_delta", 10, name="n")
    with pytest.raises(ss.InputError, match=fragment.replace("(", r"\(")):
        net.add_drive(n, **keywords)


def test_a_source_takes_no_drive():
    net = ss.Network()
    p = net.add_source("poisson", 10, name="p", rate=5.0)
    with pytest.raises(ss.InputError, match="a population of neurons"):
        net.add_drive(p, rate=1.0, weight=0.1)
