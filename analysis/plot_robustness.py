#!/usr/bin/python3
"""Figure of `spikesim coding --perturb` and `spikesim kv --perturb`: accuracy (recall, and
the cosine with the unperturbed ANN's output, for the key-value block) against the strength
of each perturbation of the substrate (spike-time jitter, synaptic failure, weight
precision, membrane noise) for the ANN under the matching perturbation, rate coding read after several
windows, and ttfs.

Usage: /usr/bin/python3 analysis/plot_robustness.py FILE.h5   (PNGs are written next to FILE.h5)
"""
import os
import sys

import h5py
from figures import plt, run, save
import numpy as np

TITLES = {"jitter": ("Spike-time jitter", "sd of each delivery's arrival time (ms)"),
          "failure": ("Synaptic failure", "probability a delivery is dropped"),
          "weight_bits": ("Weight precision", "bits per weight"),
          "membrane": ("Membrane noise", "white-noise amplitude (threshold / sqrt(ms))")}


def plot_kind(ax, g, windows, kind, measure):
    strength = g["strength"][:]
    x = np.arange(len(strength)) if kind == "weight_bits" else strength
    ax.plot(x, 100 * g[f"ann_{measure}"][:], "s--", color="black", label="ann (matching)")
    rate = g[f"rate_{measure}"][:]
    blues = plt.cm.Blues(np.linspace(0.4, 0.95, len(windows)))
    for k, w in enumerate(windows):
        ax.plot(x, 100 * rate[k], "o-", color=blues[k], label=f"rate, {w:g} ms")
    ax.plot(x, 100 * g[f"ttfs_{measure}"][:], "^-", color="tab:red", label="ttfs")
    if kind == "weight_bits":
        ax.set_xticks(x, ["full" if s == 0 else f"{s:g}" for s in strength])
    title, xlabel = TITLES.get(kind, (kind, kind))
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(f"{measure} (%)")
    ax.set_ylim(0, 100)
    ax.grid(alpha=0.3)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    path = sys.argv[1]
    with h5py.File(path, "r") as f:
        g = f["robustness"]
        measure = g.attrs.get("measure", "accuracy")
        measure = measure.decode() if isinstance(measure, bytes) else measure
        windows = g["rate_windows_ms"][:]
        kinds = [k for k in ("jitter", "failure", "weight_bits", "membrane") if k in g]
        rows = [measure] + (["cosine"] if kinds and "ann_cosine" in g[kinds[0]] else [])
        fig, axes = plt.subplots(len(rows), len(kinds), figsize=(5.2 * len(kinds), 4.4 * len(rows)),
                                 squeeze=False)
        for row, m in zip(axes, rows):
            for ax, kind in zip(row, kinds):
                plot_kind(ax, g[kind], windows, kind, m)
        axes[0][0].legend(fontsize=8, loc="lower left")
        network = "the key-value block" if measure == "recall" else "the digits MLP"
        fig.suptitle(f"Robustness of the codes: {network} as ANN, rate and time-to-first-spike")
        fig.tight_layout()
        save(fig, os.path.splitext(path)[0] + "_robustness.png")


if __name__ == "__main__":
    run(main)
