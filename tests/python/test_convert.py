"""A user's own network in three modes (spikesim.convert), and its bad input."""
import pathlib
import sys

import numpy as np
import pytest
import spikesim as ss

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "examples" / "python"))
from digits_three_modes import train_mlp  # noqa: E402  the README's NumPy example


@pytest.fixture(scope="module")
def trained():
    x_train, y_train, x_test, y_test = ss.digits()
    layers = train_mlp(x_train, y_train, hidden=32, epochs=40)
    return layers, x_train, x_test, y_test


def test_the_digits_split_is_the_coding_experiments():
    x_train, y_train, x_test, y_test = ss.digits()
    assert x_train.shape == (1438, 64) and x_test.shape == (359, 64)
    assert x_train.min() >= 0 and x_train.max() <= 1 and set(y_test) == set(range(10))


def test_ann_mode_computes_the_layers(trained):
    layers, _, x_test, _ = trained
    (w0, b0, _), (w1, b1, _) = layers
    logits = np.maximum(x_test @ w0.T + b0, 0) @ w1.T + b1
    r = ss.convert(layers, mode="ann").run(x_test)
    np.testing.assert_allclose(r.outputs, logits, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(r.predictions, logits.argmax(1))
    assert (r.synops == 64 * 32 + 32 * 10).all()


def test_ttfs_agrees_with_the_ann_on_every_test_sample(trained):
    layers, x_train, x_test, y_test = trained
    ann = ss.convert(layers, mode="ann").run(x_test)
    assert ann.accuracy(y_test) > 0.9
    for dale in (False, True):
        r = ss.convert(layers, mode="ttfs", dale=dale, calibration=x_train).run(x_test, threads=2)
        assert r.agreement(ann) == 1.0, dale
        assert np.isfinite(r.first_spike_ms).all()


def test_rate_is_within_a_point_of_the_ann(trained):
    layers, x_train, x_test, y_test = trained
    ann = ss.convert(layers, mode="ann").run(x_test)
    r = ss.convert(layers, mode="rate", calibration=x_train).run(x_test)
    assert abs(r.accuracy(y_test) - ann.accuracy(y_test)) <= 0.01
    assert (r.outputs.sum(1) > 0).all() and (r.spikes > 0).all()


def test_results_do_not_depend_on_threads(trained):
    layers, x_train, x_test, _ = trained
    snn = ss.convert(layers, mode="rate", calibration=x_train, duration=50.0)
    one, two = snn.run(x_test[:40], threads=1), snn.run(x_test[:40], threads=2)
    for k in ("predictions", "outputs", "spikes", "synops"):
        np.testing.assert_array_equal(getattr(one, k), getattr(two, k))


def test_layers_from_a_state_dict():
    rng = np.random.default_rng(0)
    sd = {"0.weight": rng.normal(size=(8, 64)), "0.bias": np.zeros(8),
          "2.weight": rng.normal(size=(10, 8)), "2.bias": np.zeros(10)}
    layers = ss.layers_from_state_dict(sd)
    assert [l[2] for l in layers] == ["relu", "linear"] and layers[1][0].shape == (10, 8)
    with pytest.raises(ss.InputError, match=r"state_dict: 1.running_mean: expected an entry <index>.weight"):
        ss.layers_from_state_dict({**sd, "1.running_mean": np.zeros(8)})
    with pytest.raises(ss.InputError, match=r"0.weight: expected a 2-D array"):
        ss.layers_from_state_dict({**sd, "0.weight": np.zeros((8, 1, 3, 3))})
    with pytest.raises(ss.InputError, match=r"2.bias: expected a Linear layer's weight and bias"):
        ss.layers_from_state_dict({k: v for k, v in sd.items() if k != "2.bias"})


@pytest.mark.parametrize("layers, kwargs, fragment", [
    ([], {}, "convert: layers: expected a non-empty list of (W, b, activation) tuples"),
    ([(np.ones((3, 4)), np.zeros(3))], {}, "layers[0]: expected a tuple (W, b, activation)"),
    ([(np.ones(4), np.zeros(3), "relu")], {}, "layers[0][0] (W): expected a 2-D array of numbers"),
    ([(np.ones((3, 4)), np.zeros(2), "linear")], {}, "layers[0][1] (b): expected 3 biases (W's rows), got 2"),
    ([(np.ones((3, 4)), np.zeros(3), "relu"), (np.ones((2, 5)), np.zeros(2), None)], {}, "layers[1][0] (W): expected 3 columns (layer 0's outputs), got 5 columns"),
    ([(np.full((3, 4), np.nan), np.zeros(3), "relu")], {}, "layers[0][0] (W): expected finite numbers, got nan at index 0, 0"),
    ([(np.ones((3, 4)), np.zeros(3), "swish"), (np.ones((2, 3)), np.zeros(2), None)], {}, "one of relu, sigmoid, tanh"),
    ([(np.ones((3, 4)), np.zeros(3), "tanh"), (np.ones((2, 3)), np.zeros(2), None)], {"mode": "ttfs"}, "layers[0][2] (activation): expected relu (spiking neurons compute ReLU networks"),
    ([(np.ones((3, 4)), np.zeros(3), "relu")], {"mode": "rate"}, "calibration: expected inputs that set each layer's activation scale"),
    ([(np.ones((3, 4)), np.zeros(3), "relu")], {"mode": "spiky"}, "mode: expected one of ann, rate, ttfs, got \"spiky\""),
    ([(np.ones((3, 4)), np.zeros(3), "relu")], {"mode": "rate", "calibration": np.ones((5, 3))}, "calibration: expected 4 columns (the first layer's inputs), got 3 columns"),
    ([(np.ones((3, 4)), np.zeros(3), "relu")], {"mode": "rate", "calibration": np.full((5, 4), 2.0)}, "calibration: expected values in [0, 1]"),
    ([(np.ones((3, 4)), np.zeros(3), "relu")], {"mode": "rate", "calibration": np.ones((5, 4)), "phase": -1.0}, "convert: phase: expected a number > 0 (ms), got -1"),
    ([(np.ones((3, 4)), np.zeros(3), "relu")], {"mode": "rate", "calibration": np.ones((5, 4)), "tau": 1.0}, "convert: tau: expected one of the keywords normalisation"),
    ([(np.ones((3, 4)), np.zeros(3), "relu")], {"mode": "rate", "calibration": np.ones((5, 4)), "encoding": "morse"}, "encoding: expected one of poisson, regular, current"),
])
def test_bad_networks_and_options(layers, kwargs, fragment):
    with pytest.raises(ss.InputError) as e:
        ss.convert(layers, **kwargs)
    assert fragment in str(e.value), str(e.value)


def test_bad_inputs_to_run():
    snn = ss.convert([(np.ones((3, 4)), np.zeros(3), "relu")], mode="rate", calibration=np.ones((5, 4)) / 2)
    with pytest.raises(ss.InputError, match=r"x: expected 4 columns"):
        snn.run(np.ones((2, 5)))
    with pytest.raises(ss.InputError, match=r"x: expected a 2-D array, samples x 4 inputs"):
        snn.run(np.ones(4))
    with pytest.raises(ss.InputError, match=r"x: expected finite numbers, got nan at index 1, 2"):
        snn.run(np.array([[0.0] * 4, [0, 0, np.nan, 0]]))


def test_convert_takes_a_noisy_substrate():
    rng = np.random.default_rng(0)
    layers = [(rng.normal(size=(8, 4)), np.zeros(8), "relu"), (rng.normal(size=(3, 8)), np.zeros(3), None)]
    x = rng.uniform(size=(6, 4))
    clean = ss.convert(layers, mode="ttfs", calibration=x).run(x)
    dropped = ss.convert(layers, mode="ttfs", calibration=x, failure=0.5).run(x)
    assert dropped.synops.sum() < clean.synops.sum()
    with pytest.raises(ss.InputError) as e:
        ss.convert(layers, mode="ttfs", calibration=x, failure=1.0)
    assert e.value.key == "failure"
    with pytest.raises(ss.InputError) as e:
        ss.convert(layers, mode="ttfs", calibration=x, weight_bits=1)
    assert e.value.key == "weight_bits"


def test_membrane_noise_moves_ttfs_spike_times_reproducibly():
    rng = np.random.default_rng(0)
    layers = [(rng.normal(size=(8, 4)), np.zeros(8), "relu"), (rng.normal(size=(3, 8)), np.zeros(3), None)]
    x = rng.uniform(size=(6, 4))
    clean = ss.convert(layers, mode="ttfs", calibration=x).run(x)
    noisy = ss.convert(layers, mode="ttfs", calibration=x, membrane_sigma=0.1)
    a, b = noisy.run(x), noisy.run(x, threads=1)
    assert not np.array_equal(a.first_spike_ms, clean.first_spike_ms)
    np.testing.assert_array_equal(a.outputs, b.outputs)  # seeded, whatever the threads
    with pytest.raises(ss.InputError) as e:
        ss.convert(layers, mode="ttfs", calibration=x, membrane_sigma=-0.1)
    assert e.value.key == "membrane_sigma"
