"""`spikesim run --set key.path=value`: changes a config before it is read; the output file
records the effective config; bad paths and values exit 2 and write nothing."""
import pathlib
import subprocess

import h5py
import pytest
from conftest import BINARY, ROOT

CONFIG = str(ROOT / "data" / "examples" / "ei_network.toml")


def run(tmp_path, *sets, out="out.h5"):
    args = [str(BINARY), "run", CONFIG, "-q", "--out", str(tmp_path / out)]
    for s in sets:
        args += ["--set", s]
    return subprocess.run(args, capture_output=True, text=True)


def test_set_changes_the_run_and_the_file_records_the_effective_config(tmp_path):
    r = run(tmp_path, "simulation.duration=100", "population.exc.tau_m=15",
            'projection[0].weight={distribution = "normal", mean = 0.2, sd = 0.02, low = 0.0}')
    assert r.returncode == 0, r.stderr
    with h5py.File(tmp_path / "out.h5") as f:
        assert f.attrs["simulated_ms"] == 100.0
        config = f.attrs["config"]
        assert config.startswith("# " + CONFIG + " with --set simulation.duration=100")
    # The recorded config is itself a config that gives the same run.
    effective = tmp_path / "effective.toml"
    effective.write_text(config)
    again = subprocess.run([str(BINARY), "run", str(effective), "-q", "--out", str(tmp_path / "again.h5")],
                           capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    with h5py.File(tmp_path / "out.h5") as a, h5py.File(tmp_path / "again.h5") as b:
        for pop in a["spikes"]:
            assert (a[f"spikes/{pop}/timestamps"][:] == b[f"spikes/{pop}/timestamps"][:]).all()


def test_set_by_name_and_by_index_are_the_same(tmp_path):
    assert run(tmp_path, "simulation.duration=50", "population.exc.v_th=18", out="a.h5").returncode == 0
    assert run(tmp_path, "simulation.duration=50", "population[1].v_th=18", out="b.h5").returncode == 0
    with h5py.File(tmp_path / "a.h5") as a, h5py.File(tmp_path / "b.h5") as b:
        assert (a["spikes/exc/timestamps"][:] == b["spikes/exc/timestamps"][:]).all()
    assert run(tmp_path, "simulation.duration=50", out="c.h5").returncode == 0
    with h5py.File(tmp_path / "a.h5") as a, h5py.File(tmp_path / "c.h5") as c:
        assert len(a["spikes/exc/timestamps"]) != len(c["spikes/exc/timestamps"])


@pytest.mark.parametrize("assignment, fragment", [
    ("population.excx.tau_m=15", "--set: population.excx.tau_m=15: expected the name of a [[population]] section, got no population.excx"),
    ("population[9].tau_m=15", "expected an index below 3"),
    ("nothing.tau_m=15", "expected a path through the config's tables, got no table nothing"),
    ("population.exc.tau_m", "expected key.path=value, got no '=' after a key path"),
    ("population.exc.tau_m=[1,", "expected key.path=value with a TOML value"),
    ("population.exc.tau_m=-1", "population[1].tau_m: expected a finite number > 0, got -1"),
    ("population.exc.tau_mm=3", "population[1].tau_mm: expected a key this section knows"),
])
def test_bad_sets(tmp_path, assignment, fragment):
    r = run(tmp_path, assignment)
    assert r.returncode == 2 and fragment in r.stderr, r.stderr
    assert not (tmp_path / "out.h5").exists()
