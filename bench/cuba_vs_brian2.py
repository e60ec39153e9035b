#!/usr/bin/python3
"""CUBA side by side: spikesim against Brian2 in C++ standalone mode, on this machine.

For each size and thread count, Brian2's program is generated and compiled once (not
timed), then the two simulators run alternately, run after run, so that both see the
same load on a shared machine. Each run is a fresh process; its wall time covers network
construction and 1 s (--seconds) of network time, for both. spikesim does not record
spikes (it counts them); Brian2 keeps its SpikeMonitor, as in the peer measurement
(../shared/peers/brian2_cuba.py). Peak memory is the process's maximum resident set.

Prints one table (medians over --runs) with the same-run ratio, then paired checks
at --recording-size, each over --pairs alternating pairs of spikesim runs: the cost of
recording every spike to HDF5 (with and without --out, for each of --threads; wall time
and CPU time, since the file is written on a thread of its own) and the speed-up from 1
to 2 threads. Their medians of run-by-run ratios are steadier than a ratio of medians.

Usage:
  /usr/bin/python3 bench/cuba_vs_brian2.py                       # the full table
  /usr/bin/python3 bench/cuba_vs_brian2.py --sizes 4000 --runs 1 # a quick look
  /usr/bin/python3 bench/cuba_vs_brian2.py --install-brian       # apt-get python3-brian first
Needs a built spikesim (bash scripts/build.sh) and python3-brian for the Brian2 columns
(--no-brian runs spikesim alone).
"""
import argparse, json, os, re, shutil, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="4000,20000,100000,1000000",
                    help="comma-separated network sizes (default %(default)s)")
    ap.add_argument("--threads", default="1,2", help="comma-separated thread counts (default %(default)s)")
    ap.add_argument("--runs", type=int, default=3, help="runs of each simulator per cell (default 3)")
    ap.add_argument("--seconds", type=float, default=1.0, help="network time per run (default 1 s)")
    ap.add_argument("--spikesim", default=os.path.join(ROOT, "build", "spikesim"),
                    help="the spikesim binary (default build/spikesim)")
    ap.add_argument("--recording-size", type=int, default=100000,
                    help="size for the paired checks, HDF5 recording overhead and 1 vs 2 "
                         "threads (0 skips them; default %(default)s)")
    ap.add_argument("--pairs", type=int, default=7,
                    help="alternating pairs in each paired check (default %(default)s)")
    ap.add_argument("--no-brian", action="store_true", help="run spikesim only")
    ap.add_argument("--brian-dts", default="0.1",
                    help="Brian2 time steps in ms, one column each (default %(default)s; "
                         "0.1,0.01 adds the step at which Brian2's spike times come within "
                         "about 0.01 ms of the exact ones, bench/grid_spike_error.py)")
    ap.add_argument("--install-brian", action="store_true",
                    help="install Debian's python3-brian when it is missing")
    a = ap.parse_args()
    try:
        a.sizes = [int(x) for x in a.sizes.split(",")]
        a.threads = [int(x) for x in a.threads.split(",")]
        a.brian_dts = [float(x) for x in a.brian_dts.split(",")]
    except ValueError:
        ap.error("--sizes and --threads take comma-separated integers, --brian-dts numbers")
    if any(not dt > 0 for dt in a.brian_dts):
        ap.error("--brian-dts: time steps > 0 expected")
    if a.runs < 1 or a.pairs < 1 or any(n < 5 for n in a.sizes) or any(t < 1 for t in a.threads):
        ap.error("--runs >= 1, --pairs >= 1, sizes >= 5 and threads >= 1 expected")
    if not os.access(a.spikesim, os.X_OK):
        ap.error(f"--spikesim {a.spikesim} is not an executable (build with bash scripts/build.sh)")
    return a


def ensure_brian(install):
    probe = subprocess.run(["/usr/bin/python3", "-c", "import brian2"], capture_output=True)
    if probe.returncode == 0:
        return True
    if not install:
        print("Brian2 is not installed: run with --install-brian (apt-get install python3-brian) "
              "or --no-brian", file=sys.stderr)
        sys.exit(2)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run(sudo + ["apt-get", "install", "-y", "python3-brian"], check=True)
    return True


def timed_rss(cmd, cwd=None):
    """Runs cmd under os.wait4 so that its own peak RSS and CPU time are known:
    (wall s, peak MB, stdout, CPU s of all its threads)."""
    with tempfile.TemporaryFile(mode="w+") as out, tempfile.TemporaryFile(mode="w+") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {err.read()[-500:]}")
        return wall, usage.ru_maxrss / 1024.0, out.read(), usage.ru_utime + usage.ru_stime


def spikesim_run(a, n, threads, extra=()):
    cmd = [a.spikesim, "cuba", "--neurons", str(n), "--threads", str(threads), "-q",
           "--duration", str(1000.0 * a.seconds), *extra]
    wall, rss, out, cpu = timed_rss(cmd)
    spikes = int(re.search(r"^all(?: neurons)?\s+[\d,]+\s+[\d,]+\s+([\d,]+)", out, re.M).group(1).replace(",", ""))
    events = int(re.search(r"^synaptic events\s+([\d,]+)", out, re.M).group(1).replace(",", ""))
    synapses = int(re.search(r"^all(?: neurons)?\s+[\d,]+\s+([\d,]+)", out, re.M).group(1).replace(",", ""))
    per_synapse = float(re.search(r"([\d.]+) bytes each", out).group(1))
    return dict(wall=wall, cpu=cpu, rss=rss, spikes=spikes, events=events, synapses=synapses,
                bytes_per_synapse=per_synapse)


def brian_build(a, n, threads, directory, dt):
    out = subprocess.run(["/usr/bin/python3", os.path.join(HERE, "brian2_cuba_standalone.py"),
                          str(n), str(a.seconds), str(threads), directory, "--dt", str(dt)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def cell(a, n, threads, use_brian):
    """spikesim and Brian2 at each of --brian-dts, alternating, --runs times each."""
    print(f"  N={n:,} threads={threads}: ", end="", file=sys.stderr, flush=True)
    dts = a.brian_dts if use_brian else []
    ours, theirs, built = [], {dt: [] for dt in dts}, {}
    directories = {dt: tempfile.mkdtemp(prefix="brian2_cuba_") for dt in dts}
    try:
        for dt in dts:
            built[dt] = brian_build(a, n, threads, directories[dt], dt)
        for r in range(a.runs):
            order = ["spikesim", *dts]
            if r % 2 == 1:
                order.reverse()
            for who in order:
                if who == "spikesim":
                    ours.append(spikesim_run(a, n, threads))
                else:
                    wall, rss, _, _ = timed_rss(["./main"], cwd=directories[who])
                    theirs[who].append(dict(wall=wall, rss=rss))
            print(".", end="", file=sys.stderr, flush=True)
    finally:
        for directory in directories.values():
            shutil.rmtree(directory, ignore_errors=True)
    print(file=sys.stderr)
    med = lambda rows, k: statistics.median(r[k] for r in rows)
    row = dict(n=n, threads=threads, ours_wall=med(ours, "wall"), ours_rss=med(ours, "rss"),
               ours_rate=ours[0]["spikes"] / n / a.seconds, events=ours[0]["events"],
               synapses=ours[0]["synapses"], bytes_per_synapse=ours[0]["bytes_per_synapse"],
               brian={})
    for dt, runs in theirs.items():
        # Ratios run by run (same load), then their median.
        row["brian"][dt] = dict(wall=med(runs, "wall"), rss=med(runs, "rss"),
                                rate=built[dt]["spikes"] / n / a.seconds,
                                ratio=statistics.median(t["wall"] / o["wall"]
                                                        for o, t in zip(ours, runs)))
    return row


def paired(a, n, label, first, second):
    """Runs spikesim with the options `first` and `second` in --pairs alternating pairs;
    returns the median wall time of each, and the medians of the run-by-run ratios
    second/first of wall time and of CPU time."""
    print(f"  {label} N={n:,}: ", end="", file=sys.stderr, flush=True)
    runs = ([], [])
    for r in range(a.pairs):
        order = (0, 1) if r % 2 == 0 else (1, 0)
        for k in order:
            runs[k].append(spikesim_run(a, n, *(first, second)[k]))
        print(".", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    median = statistics.median
    ratio = lambda key: median(y[key] / x[key] for x, y in zip(*runs))
    return (median(x["wall"] for x in runs[0]), median(y["wall"] for y in runs[1]),
            ratio("wall"), ratio("cpu"))


def recording_overhead(a, n, threads):
    """The cost of --out: the file is deflated and written on a thread of its own, so the
    CPU time can grow while the wall time does not; both are reported."""
    directory = tempfile.mkdtemp(prefix="spikesim_rec_")
    try:
        out = os.path.join(directory, "cuba.h5")
        plain, recorded, wall, cpu = paired(a, n, f"recording, {threads} thread(s),",
                                            (threads, ()), (threads, ("--out", out)))
        size = os.path.getsize(out)
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    return plain, recorded, wall - 1, cpu - 1, size


def fmt(x, spec):
    return format(x, spec) if x is not None else "-"


def main():
    a = parse_args()
    use_brian = not a.no_brian and ensure_brian(a.install_brian)
    print(f"CUBA, {a.seconds:g} s of network time, 80 inputs per neuron; medians of {a.runs} "
          f"alternating runs; wall time includes network construction", file=sys.stderr)
    rows = [cell(a, n, t, use_brian) for n in a.sizes for t in a.threads]
    print()
    dts = a.brian_dts if use_brian else [a.brian_dts[0]]
    first = dts[0]
    print("| N | threads | spikesim s | " + " | ".join(
        f"Brian2 s (dt {dt:g}) | Brian2/spikesim (dt {dt:g})" for dt in dts) +
        " | spikesim MB | Brian2 MB | spikesim Hz | Brian2 Hz | spikesim events/s | synapse bytes |")
    print("|---|---|---|" + "---|---|" * len(dts) + "---|---|---|---|---|---|")
    for r in rows:
        b = lambda dt, key: r["brian"].get(dt, {}).get(key)
        print(f"| {r['n']:,} | {r['threads']} | {r['ours_wall']:.3f} | " + " | ".join(
            f"{fmt(b(dt, 'wall'), '.3f')} | {fmt(b(dt, 'ratio'), '.2f')}" for dt in dts) +
            f" | {r['ours_rss']:.0f} | {fmt(b(first, 'rss'), '.0f')} "
            f"| {r['ours_rate']:.3f} | {fmt(b(first, 'rate'), '.3f')} "
            f"| {r['events'] / r['ours_wall'] / 1e6:.1f} M | {r['bytes_per_synapse']:.2f} |")
    one = {r["n"]: r for r in rows if r["threads"] == 1}
    two = {r["n"]: r for r in rows if r["threads"] == 2}
    if one and two:
        print()
        print("Speed-up from 1 to 2 threads (spikesim): " + ", ".join(
            f"N={n:,} {one[n]['ours_wall'] / two[n]['ours_wall']:.2f}x" for n in one if n in two))
    if len(one) > 1:
        sizes = sorted(one)
        print("Cost per neuron (spikesim, 1 thread, us per neuron per second of network time): " +
              ", ".join(f"N={n:,} {1e6 * one[n]['ours_wall'] / n / a.seconds:.1f}" for n in sizes))
    if a.recording_size:
        n = a.recording_size
        recordings = [(t, *recording_overhead(a, n, t)) for t in a.threads]
        one_thread, two_threads, ratio, _ = paired(a, n, "1 vs 2 threads", (1, ()), (2, ()))
        print()
        for t, plain, recorded, wall, cpu, size in recordings:
            print(f"Recording every spike to HDF5 (N={n:,}, {t} thread(s)): {plain:.3f} s "
                  f"without, {recorded:.3f} s with --out ({size / 1e6:.1f} MB file): wall time "
                  f"{100 * wall:+.1f} %, CPU time {100 * cpu:+.1f} % (medians of {a.pairs} "
                  f"same-run ratios)")
        print(f"Speed-up from 1 to 2 threads (N={n:,}): {one_thread:.3f} s and {two_threads:.3f} s, "
              f"{1 / ratio:.2f}x (median of {a.pairs} same-run ratios)")


if __name__ == "__main__":
    main()
