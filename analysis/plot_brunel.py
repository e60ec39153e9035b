#!/usr/bin/python3
"""Figure of `spikesim brunel`, after Brunel (2000), Fig. 2: the (g, eta) plane coloured by
the regime each point settles in, Brunel's example points A-D marked, and for each example
the spikes of 100 excitatory neurons over the last 150 ms with the population rate below.

Usage: /usr/bin/python3 analysis/plot_brunel.py FILE.h5   (PNGs are written next to FILE.h5)
"""
import os
import sys

import h5py
from figures import plt, run, save
import numpy as np

COLORS = {"SR": "tab:red", "AI": "tab:green", "SI fast": "tab:purple", "SI slow": "tab:blue",
          "AR": "tab:orange", "Q": "lightgray"}
SHOWN_MS = 150.0


def plot_plane(ax, res):
    names = res.attrs["regime_names"]
    names = (names.decode() if isinstance(names, bytes) else names).split(",")
    g, eta, regime = res["g"][:], res["eta"][:], res["regime"][:]
    rate = res["rate_hz"][:]
    shown = {names[int(r)] for r in regime.ravel()}
    xs, ys = list(g), list(eta)
    for i, gi in enumerate(g):
        for j, ej in enumerate(eta):
            name = names[int(regime[i, j])]
            ax.scatter(gi, ej, s=420, marker="s", color=COLORS.get(name, "black"), alpha=0.75)
            ax.annotate(f"{rate[i, j]:.0f}", (gi, ej), ha="center", va="center", fontsize=7)
    if "examples" in res:
        for name, e in res["examples"].items():
            gi, ej = e.attrs["g"], e.attrs["eta"]
            xs.append(gi)
            ys.append(ej)
            regime = e.attrs["regime"]
            shown.add(regime.decode() if isinstance(regime, bytes) else regime)
            ax.scatter(gi, ej, s=120, marker="o", facecolor="white", edgecolor="black", zorder=3)
            ax.annotate(name, (gi, ej), xytext=(6, 6), textcoords="offset points", weight="bold")
    for name in names:
        if name in shown:
            ax.scatter([], [], s=120, marker="s", color=COLORS[name], alpha=0.75, label=name)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.07), ncol=6, fontsize=8)
    ax.set_xlabel("relative inhibition g")
    ax.set_ylabel("external drive $\\nu_{ext} / \\nu_{thr}$")
    ax.set_title("Regimes (numbers: mean rate, Hz)")
    ax.set_xlim(min(xs) - 0.7, max(xs) + 0.7)
    ax.set_ylim(min(ys) - 0.4, max(ys) + 0.4)


def plot_example(ax_raster, ax_rate, f, name, duration, transient):
    e = f["results/examples"][name]
    spikes = f["spikes"][f"example_{name}_exc"]
    t, ids = spikes["timestamps"][:], spikes["node_ids"][:]
    t0 = duration - SHOWN_MS
    keep = t >= t0
    ax_raster.scatter(t[keep], ids[keep], s=1.5, color="black")
    regime = e.attrs["regime"]
    regime = regime.decode() if isinstance(regime, bytes) else regime
    ax_raster.set_title(f"{name}: g = {e.attrs['g']:g}, $\\eta$ = {e.attrs['eta']:g} - {regime}, "
                        f"{e.attrs['rate_hz']:.1f} Hz, CV {e.attrs['mean_cv']:.2f}", fontsize=9,
                        color=COLORS.get(regime, "black"))
    ax_raster.set_ylabel("neuron")
    ax_raster.set_xticks([])
    rate = e["population_rate_hz"][:]
    times = transient + np.arange(len(rate)) + 0.5
    keep = times >= t0
    ax_rate.plot(times[keep], rate[keep], color=COLORS.get(regime, "black"), lw=0.8)
    ax_rate.set_ylabel("Hz")
    ax_rate.set_xlim(t0, duration)
    ax_raster.set_xlim(t0, duration)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    path = sys.argv[1]
    stem = os.path.splitext(path)[0]
    with h5py.File(path, "r") as f:
        res = f["results"]
        examples = sorted(res["examples"].keys()) if "examples" in res else []
        fig = plt.figure(figsize=(15, 2.2 * max(len(examples), 2) + 0.8))
        grid = fig.add_gridspec(max(2 * len(examples), 1), 2, width_ratios=[1, 1.5],
                                height_ratios=[3, 1] * len(examples) if examples else [1])
        plot_plane(fig.add_subplot(grid[:, 0]), res)
        duration, transient = res.attrs["duration_ms"], res.attrs["transient_ms"]
        for k, name in enumerate(examples):
            ax_raster = fig.add_subplot(grid[2 * k, 1])
            ax_rate = fig.add_subplot(grid[2 * k + 1, 1])
            plot_example(ax_raster, ax_rate, f, name, duration, transient)
        if examples:
            ax_rate.set_xlabel("time (ms)")
        fig.suptitle(f"Brunel (2000) network: N_E = {res.attrs['n_exc']}, C_E = "
                     f"{res.attrs['indegree']}, J = {res.attrs['j_mv']:g} mV, D = "
                     f"{res.attrs['delay_ms']:g} ms")
        fig.tight_layout()
        save(fig, stem + "_regimes.png")


if __name__ == "__main__":
    run(main)
