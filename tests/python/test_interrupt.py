"""Ctrl-C and progress: a run releases the GIL, reports progress, and stops at the next
window when interrupted, raising KeyboardInterrupt with the simulation usable."""
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest
import spikesim as ss
from conftest import build_cuba

SCRIPT = textwrap.dedent("""
    import sys, spikesim as ss
    sys.path.insert(0, {tests!r})
    from conftest import build_cuba
    net, exc, _ = build_cuba(neurons=4000)
    sim = ss.Simulation(net, threads=1)
    sim.record_spikes(exc)
    print("running", flush=True)
    try:
        sim.run(1e6)  # about 15 minutes
    except KeyboardInterrupt:
        sim.run(1.0)  # still usable
        print("interrupted", sim.now, flush=True)
        sys.exit(3)
""")


def test_ctrl_c_stops_a_run_and_raises_keyboard_interrupt():
    tests = os.path.dirname(os.path.abspath(__file__))
    p = subprocess.Popen([sys.executable, "-c", SCRIPT.format(tests=tests)], stdout=subprocess.PIPE,
                         text=True, env=dict(os.environ))
    assert p.stdout.readline().strip() == "running"
    time.sleep(1.0)
    p.send_signal(signal.SIGINT)
    try:
        out, _ = p.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        pytest.fail("the run did not stop on SIGINT")
    assert p.returncode == 3, out
    now = float(out.split()[-1])
    assert 1.0 < now < 1e6


def test_progress_callback_sees_time_advance_and_its_exception_stops_the_run():
    net, exc, _ = build_cuba(neurons=1000)
    sim = ss.Simulation(net)
    seen = []

    def progress(now, end):
        seen.append((now, end))
        if len(seen) == 2:
            raise RuntimeError("enough")

    with pytest.raises(RuntimeError, match="enough"):
        sim.run(1e6, progress=progress)  # would take minutes without the exception
    assert seen[0][1] == 1e6 and seen[0][0] < seen[1][0] < 1e6
    assert sim.now < 1e6


def test_the_gil_is_released_during_a_run():
    net, exc, _ = build_cuba(neurons=4000)
    sim = ss.Simulation(net, threads=1)
    ticks = []
    stop = threading.Event()

    def count():
        while not stop.is_set():
            ticks.append(1)
            time.sleep(0.001)

    t = threading.Thread(target=count)
    t.start()
    time.sleep(0.01)
    before = len(ticks)
    start = time.time()
    sim.run(5000.0)
    during, seconds = len(ticks) - before, time.time() - start
    stop.set()
    t.join()
    # A run that held the GIL would starve the counter: a tick or two at most.
    assert seconds > 0.05 and during > 10, (seconds, during)
