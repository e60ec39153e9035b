#!/usr/bin/env python3
"""Fails when a source file includes a header from a layer above its own.

The layers (docs/architecture.md), each allowed to include itself and those listed:
    sim          the engine
    models       sim
    io           sim, models
    config       sim, models, io
    experiments  sim, models, io, config, analysis
    analysis     sim, models, io
    cli, python  everything below them (not each other)

Usage: check_layers.py SOURCE_ROOT     (exit 1 and one line per upward include)
       check_layers.py --self-test     (checks that a planted upward include is found)
"""
import pathlib
import re
import sys
import tempfile

BELOW = {
    "sim": set(),
    "models": {"sim"},
    "io": {"sim", "models"},
    "config": {"sim", "models", "io"},
    "experiments": {"sim", "models", "io", "config", "analysis"},
    "analysis": {"sim", "models", "io"},
    "cli": {"sim", "models", "io", "config", "experiments", "analysis"},
    "python": {"sim", "models", "io", "config", "experiments", "analysis"},
}
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^/"]+)/[^"]*"', re.MULTILINE)
SOURCES = (".hpp", ".cpp", ".h", ".cc")


def upward_includes(root):
    root = pathlib.Path(root)
    found = []
    for layer, below in BELOW.items():
        for path in sorted((root / layer).rglob("*")):
            if path.suffix not in SOURCES:
                continue
            text = path.read_text(errors="replace")
            for match in INCLUDE.finditer(text):
                target = match.group(1)
                if target in BELOW and target != layer and target not in below:
                    line = text.count("\n", 0, match.start()) + 1
                    found.append(f"{path.relative_to(root)}:{line}: {layer}/ includes "
                                 f"{target}/ (allowed: {', '.join(sorted(below)) or 'none'})")
    return found


def self_test():
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        (root / "sim").mkdir()
        (root / "models").mkdir()
        (root / "models" / "m.hpp").write_text('#include "sim/s.hpp"\n')
        (root / "sim" / "s.hpp").write_text('#include <vector>\n#include "sim/t.hpp"\n')
        if upward_includes(root):
            return "a clean tree was reported"
        (root / "sim" / "s.hpp").write_text('#include <vector>\n #include "models/m.hpp"\n')
        found = upward_includes(root)
        if len(found) != 1 or "sim/s.hpp:2: sim/ includes models/" not in found[0]:
            return f"the planted include was not reported as expected: {found}"
    return None


def main():
    if sys.argv[1:] == ["--self-test"]:
        problem = self_test()
        print(problem or "check_layers: the planted upward include was found")
        return 1 if problem else 0
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    found = upward_includes(sys.argv[1])
    for line in found:
        print(line)
    if not found:
        print("check_layers: no include runs up the layers")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
