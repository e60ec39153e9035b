"""`spikesim coding --weights FILE.npz`: a network trained anywhere, saved with np.savez as
W0, b0, W1, b1, ..., runs in the three modes; a file that does not hold one is refused with
exit status 2, naming the file and the array."""
import pathlib
import subprocess
import sys

import numpy as np
import pytest
import spikesim as ss
from conftest import BINARY

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "examples" / "python"))
from digits_three_modes import train_mlp  # noqa: E402


@pytest.fixture(scope="module")
def layers():
    x_train, y_train, _, _ = ss.digits()
    return train_mlp(x_train, y_train, hidden=16, epochs=15)


def coding(path, out, *extra):
    return subprocess.run([str(BINARY), "coding", "--weights", str(path), "--out", str(out),
                           "--samples", "60", *extra], capture_output=True, text=True)


def arrays(layers):
    out = {}
    for k, (w, b, _) in enumerate(layers):
        out[f"W{k}"], out[f"b{k}"] = w, b
    return out


@pytest.mark.parametrize("save", [np.savez, np.savez_compressed])
def test_an_npz_network_runs_as_the_python_converter_runs_it(layers, tmp_path, save):
    path = tmp_path / "net.npz"
    save(path, **{k: (v.astype(np.float32) if k == "W1" else v) for k, v in arrays(layers).items()})
    r = coding(path, tmp_path / "coding.h5", "--mode", "ttfs", "--dale", "off")
    assert r.returncode == 0, r.stderr
    with __import__("h5py").File(tmp_path / "coding.h5") as f:
        agreement = {m: f[f"results/{m}"].attrs["agreement_with_ann"] for m in f["results"]}
    assert agreement["ttfs"] == 1.0


def test_fortran_order_is_read_as_c_order(layers, tmp_path):
    a = arrays(layers)
    np.savez(tmp_path / "c.npz", **a)
    np.savez(tmp_path / "f.npz", **{k: np.asfortranarray(v) for k, v in a.items()})
    out = []
    for name in ("c", "f"):
        r = coding(tmp_path / f"{name}.npz", tmp_path / f"{name}.h5", "--mode", "ann")
        assert r.returncode == 0, r.stderr
        # all but the file names and the timings ("loaded in 0.02 s")
        out.append([line for line in r.stdout.splitlines() if ".h5" not in line and not line.endswith(" s")])
    assert out[0] == out[1] and any("accuracy" in line or "ann" in line for line in out[0])


@pytest.mark.parametrize("change, fragment", [
    (lambda a: {**a, "W0": a["W0"][:, :60]}, "W0: expected a first layer of 64 inputs (the 8x8 digits' pixels), got 60 inputs"),
    (lambda a: {**a, "W1": a["W1"][:7]}, "b1: expected a 1-D array of 7 biases"),
    (lambda a: {k: v for k, v in a.items() if k != "b1"}, "b1: expected the biases of W1, got nothing"),
    (lambda a: {**a, "extra": np.zeros(3)}, "extra: expected arrays W0, b0, W1, b1"),
    (lambda a: {"weights": a["W0"]}, "W0: expected arrays W0, b0, W1, b1"),
    (lambda a: {**a, "W0": np.where(np.eye(16, 64) > 0, np.nan, a["W0"])}, "W0: expected finite numbers"),
    (lambda a: {**a, "W0": a["W0"].astype(np.complex128)}, "W0: expected a .npy array of numbers"),
    (lambda a: {**a, "b0": np.array(["x"] * 16)}, "b0: expected a .npy array of numbers"),
])
def test_bad_networks_are_refused(layers, tmp_path, change, fragment):
    path = tmp_path / "bad.npz"
    np.savez(path, **change(arrays(layers)))
    r = coding(path, tmp_path / "coding.h5")
    assert r.returncode == 2 and fragment in r.stderr, r.stderr
    assert not (tmp_path / "coding.h5").exists()


def test_damaged_archives_are_refused(layers, tmp_path):
    good = tmp_path / "good.npz"
    np.savez_compressed(good, **arrays(layers))
    data = good.read_bytes()
    cases = {"truncated": data[: len(data) // 2], "flipped": data[:200] + bytes(b ^ 0xFF for b in data[200:400]) + data[400:],
             "zip header only": data[:4]}
    for name, content in cases.items():
        path = tmp_path / f"{name.replace(' ', '_')}.npz"
        path.write_bytes(content)
        r = coding(path, tmp_path / "coding.h5")
        assert r.returncode == 2 and str(path) in r.stderr, (name, r.stderr)
