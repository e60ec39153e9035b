#!/usr/bin/python3
"""Figures of `spikesim kv`: recall against query noise and against the number of stored
pairs for each mode, and the key activations of the spiking modes against the ANN's.

Usage: /usr/bin/python3 analysis/plot_kv.py FILE.h5   (PNGs are written next to FILE.h5)
"""
import os
import sys

import h5py
from figures import plt, run, save
import numpy as np

COLORS = {"ann": "black", "rate": "tab:blue", "ttfs": "tab:red"}


def plot_recall(f, out):
    g = f["sweep"]
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
    for key, ax, xlabel in (("noise", axes[0], "query noise (norm; keys have norm 1)"),
                            ("memories", axes[1], "stored key-value pairs M")):
        x = g[key][:]
        for mode in ("ann", "rate", "ttfs"):
            name = f"recall_vs_{key}_{mode}"
            if name in g:
                ax.plot(x, 100 * g[name][:], "o-" if mode != "ann" else "s--", color=COLORS[mode], label=mode,
                        alpha=0.85)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("recall (%)")
        ax.set_ylim(0, 102)
        ax.grid(alpha=0.3)
        ax.legend()
    axes[0].set_title("Recall as queries get noisier")
    axes[1].set_title("Recall as more pairs share the block")
    fig.tight_layout()
    save(fig, out)


def plot_keys(f, out):
    res = f["results"]
    ann = res["ann/key_activations"][:]
    modes = [m for m in ("rate", "ttfs") if m in res and "key_activations" in res[m]]
    fig, axes = plt.subplots(1, len(modes), figsize=(5.5 * len(modes), 5), squeeze=False)
    for ax, mode in zip(axes[0], modes):
        spk = res[mode]["key_activations"][:]
        ax.scatter(ann.ravel(), spk.ravel(), s=6, alpha=0.5, color=COLORS[mode])
        top = max(ann.max(), spk.max()) * 1.05
        ax.plot([0, top], [0, top], "k:", lw=1, label="equal")
        ax.set_xlabel("ANN key activation relu(W_up x + b)")
        ax.set_ylabel(f"{mode}: decoded key activation")
        r = res[mode].attrs["key_correlation"]
        ax.set_title(f"{mode}: key units of {ann.shape[0]} queries (r = {r:.3f})")
        ax.legend(loc="upper left")
        ax.grid(alpha=0.3)
    fig.tight_layout()
    save(fig, out)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    path = sys.argv[1]
    stem = os.path.splitext(path)[0]
    with h5py.File(path, "r") as f:
        if "sweep" in f:
            plot_recall(f, stem + "_recall.png")
        if "results" in f and "key_activations" in f["results/ann"]:
            plot_keys(f, stem + "_keys.png")


if __name__ == "__main__":
    run(main)
