#!/usr/bin/python3
"""Soak run: CUBA with N = 4000 for a long stretch of network time (default 1000 s), every
spike recorded to HDF5, while the resident memory of the process is sampled every 0.5 s.
Memory must stay flat: spikes stream to the file (blocks of 65,536 on a writer thread),
nothing grows with the length of the run.

Usage: /usr/bin/python3 bench/soak.py [--seconds 1000] [--binary build/spikesim] [--out DIR]
Prints the resident memory at 10 %, 50 % and 100 % of the run and the least-squares trend
over the second half (MB per 100 s of network time); writes DIR/soak_memory.csv.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=1000.0, help="network time, s")
    ap.add_argument("--binary", default="build/spikesim")
    ap.add_argument("--out", default=tempfile.gettempdir())
    a = ap.parse_args()
    h5 = os.path.join(a.out, "soak.h5")
    cmd = [a.binary, "cuba", "--neurons", "4000", "--duration", str(a.seconds * 1000), "--threads", "1",
           "--out", h5, "-q"]
    start = time.time()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    samples = []  # (wall s, rss MB)
    while proc.poll() is None:
        try:
            samples.append((time.time() - start, rss_mb(proc.pid)))
        except OSError:
            break
        time.sleep(0.5)
    out = proc.communicate()[0]
    if proc.returncode != 0:
        sys.exit(f"soak: {' '.join(cmd)} exited with {proc.returncode}")
    wall = time.time() - start
    with open(os.path.join(a.out, "soak_memory.csv"), "w") as f:
        f.write("wall_s,network_s,rss_mb\n")
        for t, m in samples:
            f.write(f"{t:.2f},{t / wall * a.seconds:.1f},{m:.1f}\n")
    def at(fraction):
        return max(m for t, m in samples if t <= fraction * wall)
    half = [(t / wall * a.seconds, m) for t, m in samples if t >= wall / 2]
    n = len(half)
    mx = sum(x for x, _ in half) / n
    my = sum(y for _, y in half) / n
    slope = sum((x - mx) * (y - my) for x, y in half) / max(sum((x - mx) ** 2 for x, _ in half), 1e-12)
    spikes = [line for line in out.splitlines() if line.startswith("all neurons")]
    print(f"soak: {a.seconds:g} s of CUBA N = 4000 in {wall:.0f} s wall; {spikes[0].split()[-2] if spikes else '?'} "
          "spikes recorded")
    print(f"resident memory: {at(0.1):.1f} MB at 10 %, {at(0.5):.1f} MB at 50 %, {at(1.0):.1f} MB at the end; "
          f"trend over the second half {slope * 100:+.3f} MB per 100 s of network time")
    print(f"file {h5}: {os.path.getsize(h5) / 1e6:.0f} MB; samples in {os.path.join(a.out, 'soak_memory.csv')}")


if __name__ == "__main__":
    main()
