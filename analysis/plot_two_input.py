#!/usr/bin/python3
"""Figures of `spikesim two-input`: for each condition the input rasters, the membrane
trace with threshold and the output spikes; and a heat map over (N, tau_m) of how much the
response differs between `uniform` and `early_late`.

Usage: /usr/bin/python3 analysis/plot_two_input.py FILE.h5   (PNGs are written next to FILE.h5)
"""
import os
import sys

import h5py
from figures import plt, run, save
import numpy as np

CONDITIONS = ["uniform", "early_late", "synchronous", "poisson"]
TITLES = {"uniform": "uniform", "early_late": "early-late", "synchronous": "synchronous", "poisson": "Poisson (trial 0)",
          "custom": "your trains (custom)"}


def trains(f, pop, node=0):
    g = f["spikes"][pop]
    t, ids = g["timestamps"][:], g["node_ids"][:]
    return t[ids == node]


def plot_conditions(f, out):
    p = f["two_input"].attrs
    conditions = CONDITIONS + (["custom"] if "custom" in f["two_input"] else [])
    fig, axes = plt.subplots(2, len(conditions), figsize=(3.75 * len(conditions), 6), sharex=True,
                             gridspec_kw={"height_ratios": [1, 2.2]})
    for col, c in enumerate(conditions):
        a, b, o = trains(f, c + "_input_a"), trains(f, c + "_input_b"), trains(f, c + "_output")
        ax = axes[0, col]
        ax.eventplot([a, b, o], lineoffsets=[2, 1, 0], linelengths=0.8, colors=["tab:blue", "tab:orange", "black"])
        ax.set_yticks([2, 1, 0], ["input A", "input B", "output"])
        ax.set_title(f"{TITLES[c]}\nA: {len(a)} spikes, B: {len(b)}, output: {len(o)}", fontsize=10)
        ax.set_ylim(-0.6, 2.6)
        ax = axes[1, col]
        rep = f["report"][c + "_output"]
        t0, t1, dt = rep["mapping/time"][:]
        v = rep["data"][:, 0]
        t = t0 + dt * np.arange(len(v))
        ax.plot(t, v, color="tab:green", lw=1)
        ax.axhline(p["v_th"], color="tab:red", ls="--", lw=1, label="threshold")
        ax.axhline(p["e_l"], color="grey", ls=":", lw=1, label="rest")
        for s in o:
            ax.axvline(s, color="black", lw=0.8, alpha=0.6)
        ax.set_xlabel("time (ms)")
        if col == 0:
            ax.set_ylabel("membrane potential (mV)")
            ax.legend(loc="lower right", fontsize=8)
        ax.set_ylim(p["e_l"] - 2, p["v_th"] + 0.35 * (p["v_th"] - p["e_l"]))
    fig.suptitle(f"Two inputs, {p['spikes_per_input']} spikes each in {p['window']:g} ms (equal rates): "
                 f"LIF tau_m = {p['tau_m']:g} ms, {p['weight']:g} mV per input spike, threshold "
                 f"{p['v_th'] - p['e_l']:g} mV above rest (vertical lines: output spikes)", fontsize=11)
    fig.tight_layout()
    save(fig, out)


def plot_sweep(f, out):
    g = f["two_input/sweep"]
    n, tau, eff = g["spikes"][:], g["tau_m"][:], g["effect"][:].reshape(len(g["tau_m"]), len(g["spikes"]))
    fig, ax = plt.subplots(figsize=(8, 4.8))
    cmap = plt.get_cmap("viridis").copy()
    cmap.set_bad("lightgrey")
    im = ax.imshow(np.ma.masked_invalid(eff), origin="lower", aspect="auto", cmap=cmap, vmin=0, vmax=1)
    ax.set_xticks(range(len(n)), [f"{x:g}" for x in n])
    ax.set_yticks(range(len(tau)), [f"{x:g}" for x in tau])
    ax.set_xlabel("N, spikes per input in the window")
    ax.set_ylabel("membrane time constant tau_m (ms)")
    for i in range(len(tau)):
        for j in range(len(n)):
            if np.isfinite(eff[i, j]):
                ax.text(j, i, f"{eff[i, j]:.2f}", ha="center", va="center", fontsize=7,
                        color="white" if eff[i, j] < 0.6 else "black")
    fig.colorbar(im, ax=ax, label="|n_early-late - n_uniform| / (n_early-late + n_uniform)")
    ax.set_title("Timing effect: 1 = output decided by timing, 0 = by rate; grey = no output spikes", fontsize=10)
    fig.tight_layout()
    save(fig, out)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    path = sys.argv[1]
    stem = os.path.splitext(path)[0]
    with h5py.File(path, "r") as f:
        plot_conditions(f, stem + "_conditions.png")
        if "sweep" in f["two_input"]:
            plot_sweep(f, stem + "_sweep.png")


if __name__ == "__main__":
    run(main)
