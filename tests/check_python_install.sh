#!/usr/bin/env bash
# After the README's commands, `/usr/bin/python3 -c "import spikesim"` works from any
# directory, without PYTHONPATH, and imports the package installed in the system's Python
# path (scripts/build.sh runs cmake --install --component python).
# Usage: check_python_install.sh PYTHON INSTALL_DIR BUILT_MODULE
set -euo pipefail
python=$1 dir=$2 built=$3
cd /
where=$(env -u PYTHONPATH "$python" -c "import spikesim; print(spikesim.__file__)") || {
  echo "import spikesim failed from /: run bash scripts/build.sh (it installs the package into $dir)"; exit 1; }
[ "$where" = "$dir/spikesim/__init__.py" ] || { echo "spikesim imported from $where, not $dir"; exit 1; }
# The installed package is this build's, as far as its interface goes (a rebuild without
# install may differ inside; scripts/build.sh installs every time).
api='import spikesim, spikesim._spikesim as m; print(spikesim.__version__, sorted(dir(m)), sorted(dir(spikesim)))'
built_dir=$(dirname "$(dirname "$built")")
[ "$(env -u PYTHONPATH "$python" -c "$api")" = "$(PYTHONPATH=$built_dir "$python" -c "$api")" ] || {
  echo "the installed package's interface is not this build's: run bash scripts/build.sh"; exit 1; }
env -u PYTHONPATH "$python" -c "import spikesim as ss; n = ss.Network(); n.add_neurons('lif_exp', 2); print('installed spikesim', ss.__version__, 'at', ss.__file__)"
