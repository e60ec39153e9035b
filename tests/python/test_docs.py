"""What a user reads: the README's Python example runs as printed, help() teaches, and the
type stubs name what the module has."""
import ast
import pathlib
import re
import subprocess
import sys

import spikesim as ss
from spikesim import _spikesim

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_the_readme_python_example_runs_as_printed():
    readme = (ROOT / "README.md").read_text()
    usage = readme[readme.index("## Using it"):]
    code = re.search(r"```python\n(.*?)```", usage, re.S).group(1)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "17798 excitatory spikes"


def test_help_teaches():
    for thing in (ss.Network, ss.Network.add_neurons, ss.Network.add_source, ss.Network.connect,
                  ss.Network.connect_arrays, ss.Simulation, ss.Simulation.run, ss.Simulation.write,
                  ss.Simulation.record_membrane, ss.SpikeRecorder, ss.MembraneRecorder,
                  ss.InputError, ss.convert, ss.read_spikes, ss.to_neo, ss.layers_from_state_dict,
                  ss.fixed_probability, ss.experiments.coding, ss.experiments.two_input, ss):
        assert thing.__doc__ and len(thing.__doc__) > 60, thing
    for model in ("lif_delta", "lif_exp", "lif_alpha", "lif_cond_exp", "adex", "izhikevich"):
        assert model + ":" in ss.Network.add_neurons.__doc__


def test_the_stubs_name_what_the_module_has():
    stub = ast.parse((ROOT / "python" / "spikesim" / "_spikesim.pyi").read_text())
    stubbed = {n.name for n in stub.body if isinstance(n, (ast.ClassDef, ast.FunctionDef))}
    public = {n for n in dir(_spikesim) if not n.startswith("_")}
    assert stubbed == public
    for cls in (n for n in stub.body if isinstance(n, ast.ClassDef) and not n.name.endswith(("Error", "Violation"))):
        members = {m.name for m in cls.body if isinstance(m, ast.FunctionDef)} - {"__init__"}
        actual = {m for m in dir(getattr(_spikesim, cls.name)) if not m.startswith("_")}
        assert {m for m in members if not m.startswith("_")} == actual, cls.name
