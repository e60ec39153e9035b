#!/usr/bin/python3
"""Two builds of spikesim on one network, at 1 and 2 threads, in rotation: each round runs
old 1, old 2, new 1, new 2 threads, the order rotated from round to round, so that the
machine's drift falls evenly. Prints each median, and the medians of the same-round ratios
(new/old at each thread count, and 1 thread against 2 for each build).

Usage: /usr/bin/python3 bench/compare_builds.py OLD_BINARY NEW_BINARY [--network cuba]
       [--neurons 4000] [--duration 5000] [--rounds 12]
(An old build: git worktree add /tmp/old COMMIT, then build it there.)
"""
import argparse, re, statistics, subprocess


def seconds(binary, network, neurons, duration, threads):
    out = subprocess.run([binary, network, "--neurons", str(neurons), "--threads", str(threads),
                          "--duration", str(duration), "-q"], check=True, capture_output=True,
                         text=True).stdout
    return float(re.search(r"simulation\s+([0-9.]+) s wall", out).group(1))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--network", default="cuba", choices=["cuba", "coba"])
    ap.add_argument("--neurons", type=int, default=4000)
    ap.add_argument("--duration", type=float, default=5000.0, help="simulated ms per run")
    ap.add_argument("--rounds", type=int, default=12)
    a = ap.parse_args()
    runs = [(b, t) for b in ("old", "new") for t in (1, 2)]
    times = {k: [] for k in runs}
    for r in range(a.rounds):
        for b, t in runs[r % 4:] + runs[:r % 4]:
            times[(b, t)].append(seconds(getattr(a, b), a.network, a.neurons, a.duration, t))
    med = statistics.median
    ratio = lambda x, y: med([p / q for p, q in zip(times[x], times[y])])
    print(" ".join(f"{b}_{t}thread_s={med(times[(b, t)]):.3f}" for b, t in runs))
    print(f"new/old 1 thread {ratio(('new', 1), ('old', 1)):.3f}, 2 threads {ratio(('new', 2), ('old', 2)):.3f}; "
          f"1 against 2 threads: old {ratio(('old', 1), ('old', 2)):.2f}, new {ratio(('new', 1), ('new', 2)):.2f}")


if __name__ == "__main__":
    main()
