#!/usr/bin/python3
"""Figures of any spikesim (SONATA) file: raster and population rates, rate and ISI
histograms, membrane traces where recorded.

Usage: /usr/bin/python3 analysis/plot_file.py FILE.h5 [OUT_DIR]
Writes <name>_raster.png, <name>_histograms.png and, with reports, <name>_membrane.png.
"""
import os
import sys
import warnings

import h5py
from figures import plt, run, save
import numpy as np

MAX_ROWS = 100  # neurons shown per population in the raster
warnings.filterwarnings("ignore", message="Tight layout not applied")  # tall rasters: harmless


def read(f):
    """The populations as (name, times, ids, n_nodes, their own simulated_ms), and the
    file's duration (its simulated_ms, else the last spike)."""
    pops = []
    for name, g in f["spikes"].items():
        t, ids = g["timestamps"][:], g["node_ids"][:]
        n = int(g.attrs["n_nodes"]) if "n_nodes" in g.attrs else (int(ids.max()) + 1 if len(ids) else 0)
        pops.append([name, t, ids, n, float(g.attrs.get("simulated_ms", 0.0))])
    duration = float(f.attrs["simulated_ms"]) if "simulated_ms" in f.attrs else max(
        [p[1].max() for p in pops if len(p[1])] + [1.0])
    for p in pops:
        p[4] = p[4] or duration
    return [tuple(p) for p in pops], duration


MAX_LEGEND = 8  # histogram curves with a legend entry: the populations with most spikes


MAX_RATE_CURVES = 6  # population rates drawn: the largest populations


def raster(pops, duration, out, title):
    # Many small populations (experiments store one per condition or sample) need height.
    height = min(30.0, max(7.0, 3.0 + 0.32 * len(pops)))
    fig, (ax, ar) = plt.subplots(2, 1, figsize=(12, height), sharex=True,
                                 gridspec_kw={"height_ratios": [3 * height / 7, 1.3]})
    rate_pops = {p[0] for p in sorted(pops, key=lambda p: -p[3])[:MAX_RATE_CURVES] if p[3] >= 10}
    offset, ticks, labels = 0, [], []
    colors = plt.cm.tab10.colors
    nice = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
    bin_ms = next((b for b in nice if b >= duration / 200.0), nice[-1])
    edges = np.arange(0.0, duration + bin_ms, bin_ms)
    for k, (name, t, ids, n, _) in enumerate(pops):
        c = colors[k % len(colors)]
        shown = min(n, MAX_ROWS)
        keep = ids < shown
        ax.scatter(t[keep], ids[keep] + offset, s=1.5, color=c, rasterized=True)
        ticks.append(offset + shown / 2)
        labels.append(f"{name}\n({shown} of {n})" if shown < n else name)
        offset += max(shown, 6) + max(2, shown // 20)  # room for the label of a small population
        if name in rate_pops and len(t):  # a population rate of a few neurons says little
            counts, _ = np.histogram(t, bins=edges)
            ar.plot(edges[:-1] + bin_ms / 2, counts / (n * bin_ms / 1000.0), color=c, lw=1, label=name)
    ax.set_yticks(ticks, labels, fontsize=8)
    ax.set_title(title)
    ax.set_xlim(0, duration)
    ar.set_xlabel("time (ms)")
    ar.set_ylabel(f"rate (Hz)\n{bin_ms:g} ms bins")
    if ar.get_legend_handles_labels()[0]:
        ar.legend(fontsize=7, ncol=2, loc="upper right", framealpha=0.8)
    else:
        ar.text(0.5, 0.5, "population rates are drawn for populations of 10 or more neurons", ha="center",
                va="center", transform=ar.transAxes, color="grey")
    fig.tight_layout()
    save(fig, out)


def histograms(pops, out):
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(12, 4.5))
    colors = plt.cm.tab10.colors
    # Files of experiments hold dozens of small populations: the busiest get colours and a
    # legend, the others are drawn in grey.
    busiest = [p[0] for p in sorted(pops, key=lambda p: -len(p[1]))[:MAX_LEGEND]]
    palette = [c for i, c in enumerate(colors) if i != 7]  # tab10's grey is for the others
    named = {name: palette[i % len(palette)] for i, name in enumerate(sorted(busiest))}
    for name, t, ids, n, duration in pops:
        if n == 0:
            continue
        c, label = (named[name], name) if name in named else ("0.75", None)
        rates = np.bincount(ids.astype(np.int64), minlength=n) / (duration / 1000.0)
        a1.hist(rates, bins=30, histtype="step", color=c, label=label)
        order = np.lexsort((t, ids))
        ts, si = t[order], ids[order]
        same = si[1:] == si[:-1]
        isi = np.diff(ts)[same]
        if len(isi):
            a2.hist(isi, bins=np.logspace(np.log10(max(isi.min(), 1e-3)), np.log10(isi.max() + 1e-9), 40),
                    histtype="step", color=c, label=label)
    a1.set_xlabel("firing rate (Hz)")
    a1.set_ylabel("neurons")
    a1.set_title("Rate histogram")
    a2.set_xscale("log")
    a2.set_xlabel("inter-spike interval (ms)")
    a2.set_ylabel("intervals")
    a2.set_title("ISI histogram")
    others = len(pops) - len(named)
    for a in (a1, a2):
        if a.get_legend_handles_labels()[0]:
            a.legend(fontsize=7, title=f"+{others} more in grey" if others > 0 else None,
                     title_fontsize=7)
    fig.tight_layout()
    save(fig, out)


def membrane(f, out):
    reports = list(f["report"].items())
    fig, axes = plt.subplots(len(reports), 1, figsize=(12, 3 * len(reports)), squeeze=False)
    for ax, (name, g) in zip(axes[:, 0], reports):
        t0, t1, dt = g["mapping/time"][:]
        data = g["data"]
        ids = g["mapping/node_ids"][:]
        t = t0 + dt * np.arange(data.shape[0])
        for col in range(min(5, data.shape[1])):
            ax.plot(t, data[:, col], lw=0.8, label=f"neuron {ids[col]}")
        ax.set_ylabel("membrane potential (mV)")
        ax.set_title(f"{name}: membrane potential")
        ax.legend(fontsize=7, loc="upper right")
    axes[-1, 0].set_xlabel("time (ms)")
    fig.tight_layout()
    save(fig, out)


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    path = sys.argv[1]
    out_dir = sys.argv[2] if len(sys.argv) == 3 else (os.path.dirname(path) or ".")
    stem = os.path.join(out_dir, os.path.splitext(os.path.basename(path))[0])
    with h5py.File(path, "r") as f:
        pops, duration = read(f)
        title = os.path.basename(path) + (f"  ({f.attrs['command_line']})" if "command_line" in f.attrs else "")
        raster(pops, duration, stem + "_raster.png", title)
        histograms(pops, stem + "_histograms.png")
        if "report" in f:
            membrane(f, stem + "_membrane.png")


if __name__ == "__main__":
    run(main)
