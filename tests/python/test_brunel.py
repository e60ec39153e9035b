"""spikesim.experiments.brunel and brunel_network: the command's experiment from Python."""
import numpy as np
import pytest
import spikesim as ss


def test_brunel_small_sweep_gives_grid_and_examples():
    r = ss.experiments.brunel(g=[3.0, 6.0], eta=[2.0], n_exc=400, indegree=100, duration=300.0,
                              examples=False)
    assert r.rate_hz.shape == (2, 1) and len(r.regime) == 2 and len(r.regime[0]) == 1
    assert r.regime[0][0] == "SR"  # excitation dominates at g = 3
    assert r.rate_hz[0, 0] > 3 * r.rate_hz[1, 0]
    assert r.nu_thr_hz == pytest.approx(20.0 / (1.0 * 100 * 20.0) * 1000)  # J = 100 mV / C_E


def test_brunel_network_is_a_network_to_run():
    net = ss.experiments.brunel_network(n_exc=200, indegree=50, g=5.0, eta=2.0)
    sim = ss.Simulation(net)
    exc = sim.record_spikes(net.population("exc"))
    sim.run(100.0)
    assert len(exc.times) > 0 and np.all(np.diff(exc.times) >= 0)


@pytest.mark.parametrize("options, key", [
    (dict(g=[-1.0]), "g"),
    (dict(eta=[]), "eta"),
    (dict(indegree=10000), "indegree"),
    (dict(duration=100.0), "duration"),
    (dict(j="x"), "j"),
    (dict(colour=1), "colour"),
])
def test_brunel_bad_options_name_the_keyword(options, key):
    with pytest.raises(ss.InputError) as e:
        ss.experiments.brunel(**options)
    assert e.value.key == key and e.value.source == "experiments.brunel"
