#!/usr/bin/python3
"""Figures of `spikesim coding`: accuracy vs simulation time and vs synaptic operations for
the three modes, and the spike rasters of one test sample in `rate` and `ttfs`.

Usage: /usr/bin/python3 analysis/plot_coding.py FILE.h5   (PNGs are written next to FILE.h5)
"""
import os
import sys

import h5py
from figures import plt, run, save
import numpy as np

COLORS = {"rate": "tab:blue", "rate_dale": "tab:cyan", "ttfs": "tab:red", "ttfs_dale": "tab:orange"}


def plot_accuracy(f, out):
    res = f["results"]
    ann = 100 * res["ann"].attrs["accuracy"]
    macs = res.attrs["macs"]
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(13, 4.8))
    for name, g in res.items():
        if "times_ms" not in g:
            continue
        t, acc, ops = g["times_ms"][:], 100 * g["accuracy_at"][:], g["synops_at"][:]
        style = "--" if name.endswith("_dale") else "-"
        label = name.replace("_dale", " (Dale, E/I split)")
        a1.plot(t, acc, style, marker="o", ms=3, color=COLORS.get(name, "grey"), label=label)
        a2.plot(ops, acc, style, marker="o", ms=3, color=COLORS.get(name, "grey"), label=label)
    for ax in (a1, a2):
        ax.axhline(ann, color="black", lw=1, ls=":", label=f"ann ({ann:.2f} %)")
        ax.set_ylabel("test accuracy (%)")
        ax.set_ylim(0, 100)
        ax.grid(alpha=0.3)
    a2.plot([macs], [ann], "k*", ms=12, label=f"ann: {macs} MACs")
    a1.set_xlabel("simulation time (ms; ttfs: after the last hidden-layer phase)")
    a1.set_xscale("log")
    a2.set_xlabel("synaptic operations per sample (spikes x fan-out; ann: MACs)")
    a2.set_xscale("log")
    a1.legend(fontsize=8, loc="lower right")
    a2.legend(fontsize=8, loc="lower right")
    a1.set_title("Accuracy as the simulation runs")
    a2.set_title("Accuracy against the work done")
    fig.tight_layout()
    save(fig, out)


def plot_rasters(f, out):
    spikes = f["spikes"]
    modes = [m for m in ("rate", "ttfs") if any(k.startswith(m + "_sample0_") for k in spikes)]
    if not modes:
        return False
    fig, axes = plt.subplots(1, len(modes), figsize=(7 * len(modes), 5), squeeze=False)
    for ax, mode in zip(axes[0], modes):
        order = lambda k: (0 if k.endswith("input") or "_input_" in k else 2 if k.endswith("output") else 1, k)
        pops = sorted((k for k in spikes if k.startswith(mode + "_sample0_")), key=order)
        offset = 0
        ticks, labels = [], []
        for k, pop in enumerate(pops):
            g = spikes[pop]
            t, ids = g["timestamps"][:], g["node_ids"][:]
            n = int(ids.max()) + 1 if len(ids) else 1
            if pop.endswith("input"):
                n = 64
            elif pop.endswith("output"):
                n = 10
            ax.scatter(t, ids + offset, s=2 if mode == "rate" else 8, color=plt.cm.tab10(k % 10))
            ticks.append(offset + n / 2)
            labels.append(pop.replace(mode + "_sample0_", ""))
            offset += n + 4
        ax.set_yticks(ticks, labels)
        ax.set_xlabel("time (ms)")
        ax.set_title(f"{mode}: spikes of test sample 0 (one dot per spike)")
    fig.tight_layout()
    save(fig, out)
    return True


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    path = sys.argv[1]
    stem = os.path.splitext(path)[0]
    with h5py.File(path, "r") as f:
        plot_accuracy(f, stem + "_accuracy.png")
        plot_rasters(f, stem + "_rasters.png")


if __name__ == "__main__":
    run(main)
