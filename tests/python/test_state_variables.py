"""Reports of state variables other than v, from Python and in the SONATA file: the
variable and its units as attributes of the report's data, and errors naming the key."""
import subprocess

import h5py
import numpy as np
import pytest
import spikesim as ss
from conftest import BINARY


def test_a_current_is_recorded_and_written_with_its_name_and_units(tmp_path):
    net = ss.Network(seed=1)
    src = net.add_source("spike_generator", spike_times=[[1.0]], name="src")
    n = net.add_neurons("lif_exp", 1, name="n", tau_ex=5.0)
    net.connect(src, n, "all_to_all", weight=4.0, delay=1.0)
    sim = ss.Simulation(net)
    rec = sim.record_membrane(n, neurons=[0], interval=0.5, variable="i_ex")
    sim.run(20.0)
    t = rec.times
    expected = np.where(t >= 2.0, 4.0 * np.exp(-(t - 2.0) / 5.0), 0.0)
    np.testing.assert_allclose(rec.values[:, 0], expected, atol=1e-6)
    sim.write(str(tmp_path / "i.h5"))
    with h5py.File(tmp_path / "i.h5") as f:
        data = f["report/n/data"]
        assert data.attrs["variable"] == "i_ex" and data.attrs["units"] == "mV"
        np.testing.assert_allclose(data[:, 0], expected, atol=1e-6)


def test_the_command_line_writes_the_variable_of_the_config(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text("""[simulation]
duration = 50.0
[[population]]
name = "a"
model = "adex"
size = 2
i_e = 800.0
[record]
membrane = [{population = "a", neurons = [1], interval = 1.0, variable = "w"}]
""")
    subprocess.run([str(BINARY), "run", str(config), "-q", "-o", str(tmp_path / "w.h5")],
                   check=True)
    with h5py.File(tmp_path / "w.h5") as f:
        data = f["report/a/data"]
        assert data.attrs["variable"] == "w" and data.attrs["units"] == "pA"
        assert data[-1, 0] > 0  # the neuron has fired, and w has jumped by b


def test_an_unknown_variable_raises_with_the_models_names():
    net = ss.Network()
    n = net.add_neurons("izhikevich", 2, name="n")
    sim = ss.Simulation(net)
    with pytest.raises(ss.InputError, match=r"variable: expected a state variable of model "
                                            r"izhikevich: v, u, got \"w\""):
        sim.record_membrane(n, neurons=[0], variable="w")
