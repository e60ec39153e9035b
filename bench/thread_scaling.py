#!/usr/bin/python3
"""Speed-up from 1 to 2 threads on one network, as the median of paired runs: each pair
runs 1 and 2 threads back to back (in alternating order), so the machine's drift cancels
within a pair. Prints the medians of each and of the pairs' ratios.

Usage: /usr/bin/python3 bench/thread_scaling.py [--binary build/spikesim] [--network cuba]
       [--neurons 4000] [--duration 5000] [--pairs 9]
"""
import argparse, re, statistics, subprocess


def simulation_seconds(binary, network, neurons, duration, threads):
    out = subprocess.run([binary, network, "--neurons", str(neurons), "--threads", str(threads),
                          "--duration", str(duration), "-q"],
                         check=True, capture_output=True, text=True).stdout
    return float(re.search(r"simulation\s+([0-9.]+) s wall", out).group(1))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default="build/spikesim")
    ap.add_argument("--network", default="cuba", choices=["cuba", "coba"])
    ap.add_argument("--neurons", type=int, default=4000)
    ap.add_argument("--duration", type=float, default=5000.0, help="simulated ms per run")
    ap.add_argument("--pairs", type=int, default=9)
    a = ap.parse_args()
    one, two, ratio = [], [], []
    for k in range(a.pairs):
        order = (1, 2) if k % 2 == 0 else (2, 1)
        t = {n: simulation_seconds(a.binary, a.network, a.neurons, a.duration, n) for n in order}
        one.append(t[1])
        two.append(t[2])
        ratio.append(t[1] / t[2])
    print(f"network={a.network} neurons={a.neurons} duration_ms={a.duration:g} pairs={a.pairs} "
          f"one_thread_s={statistics.median(one):.3f} two_threads_s={statistics.median(two):.3f} "
          f"speedup_median_of_pairs={statistics.median(ratio):.2f} "
          f"speedup_range={min(ratio):.2f}-{max(ratio):.2f}")


if __name__ == "__main__":
    main()
