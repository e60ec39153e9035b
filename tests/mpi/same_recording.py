#!/usr/bin/env python3
"""Exits 0 when two spikesim SONATA files record the same run (or, written by --write-edges,
the same network), bit for bit: every dataset (spikes, membrane reports, edges) with its
dtype, shape and bytes, and every attribute, except the
root's that describe how and when the run was done (command line, threads, processes,
wall time, start and end).
Usage: same_recording.py [--results] REFERENCE.h5 OTHER.h5
A file with neither spikes nor edges counts as nothing to compare, unless --results says it
holds an experiment's results (tables of accuracies and counts)."""
import sys

import h5py
import numpy as np

HOW_RUN = {"command_line", "threads", "processes", "wall_seconds", "start_time", "end_time"}


def contents(path):
    items = {}
    with h5py.File(path, "r") as f:
        for name, value in f.attrs.items():
            if name not in HOW_RUN:
                items["/@" + name] = np.asarray(value)

        def visit(name, obj):
            for attr, value in obj.attrs.items():
                items[f"/{name}@{attr}"] = np.asarray(value)
            if isinstance(obj, h5py.Dataset):
                items["/" + name] = obj[()]

        f.visititems(visit)
    return items


def same(a, b):
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    if a.dtype.kind in "fc":  # bits, so that -0 and NaN count as themselves
        return a.tobytes() == b.tobytes()
    return np.array_equal(a, b)


def main():
    args = sys.argv[1:]
    results = "--results" in args
    args = [a for a in args if a != "--results"]
    sys.argv[1:] = args
    reference, other = contents(sys.argv[1]), contents(sys.argv[2])
    problems = [f"only in {sys.argv[1]}: {k}" for k in sorted(reference.keys() - other.keys())]
    problems += [f"only in {sys.argv[2]}: {k}" for k in sorted(other.keys() - reference.keys())]
    problems += [f"differs: {k}" for k in sorted(reference.keys() & other.keys())
                 if not same(reference[k], other[k])]
    spikes = sum(len(v) for k, v in reference.items() if k.endswith("/timestamps"))
    edges = sum(len(v) for k, v in reference.items() if k.endswith("/source_node_id"))
    datasets = sum(1 for k in reference if "@" not in k)
    if spikes + edges == 0 and not (results and datasets > 0):
        problems.append(f"{sys.argv[1]} records no spike and no edge: nothing to compare")
    for p in problems:
        print(p)
    if not problems:
        print(f"same: {datasets} datasets and {len(reference) - datasets} attributes, "
              f"{spikes} spikes, {edges} edges")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
