"""The exchange overlapped with computation (--overlap-exchange) against the plain loop,
on 2 processes x 1 thread and on 1 process x 2 threads: alternating runs of `spikesim cuba`,
each run's `simulation` wall time and `exchange` shares from its summary; medians and the
median of same-round ratios. Optionally a second build (--baseline) in the same rounds.

    python3 bench/overlap_exchange.py build/spikesim --neurons 100000 --rounds 5
    python3 bench/overlap_exchange.py build/spikesim --baseline OLD/spikesim -n 1000000 -r 3
"""
import argparse
import re
import shutil
import statistics
import subprocess
import sys

MPIRUN = [shutil.which("mpirun") or "mpirun", "--oversubscribe", "--allow-run-as-root"]


def run(command):
    out = subprocess.run(command, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{out.stderr}")
    wall = float(re.search(r"^simulation\s+([0-9.]+) s wall", out.stdout, re.M).group(1))
    shares = re.search(r"^exchange .*: ([0-9 %,]+)$", out.stdout, re.M)
    return wall, shares.group(1).strip() if shares else ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("spikesim")
    parser.add_argument("--baseline", help="another build's spikesim, run in the same rounds")
    parser.add_argument("-n", "--neurons", type=int, default=100000)
    parser.add_argument("-r", "--rounds", type=int, default=5)
    parser.add_argument("-d", "--duration", type=float, default=1000.0)
    a = parser.parse_args()
    cuba = ["cuba", "-n", str(a.neurons), "-d", str(a.duration), "-q"]
    variants = {
        "2x1 plain": MPIRUN + ["-np", "2", a.spikesim] + cuba + ["--threads", "1"],
        "2x1 overlap": MPIRUN + ["-np", "2", a.spikesim] + cuba + ["--threads", "1",
                                                                  "--overlap-exchange"],
        "1x2 plain": [a.spikesim] + cuba + ["--threads", "2"],
        "1x2 overlap": [a.spikesim] + cuba + ["--threads", "2", "--overlap-exchange"],
    }
    if a.baseline:
        variants["2x1 baseline"] = MPIRUN + ["-np", "2", a.baseline] + cuba + ["--threads", "1"]
        variants["1x2 baseline"] = [a.baseline] + cuba + ["--threads", "2"]
    walls = {name: [] for name in variants}
    for r in range(a.rounds):
        for name, command in variants.items():
            wall, shares = run(command)
            walls[name].append(wall)
            print(f"round {r + 1} {name:13s} {wall:7.3f} s  exchange {shares}", flush=True)
    print(f"\nCUBA N = {a.neurons}, {a.duration:g} ms, {a.rounds} rounds: median wall time")
    for name, w in walls.items():
        print(f"  {name:13s} {statistics.median(w):7.3f} s  ({', '.join(f'{x:.2f}' for x in w)})")

    def ratio(x, y):
        return statistics.median(p / q for p, q in zip(walls[x], walls[y]))
    print("median of same-round ratios:")
    print(f"  2x1 overlap / plain    {ratio('2x1 overlap', '2x1 plain'):.3f}")
    print(f"  1x2 overlap / plain    {ratio('1x2 overlap', '1x2 plain'):.3f}")
    if a.baseline:
        print(f"  2x1 plain / baseline   {ratio('2x1 plain', '2x1 baseline'):.3f}")
        print(f"  1x2 plain / baseline   {ratio('1x2 plain', '1x2 baseline'):.3f}")


if __name__ == "__main__":
    main()
