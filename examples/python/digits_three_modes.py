#!/usr/bin/python3
"""Your own network in three modes: an MLP trained here in NumPy on the 8x8 digits, then run
by spikesim as deep-learning neurons (ann), as spiking neurons with rate coding and as
spiking neurons with time-to-first-spike coding (ttfs).

    /usr/bin/python3 examples/python/digits_three_modes.py [--hidden 32] [--epochs 60]
"""
import argparse
import time

import numpy as np
import spikesim as ss


def train_mlp(x, y, hidden=32, epochs=60, seed=1, learning_rate=0.1, batch=32):
    """A 64-hidden-10 ReLU network trained by mini-batch SGD with momentum on softmax
    cross-entropy. Returns its layers as spikesim.convert takes them: [(W, b, activation)]."""
    rng = np.random.default_rng(seed)
    widths = [x.shape[1], hidden, int(y.max()) + 1]
    w = [rng.normal(0, np.sqrt(2.0 / n_in), (n_out, n_in)) for n_in, n_out in zip(widths, widths[1:])]
    b = [np.zeros(n_out) for n_out in widths[1:]]
    velocity = [np.zeros_like(p) for p in w + b]
    onehot = np.eye(widths[-1])[y]
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for start in range(0, len(x), batch):
            idx = order[start:start + batch]
            h_in = x[idx] @ w[0].T + b[0]
            h = np.maximum(h_in, 0)
            z = h @ w[1].T + b[1]
            p = np.exp(z - z.max(axis=1, keepdims=True))
            p /= p.sum(axis=1, keepdims=True)
            dz = (p - onehot[idx]) / len(idx)
            dh = (dz @ w[1]) * (h_in > 0)
            grads = [dh.T @ x[idx], dz.T @ h, dh.sum(0), dz.sum(0)]
            for k, (param, g) in enumerate(zip(w + b, grads)):
                velocity[k] = 0.9 * velocity[k] - learning_rate * g
                param += velocity[k]
    return [(w[0], b[0], "relu"), (w[1], b[1], "linear")]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hidden", type=int, default=32, help="hidden units (default 32)")
    ap.add_argument("--epochs", type=int, default=60, help="training epochs (default 60)")
    a = ap.parse_args()
    x_train, y_train, x_test, y_test = ss.digits()
    start = time.time()
    layers = train_mlp(x_train, y_train, a.hidden, a.epochs)
    print(f"trained a 64-{a.hidden}-10 MLP in NumPy in {time.time() - start:.1f} s")
    ann = ss.convert(layers, mode="ann").run(x_test)
    print(f"{'mode':6} {'accuracy':>8} {'agrees':>7} {'synops/sample':>14} {'latency ms':>10}")
    for mode in ("ann", "rate", "ttfs"):
        r = ss.convert(layers, mode=mode, calibration=x_train).run(x_test)
        latency = np.nanmean(r.first_spike_ms) if mode != "ann" else float("nan")
        print(f"{mode:6} {r.accuracy(y_test):8.3f} {r.agreement(ann):7.3f} "
              f"{r.synops.mean():14.0f} {latency:10.2f}")


if __name__ == "__main__":
    main()
