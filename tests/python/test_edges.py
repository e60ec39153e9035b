"""Connectivity out and in: Network.write_edges / `run --write-edges` write SONATA edges
files, rule "file" (spikesim.from_file) reads them and .npz arrays back; the round trip
gives the same spikes."""
import subprocess

import h5py
import numpy as np
import pytest
import spikesim as ss
from conftest import BINARY


def populations(net):
    drive = net.add_source("poisson", 100, name="drive", rate=200.0)
    exc = net.add_neurons("lif_exp", 400, name="exc", dale="excitatory", e_l=-60.0, v_init=ss.uniform(-65, -55))
    inh = net.add_neurons("lif_exp", 100, name="inh", dale="inhibitory", e_l=-60.0)
    return drive, exc, inh


def run(net, exc):
    sim = ss.Simulation(net)
    r = sim.record_spikes(exc)
    sim.run(300.0)
    return r.times, r.node_ids


def test_written_edges_read_back_give_the_same_spikes(tmp_path):
    net = ss.Network(seed=7)
    drive, exc, inh = populations(net)
    net.connect(drive, exc, ss.fixed_indegree(10), weight=ss.normal(6.0, 1.0, low=0.0), delay=ss.uniform(0.5, 2.0))
    net.connect(exc, exc, ss.fixed_probability(0.05), weight=0.8, delay=1.0)
    net.connect(exc, inh, ss.fixed_total_number(2000), weight=1.0, delay=1.5)
    net.connect(inh, exc, ss.all_to_all(), weight=ss.normal(-2.0, 0.5, high=0.0, bounds="clip"), delay=0.8)
    net.connect(drive, inh, ss.fixed_outdegree(3), weight=ss.lognormal(0.5, 0.3, high=5.0, bounds="clip"), delay=0.8)
    path = tmp_path / "edges.h5"
    net.write_edges(str(path))
    with h5py.File(path) as f:
        assert set(f["edges"]) == set(net.projections)
        e = f["edges/exc->exc"]
        assert e["source_node_id"].attrs["node_population"] == "exc"
        assert e["target_node_id"].attrs["node_population"] == "exc"
        assert sum(len(f[f"edges/{p}/source_node_id"]) for p in f["edges"]) == net.synapse_count
        assert set(e["0"]) == {"syn_weight", "delay"} and e["edge_type_id"].shape == e["source_node_id"].shape

    copy = ss.Network(seed=7)
    d2, e2, i2 = populations(copy)
    by_name = {"drive": d2, "exc": e2, "inh": i2}
    for name in net.projections:
        pre, post = name.split("->")
        copy.connect(by_name[pre], by_name[post], ss.from_file(path, edges=name), name=name)
    assert copy.synapse_count == net.synapse_count
    a, b = run(net, exc), run(copy, e2)
    assert len(a[0]) > 100
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])


def test_npz_and_hdf5_arrays(tmp_path):
    pre, post = np.array([0, 1, 2]), np.array([2, 2, 0])
    np.savez(tmp_path / "syn.npz", pre=pre, post=post, weight=np.array([1.0, 2.0, 3.0]))
    with h5py.File(tmp_path / "syn.h5", "w") as f:
        f["pre"], f["post"], f["weight"], f["delay"] = pre, post, [1.0, 2.0, 3.0], [0.5, 1.0, 1.5]
    net = ss.Network()
    a = net.add_neurons("lif_exp", 3, name="a")
    net.connect(a, a, ss.from_file(tmp_path / "syn.npz"), delay=1.0, name="npz")
    net.connect(a, a, ss.from_file(tmp_path / "syn.h5"), name="h5")
    assert net.synapse_count == 6
    with pytest.raises(ss.InputError, match=r"delay: expected a number \(ms\): the file gives no delays"):
        net.connect(a, a, ss.from_file(tmp_path / "syn.npz"), name="no delay")


@pytest.mark.parametrize("arrays, fragment", [
    (dict(pre=[0, 1], post=[0], weight=[1.0, 1.0]), "post: expected 2 values (as pre), got 1 values"),
    (dict(pre=[0, 1], post=[0, 1]), "weight: expected arrays pre, post, weight (and optionally delay), got no array weight"),
    (dict(pre=[0, -1], post=[0, 1], weight=[1.0, 1.0]), "pre[1]: expected a neuron id"),
    (dict(pre=[0, 1.5], post=[0, 1], weight=[1.0, 1.0]), "pre[1]: expected a neuron id"),
    (dict(pre=[0, 1], post=[0, 1], weight=[1.0, np.nan]), "weight[1]: expected a finite number, got nan"),
    (dict(pre=[0, 1], post=[0, 1], weight=[1.0, 1.0], delay=[1.0, -1.0]), "delay[1]: expected a delay >= 0 (ms), got -1"),
    (dict(pre=[0, 7], post=[0, 1], weight=[1.0, 1.0]), "synapses[1].source: expected a neuron id below 3, got 7"),
])
def test_bad_synapse_files(tmp_path, arrays, fragment):
    path = tmp_path / "bad.npz"
    np.savez(path, **{k: np.asarray(v) for k, v in arrays.items()})
    net = ss.Network()
    a = net.add_neurons("lif_exp", 3, name="a")
    with pytest.raises(ss.InputError) as e:
        net.connect(a, a, ss.from_file(path), delay=1.0)
    assert fragment in str(e.value), str(e.value)
    assert net.projections == []


def test_sonata_file_with_several_populations_needs_edges(tmp_path):
    net = ss.Network()
    a = net.add_neurons("lif_exp", 3, name="a")
    net.connect(a, a, ss.one_to_one(), weight=1.0, delay=1.0, name="one")
    net.connect(a, a, ss.all_to_all(), weight=1.0, delay=1.0, name="two")
    net.write_edges(str(tmp_path / "e.h5"))
    copy = ss.Network()
    b = copy.add_neurons("lif_exp", 3, name="a")
    with pytest.raises(ss.InputError, match=r"/edges: expected one edge population, or `edges` naming one of: one, two"):
        copy.connect(b, b, ss.from_file(tmp_path / "e.h5"))
    with pytest.raises(ss.InputError, match=r"/edges/three: expected an edge population of the file"):
        copy.connect(b, b, ss.from_file(tmp_path / "e.h5", edges="three"))


def test_run_write_edges_from_the_command_line(tmp_path):
    edges, out = tmp_path / "cuba_edges.h5", tmp_path / "cuba.h5"
    r = subprocess.run([str(BINARY), "cuba", "--neurons", "1000", "--duration", "10", "-q",
                        "--out", str(out), "--write-edges", str(edges)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    with h5py.File(edges) as f:
        assert set(f["edges"]) == {"exc->exc", "exc->inh", "inh->exc", "inh->inh"}
        w = f["edges/inh->exc/0/syn_weight"][:]
        assert (w == -9.0).all() and (f["edges/exc->exc/0/delay"][:] == 0.1).all()
    same = subprocess.run([str(BINARY), "cuba", "--neurons", "1000", "--duration", "10", "-q",
                           "--out", str(out), "--write-edges", str(out)], capture_output=True, text=True)
    assert same.returncode == 2 and "--write-edges" in same.stderr
    missing = subprocess.run([str(BINARY), "cuba", "--neurons", "1000", "-q",
                              "--write-edges", str(tmp_path / "no" / "e.h5")], capture_output=True, text=True)
    assert missing.returncode == 2 and "--write-edges" in missing.stderr
    assert not (tmp_path / "no").exists()
