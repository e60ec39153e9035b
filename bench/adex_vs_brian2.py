#!/usr/bin/python3
"""An AdEx network, spikesim against Brian2 at dt = 0.1 and 0.01 ms.

The COBA network's shape with AdEx neurons (Brette & Gerstner 2005) of Naud et al.'s
(2008) tonic parameters (C = 200 pF, g_L = 10 nS, E_L = -70 mV, V_T = -50 mV,
Delta_T = 2 mV, a = 2 nS, tau_w = 30 ms, b = 0, V_r = -58 mV, spike at 0 mV) and a
refractory period of 2 ms: 3200 excitatory and 800 inhibitory neurons, each pair connected
with probability 0.02, inputs as jumps of v (J_E = 0.2 mV, J_I = -1.0 mV, delay 0.1 ms), and
a Poisson drive per neuron (1000 inputs of 12 Hz, 0.1 mV each) instead of the tonic
current. Inputs during the refractory period are discarded by both.

spikesim integrates AdEx by its Taylor series between inputs (models/taylor_model.hpp),
with exact spike times; Brian2 runs in C++ standalone mode with forward Euler, PoissonInput for the drive.
Each program runs `--runs` times alternating; the table gives the median simulation time
(spikesim: the run's own "simulation" line; Brian2: its compiled program, network
construction included, code generation and compilation not) and the mean rate.

Usage: /usr/bin/python3 bench/adex_vs_brian2.py [--seconds 1] [--runs 3] [--spikesim-runs N]
       [--dts 0.1,0.01]
"""
import argparse, os, re, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
N_E, N_I, P, J_E, J_I, DELAY = 3200, 800, 0.02, 0.2, -1.0, 0.1
DRIVE_INPUTS, DRIVE_HZ, DRIVE_W = 1000, 12.0, 0.1
ADEX = dict(c_m=200.0, g_l=10.0, e_l=-70.0, v_t=-50.0, delta_t=2.0, a=2.0, tau_w=30.0, b=0.0,
            v_r=-58.0, v_peak=0.0, t_ref=2.0)


def spikesim_config(seconds, seed):
    pop = "\n".join(f"{k} = {v}" for k, v in ADEX.items())
    text = f"[simulation]\nduration = {seconds * 1000.0}\nseed = {seed}\n"
    for name, size, dale in (("exc", N_E, "excitatory"), ("inh", N_I, "inhibitory")):
        text += (f'\n[[population]]\nname = "{name}"\nmodel = "adex"\nsize = {size}\n'
                 f'dale = "{dale}"\n{pop}\nv_init = [-70.0, -55.0]\n')
    for src, w in (("exc", J_E), ("inh", J_I)):
        for tgt in ("exc", "inh"):
            text += (f'\n[[projection]]\nsource = "{src}"\ntarget = "{tgt}"\n'
                     f'rule = "fixed_probability"\np = {P}\nweight = {w}\ndelay = {DELAY}\n')
    for tgt in ("exc", "inh"):
        text += (f'\n[[drive]]\ntarget = "{tgt}"\nrate = {DRIVE_HZ}\ninputs = {DRIVE_INPUTS}\n'
                 f'weight = {DRIVE_W}\n')
    return text


def run_spikesim(binary, config, threads):
    """One run, its spikes recorded to a temporary file (as Brian2's SpikeMonitor records)."""
    h5 = os.path.join(tempfile.mkdtemp(prefix="spikesim_adex_"), "adex.h5")
    out = subprocess.run([binary, "run", config, "--threads", str(threads), "-q", "--out", h5],
                         check=True, capture_output=True, text=True).stdout
    seconds = float(re.search(r"simulation\s+([0-9.]+) s wall", out).group(1))
    rate = float(re.search(r"all neurons\s+[0-9,]+\s+[0-9,]+\s+[0-9,]+\s+([0-9.]+)", out).group(1))
    return seconds, rate


BRIAN2 = r'''
import subprocess, sys, time
from brian2 import *
seconds, dt_ms, runs, out = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
set_device("cpp_standalone", directory=out, build_on_run=True)
defaultclock.dt = dt_ms * ms
seed(1)
eqs = """dv/dt = (gL * (EL - v) + gL * DT * exp((v - VT) / DT) - w) / C : volt (unless refractory)
dw/dt = (a * (v - EL) - w) / tauw : amp"""
C, gL, EL, VT, DT, a, tauw = 200 * pF, 10 * nS, -70 * mV, -50 * mV, 2 * mV, 2 * nS, 30 * ms
Je, Ji, Dw = JE * mV, JI * mV, DRIVE_W * mV
G = NeuronGroup(NE + NI, eqs, threshold="v > 0*mV", reset="v = -58*mV", refractory=2 * ms,
                method="euler")
G.v = "-70*mV + rand() * 15*mV"
Ce = Synapses(G, G, on_pre="v += Je * int(not_refractory)", delay=DELAY * ms)
Ci = Synapses(G, G, on_pre="v += Ji * int(not_refractory)", delay=DELAY * ms)
Ce.connect(f"i < {NE}", p=P)
Ci.connect(f"i >= {NE}", p=P)
drive = PoissonInput(G, "v", DRIVE_INPUTS, DRIVE_HZ * Hz, weight="Dw * int(not_refractory)")
M = SpikeMonitor(G)
run(seconds * second, report=None)
print("SPIKES", int(M.num_spikes))
for _ in range(runs):
    t0 = time.time()
    subprocess.run(["./main"], cwd=out, check=True, stdout=subprocess.DEVNULL)
    print("BINARY_S", time.time() - t0)
'''


def run_brian2(seconds, dt, runs):
    """Compiles and runs once, then times the compiled program `runs` times; returns the
    times and the rate."""
    out = tempfile.mkdtemp(prefix="brian2_adex_")
    script = os.path.join(out, "adex.py")
    consts = (f"NE, NI, P, JE, JI, DELAY = {N_E}, {N_I}, {P}, {J_E}, {J_I}, {DELAY}\n"
              f"DRIVE_INPUTS, DRIVE_HZ, DRIVE_W = {DRIVE_INPUTS}, {DRIVE_HZ}, {DRIVE_W}\n")
    with open(script, "w") as f:
        f.write(consts + BRIAN2)
    res = subprocess.run([sys.executable, script, str(seconds), str(dt), str(runs),
                          os.path.join(out, "build")], check=True, capture_output=True, text=True).stdout
    times = [float(x) for x in re.findall(r"BINARY_S ([0-9.]+)", res)]
    spikes = int(re.search(r"SPIKES ([0-9]+)", res).group(1))
    return times, spikes / (N_E + N_I) / seconds


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "spikesim"))
    ap.add_argument("--seconds", type=float, default=1.0)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--spikesim-runs", type=int, help="spikesim's runs (default: --runs)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--dts", default="0.1,0.01", help="Brian2 time steps, ms")
    a = ap.parse_args()
    with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as f:
        f.write(spikesim_config(a.seconds, 1))
    ours = [run_spikesim(a.binary, f.name, a.threads) for _ in range(a.spikesim_runs or a.runs)]
    rows = [("spikesim (Taylor series, exact spike times)", [t for t, _ in ours], ours[-1][1])]
    for dt in a.dts.split(","):
        times, rate = run_brian2(a.seconds, float(dt), a.runs)
        rows.append((f"Brian2 standalone, Euler dt {dt} ms", times, rate))
    print(f"AdEx network, N = {N_E + N_I}, {a.seconds:g} s, {a.threads} thread(s), {a.runs} runs")
    print("| program | median time (s) | rate (Hz) |\n|---|---|---|")
    for name, times, rate in rows:
        print(f"| {name} | {statistics.median(times):.3f} | {rate:.2f} |")


if __name__ == "__main__":
    main()
