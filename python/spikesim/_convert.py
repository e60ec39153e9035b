"""Your own trained network as deep-learning neurons and as spiking neurons."""
import re

import numpy as np

from . import _spikesim


class ConversionResult:
    """What SpikingNetwork.run gives for a batch of n inputs, as NumPy arrays:

    predictions      (n,) int64: the class decided (-1: no decision, no output spike)
    outputs          (n, classes): ann, the logits; rate, each output neuron's spike count
                     (readout="membrane": its potential at the end); ttfs, each output
                     neuron's first spike time in ms (NaN: it did not fire)
    first_spike_ms   (n,): the first output spike, the decision's latency (NaN: none; ann)
    spikes           (n,) uint64: spikes of every neuron of the network (0 for ann)
    synops           (n,) uint64: synaptic operations (ann: multiply-accumulates)
    """

    def __init__(self, arrays):
        for k, v in arrays.items():
            setattr(self, k, v)

    def accuracy(self, labels):
        """The fraction of inputs whose prediction equals its label."""
        return float(np.mean(self.predictions == np.asarray(labels)))

    def agreement(self, other):
        """The fraction of inputs on which this result and `other` predict the same class."""
        return float(np.mean(self.predictions == other.predictions))

    def __repr__(self):
        return f"<ConversionResult of {len(self.predictions)} inputs>"


class SpikingNetwork:
    """A converted network (spikesim.convert). run(x) simulates each row of x as an
    independent network, in parallel; results do not depend on the thread count."""

    def __init__(self, handle):
        self._h = handle

    mode = property(lambda self: self._h.mode, doc="ann, rate or ttfs")
    dale = property(lambda self: self._h.dale, doc="excitatory and inhibitory copies of each unit")
    scales = property(lambda self: self._h.scales, doc="each layer's activation scale (input first)")

    def run(self, x, threads=None):
        """Runs a batch: x has one row per input, values in [0, 1]. Returns a
        ConversionResult."""
        return ConversionResult(self._h.run(x, threads))

    def __repr__(self):
        return f"<SpikingNetwork mode={self.mode} dale={self.dale}>"


def convert(layers, mode="rate", dale=False, calibration=None, **options):
    """A trained feed-forward network in one of three modes:

    layers       a list of (W, b, activation): W of shape outputs x inputs (as
                 torch.nn.Linear.weight), b of outputs, activation "relu", "linear" (or None),
                 or for mode="ann" any of sigmoid, tanh, softplus, gelu, silu
    mode         "ann" (rate neurons y = f(W x + b)), "rate" (integrate-and-fire neurons,
                 rate coding) or "ttfs" (one spike per neuron, time-to-first-spike coding)
    dale         each unit as an excitatory and an inhibitory copy (Dale's law)
    calibration  inputs whose activations set each layer's scale (the training set, say);
                 required for rate and ttfs
    options      normalisation ("percentile" or "max"), percentile (99.9), encoding
                 ("poisson", "regular", "current"), readout ("spikes", "membrane"),
                 max_rate (1.0 spike/ms), duration (200 ms, rate), phase (5 ms, ttfs),
                 delay (0.5 ms), seed (1): docs/coding.md explains each; and a noisy
                 substrate: jitter_ms (sd of every spike delivery's arrival time), failure
                 (probability a delivery is dropped), weight_bits (0: full precision, else
                 2-16), membrane_sigma (white-noise current into every unit, threshold per
                 sqrt(ms)): docs/robustness.md

    Returns a SpikingNetwork; .run(x) gives a ConversionResult.
    """
    return SpikingNetwork(_spikesim._make_converter(layers, mode, dale, calibration, options))


def layers_from_state_dict(state_dict):
    """The layers of a PyTorch nn.Sequential of Linear and ReLU layers from its state_dict()
    converted to NumPy ({k: v.numpy() for k, v in model.state_dict().items()}): ReLU after
    every Linear layer but the last, which is linear. Raises spikesim.InputError naming the
    first entry it cannot map (a convolution, a normalisation layer, a missing bias)."""
    linear = {}
    for key in state_dict:
        m = re.fullmatch(r"(?:.*\.)?(\d+)\.(weight|bias)", key)
        if not m:
            raise InputError_("state_dict", key, "an entry <index>.weight or <index>.bias of an "
                              "nn.Sequential of Linear and ReLU layers", "an entry it cannot map")
        value = np.asarray(state_dict[key])
        want = 2 if m.group(2) == "weight" else 1
        if value.ndim != want:
            raise InputError_("state_dict", key, f"a {want}-D array (a Linear layer's "
                              f"{m.group(2)})", f"an array of shape {value.shape}")
        linear.setdefault(int(m.group(1)), {})[m.group(2)] = value
    if not linear:
        raise InputError_("state_dict", "", "at least one Linear layer", "none")
    order = sorted(linear)
    layers = []
    for n, index in enumerate(order):
        entry = linear[index]
        if "weight" not in entry or "bias" not in entry:
            missing = "weight" if "weight" not in entry else "bias"
            raise InputError_("state_dict", f"{index}.{missing}", "a Linear layer's weight and "
                              "bias (nn.Linear(..., bias=True))", "nothing")
        layers.append((entry["weight"], entry["bias"], "relu" if n + 1 < len(order) else "linear"))
    return layers


def InputError_(source, key, expected, got):
    """An InputError worded as the C++ ones are: 'source: key: expected ..., got ...'."""
    e = _spikesim.InputError(f"{source}: {key}: expected {expected}, got {got}")
    e.source, e.key, e.expected, e.got, e.line = source, key, expected, got, None
    return e
