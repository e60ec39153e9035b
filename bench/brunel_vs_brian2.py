#!/usr/bin/python3
"""The Brunel (2000) network of data/examples/brunel.toml, spikesim against Brian2.

Three programs run the same network (N_E = 10000, N_I = 2500, C_E = 1000, C_I = 250,
J = 0.1 mV, g = 5, D = 1.5 ms, nu_ext = 2 nu_thr, v_init uniform in [0, 20] mV):
  drive    spikesim, data/examples/brunel.toml: a Poisson drive per neuron ([[drive]])
  sources  spikesim, the same with the drive as 12,500 Poisson sources of 20 kHz wired
           one-to-one (what a user had to write before [[drive]]; --sources)
  brian2   Brian2 2.5 in C++ standalone mode at dt = 0.1 ms (--dt), PoissonInput for the drive,
           inputs during the refractory period discarded as in spikesim (and NEST)
For each seed, each program runs once (alternating, so that all see the same load); the
table gives the mean rate over 0.1-1.1 s, its seed-to-seed sd, and the median wall time of
a run (network construction and 1.1 s of network time; Brian2's code generation and
compilation are not timed).

Usage:
  /usr/bin/python3 bench/brunel_vs_brian2.py                 # 3 seeds, 1 thread, all three
  /usr/bin/python3 bench/brunel_vs_brian2.py --seeds 5 --threads 2 --no-sources
Needs a built spikesim (bash scripts/build.sh), python3-h5py, and Debian's python3-brian
for the Brian2 column (--no-brian skips it).
"""
import argparse, os, re, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CONFIG = os.path.join(ROOT, "data", "examples", "brunel.toml")


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=int, default=3, help="seeds per program (default 3)")
    ap.add_argument("--threads", type=int, default=1, help="threads of every program (default 1)")
    ap.add_argument("--spikesim", default=os.path.join(ROOT, "build", "spikesim"))
    ap.add_argument("--no-brian", action="store_true", help="spikesim only")
    ap.add_argument("--no-sources", action="store_true", help="skip the one-to-one sources run")
    ap.add_argument("--no-drive", action="store_true", help="skip spikesim's drive run")
    ap.add_argument("--dt", type=float, default=0.1, help="Brian2's time step, ms (default 0.1)")
    return ap.parse_args()


def sources_config(directory):
    """brunel.toml with each [[drive]] replaced by a Poisson population wired one-to-one."""
    text = open(CONFIG).read()
    head = text[: text.index("# The external drive")]
    for target, size in (("exc", 10000), ("inh", 2500)):
        head += f"""
[[population]]
name = "ext_{target}"
model = "poisson"
size = {size}
dale = "excitatory"
rate = 20000.0  # 1000 inputs of 20 Hz

[[projection]]
source = "ext_{target}"
target = "{target}"
rule = "one_to_one"
weight = 0.1
delay = 1.5
"""
    head += '\n[record]\nspikes = ["exc", "inh"]\n'
    path = os.path.join(directory, "brunel_sources.toml")
    open(path, "w").write(head)
    return path


def rate_of(path):
    import h5py, numpy as np
    with h5py.File(path, "r") as f:
        n, count = 0, 0
        for pop in ("exc", "inh"):
            t = f[f"spikes/{pop}/timestamps"][:]
            count += np.count_nonzero((t >= 100.0) & (t < 1100.0))
        n = 12500
    return count / n / 1.0


def run_spikesim(a, config, seed, out):
    t0 = time.time()
    subprocess.run([a.spikesim, "run", config, "-q", "-t", str(a.threads), "-s", str(seed),
                    "-o", out], check=True, stdout=subprocess.DEVNULL)
    wall = time.time() - t0
    return rate_of(out), wall


BRIAN = r'''
import sys, numpy as np
from brian2 import *
seed_value, threads, out, dt = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
set_device("cpp_standalone", directory=out, build_on_run=False)
prefs.devices.cpp_standalone.openmp_threads = threads if threads > 1 else 0
defaultclock.dt = dt * ms
seed(seed_value)
rng = np.random.default_rng(seed_value)
NE, NI, CE, CI = 10000, 2500, 1000, 250
J, g, D = 0.1 * mV, 5.0, 1.5 * ms
theta, Vr, tau, tref = 20 * mV, 10 * mV, 20 * ms, 2 * ms
nu_ext = 2 * theta / (J * CE * tau)
G = NeuronGroup(NE + NI, "dv/dt = -v / tau : volt (unless refractory)", threshold="v > theta",
                reset="v = Vr", refractory=tref, method="exact")
G.v = "rand() * theta"
def fixed_indegree(pre_lo, pre_hi, k):
    post = np.repeat(np.arange(NE + NI), k)
    pre = np.concatenate([rng.choice(np.arange(pre_lo, pre_hi), size=k, replace=False)
                          for _ in range(NE + NI)])
    return pre, post
Se = Synapses(G, G, on_pre="v += J * int(not_refractory)", delay=D)
Se.connect(i=fixed_indegree(0, NE, CE)[0], j=np.repeat(np.arange(NE + NI), CE))
Si = Synapses(G, G, on_pre="v += -g * J * int(not_refractory)", delay=D)
Si.connect(i=fixed_indegree(NE, NE + NI, CI)[0], j=np.repeat(np.arange(NE + NI), CI))
P = PoissonInput(G, "v", CE, nu_ext, weight="J * int(not_refractory)")
M = SpikeMonitor(G)
run(1100 * ms)
device.build(directory=out, compile=True, run=False)
'''


def build_brian(seed, threads, directory, dt):
    script = os.path.join(directory, "brunel_brian2.py")
    open(script, "w").write(BRIAN)
    out = os.path.join(directory, f"brian2_{seed}")
    subprocess.run([sys.executable, script, str(seed), str(threads), out, str(dt)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return out


def run_brian(out):
    import numpy as np
    t0 = time.time()
    subprocess.run(["./main"], cwd=out, check=True, stdout=subprocess.DEVNULL)
    wall = time.time() - t0
    results = os.path.join(out, "results")
    # The SpikeMonitor's arrays are the files of results/ whose names end in _t and _i.
    t_file = [f for f in os.listdir(results) if re.search(r"spikemonitor.*_t_", f)][0]
    t = np.fromfile(os.path.join(results, t_file), dtype=np.float64) * 1000.0  # s -> ms
    return np.count_nonzero((t >= 100.0) & (t < 1100.0)) / 12500 / 1.0, wall


def main():
    a = parse_args()
    tmp = tempfile.mkdtemp(prefix="brunel_bench_")
    programs = {"drive": [], "sources": [], "brian2": []}
    sources = None if a.no_sources else sources_config(tmp)
    for seed in range(1, a.seeds + 1):
        if not a.no_drive:
            programs["drive"].append(run_spikesim(a, CONFIG, seed, os.path.join(tmp, "d.h5")))
        if sources:
            programs["sources"].append(run_spikesim(a, sources, seed, os.path.join(tmp, "s.h5")))
        if not a.no_brian:
            programs["brian2"].append(run_brian(build_brian(seed, a.threads, tmp, a.dt)))
        for name, runs in programs.items():
            if runs:
                print(f"seed {seed} {name:8s} rate {runs[-1][0]:7.3f} Hz  wall {runs[-1][1]:7.2f} s",
                      flush=True)
    print(f"\nBrunel network, {a.seeds} seeds, {a.threads} thread(s), Brian2 at dt = {a.dt} ms, "
          f"rates over 0.1-1.1 s")
    print(f"{'program':10s} {'mean rate':>10s} {'sd':>8s} {'median wall':>12s}")
    for name, runs in programs.items():
        if not runs:
            continue
        rates = [r for r, _ in runs]
        sd = statistics.stdev(rates) if len(rates) > 1 else float("nan")
        print(f"{name:10s} {statistics.mean(rates):9.3f}  {sd:8.3f} "
              f"{statistics.median(w for _, w in runs):10.2f} s")
    if programs["drive"] and programs["brian2"]:
        ratio = statistics.median(b[1] / d[1] for d, b in zip(programs["drive"], programs["brian2"]))
        print(f"Brian2 / spikesim (drive) wall time, median of same-seed ratios: {ratio:.2f}")
    if programs["drive"] and programs["sources"]:
        ratio = statistics.median(s[1] / d[1] for d, s in zip(programs["drive"], programs["sources"]))
        print(f"sources / drive wall time, median of same-seed ratios: {ratio:.2f}")


if __name__ == "__main__":
    main()
