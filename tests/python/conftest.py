"""Shared pieces of the Python tests: the CUBA network built from Python, paths of the build."""
import os
import pathlib

import pytest
import spikesim as ss

ROOT = pathlib.Path(__file__).resolve().parents[2]
BINARY = pathlib.Path(os.environ.get("SPIKESIM_BINARY", ROOT / "build" / "spikesim"))

CUBA_NEURON = dict(tau_m=20.0, tau_ex=5.0, tau_in=10.0, e_l=-49.0, v_th=-50.0, v_reset=-60.0,
                   t_ref=5.0, v_init=ss.uniform(-60.0, -50.0))


def build_cuba(neurons=4000, seed=1):
    """CUBA (Brette et al. 2007) from Python's own calls, as `spikesim cuba` builds it."""
    net = ss.Network(seed=seed)
    n_exc = neurons * 4 // 5
    exc = net.add_neurons("lif_exp", n_exc, name="exc", dale="excitatory", **CUBA_NEURON)
    inh = net.add_neurons("lif_exp", neurons - n_exc, name="inh", dale="inhibitory", **CUBA_NEURON)
    p = 80.0 / neurons
    for pre, w in ((exc, 1.62), (inh, -9.0)):
        for post in (exc, inh):
            net.connect(pre, post, ss.fixed_probability(p), weight=w, delay=0.1)
    return net, exc, inh


def cli_spikes(tmp_path, config_text, population):
    """Runs `spikesim run` on a config's text; the spike times and ids of `population`."""
    import subprocess

    import h5py
    path = tmp_path / "cli.toml"
    path.write_text(config_text)
    out = tmp_path / "cli.h5"
    subprocess.run([str(BINARY), "run", str(path), "-q", "-o", str(out)], check=True)
    with h5py.File(out) as f:
        return f[f"spikes/{population}/timestamps"][:], f[f"spikes/{population}/node_ids"][:]


@pytest.fixture
def cuba():
    return build_cuba()
