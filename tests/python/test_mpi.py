"""The Python package under mpirun (no mpi4py): every process runs the same script, and the
file rank 0 writes is the one a single process writes, bit for bit (spikes, membrane
samples, edges); rank() and ranks() say where a script runs, and only rank 0 holds
recordings."""
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
MPIRUN = shutil.which("mpirun")

SCRIPT = r'''
import sys
import spikesim as ss
out = sys.argv[1]
overlap = sys.argv[2:] == ["overlap"]
net = ss.Network(seed=3)
src = net.add_source("poisson", 40, name="src", rate=30.0)
exc = net.add_neurons("lif_delta", 150, name="exc", dale="excitatory", tau_m=20.0, e_l=0.0,
                      v_th=20.0, v_reset=10.0, t_ref=2.0, v_init=ss.uniform(0.0, 19.0))
inh = net.add_neurons("lif_exp", 31, name="inh", dale="inhibitory", v_init=ss.uniform(-65, -52))
net.connect(src, exc, ss.fixed_indegree(10), weight=ss.uniform(0.5, 1.5),
            delay=ss.uniform(0.6, 2.0))
net.connect(exc, exc, ss.fixed_probability(0.1), weight=0.3, delay=ss.uniform(0.8, 3.0))
net.connect(exc, inh, ss.fixed_outdegree(5), weight=3.0, delay=0.7)
net.connect(inh, exc, ss.fixed_probability(0.3), weight=-2.0, delay=1.1)
net.add_drive(exc, rate=10.0, inputs=100, weight=0.45)
sim = ss.Simulation(net, threads=1, overlap_exchange=overlap)
spikes = sim.record_spikes(exc)
sim.record_spikes(inh)
sim.record_membrane(exc, neurons=[0, 74, 75, 149], interval=0.5)
sim.run(150.0)
sim.write(out + ".h5")
net.write_edges(out + "_edges.h5")
with open(f"{out}.rank{ss.rank()}", "w") as f:  # mpirun may interleave stdout lines
    f.write(f"{ss.rank()} {ss.ranks()} {len(spikes.times)}")
'''


def run(tmp_path, ranks, name, *flags):
    script = tmp_path / "script.py"
    script.write_text(SCRIPT)
    command = [sys.executable, str(script), str(tmp_path / name), *flags]
    if ranks > 1:
        command = [MPIRUN, "--oversubscribe", "--allow-run-as-root", "-np", str(ranks)] + command
    return subprocess.run(command, capture_output=True, text=True, env=os.environ.copy())


def same(a, b):
    return subprocess.run([sys.executable, str(ROOT / "tests" / "mpi" / "same_recording.py"),
                           str(a), str(b)], capture_output=True, text=True)


@pytest.mark.skipif(MPIRUN is None, reason="no mpirun (Open MPI: scripts/setup.sh)")
def test_a_script_under_mpirun_writes_what_one_process_writes(tmp_path):
    one = run(tmp_path, 1, "one")
    assert one.returncode == 0, one.stderr
    rank, ranks, count = map(int, (tmp_path / "one.rank0").read_text().split())
    assert (rank, ranks) == (0, 1) and count > 100
    for n in (2, 3):
        many = run(tmp_path, n, f"np{n}")
        if "built without MPI" in many.stderr:
            pytest.skip("spikesim was built without MPI")
        assert many.returncode == 0, many.stderr
        lines = [tuple(map(int, (tmp_path / f"np{n}.rank{r}").read_text().split()))
                 for r in range(n)]
        # rank 0 holds the recording, the others' recorders are empty
        assert lines == [(0, n, count)] + [(r, n, 0) for r in range(1, n)]
        for suffix in (".h5", "_edges.h5"):
            result = same(tmp_path / ("one" + suffix), tmp_path / (f"np{n}" + suffix))
            assert result.returncode == 0, result.stdout


@pytest.mark.skipif(MPIRUN is None, reason="no mpirun (Open MPI: scripts/setup.sh)")
def test_with_the_exchange_overlapped_two_processes_write_what_one_writes(tmp_path):
    one = run(tmp_path, 1, "one", "overlap")
    assert one.returncode == 0, one.stderr
    two = run(tmp_path, 2, "two", "overlap")
    if "built without MPI" in two.stderr:
        pytest.skip("spikesim was built without MPI")
    assert two.returncode == 0, two.stderr
    result = same(tmp_path / "one.h5", tmp_path / "two.h5")
    assert result.returncode == 0, result.stdout
