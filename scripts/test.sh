#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs everything it needs, then runs every tier.
#
#   bash scripts/test.sh              # everything: unit, prompts, CLI, golden, lint tier, engine tier
#   bash scripts/test.sh -m "not engine"   # extra arguments go to one pytest run instead
#
# It installs the project into .venv (again only when pyproject.toml changed), the linters into
# $SCAFFOLD_TOOLS_DIR (scripts/install-tools.sh), starts a Docker engine (scripts/engine.sh) and builds the
# stand-in base images (scripts/base-images.sh, then scripts/stand-ins.sh for the other languages' images;
# each image is rebuilt only when its recipe changed).
#
# Without arguments pytest runs four times, one tier each: the fast tier on two worker processes
# (pytest-xdist; its tests share nothing writable, see tests/shared_run.py), then the lint tier and the
# engine tier in one process each: the lint tier runs each linter once over every variant, and the engine
# tier's build and start timings need the machine to themselves. After the fast tier the Hypothesis properties
# run again at full strength (HYPOTHESIS_PROFILE=thorough, see tests/examples.py): the fast tier tries an
# eighth of their examples. The last line adds up all four.
# Set SCAFFOLD_SKIP_ENGINE=1 to leave the engine alone (the engine tier then skips, or fails under CI).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON=${PYTHON:-python3}

step() { printf '\n[test] %s\n' "$*"; }

step "project venv"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
# The editable install follows the source by itself; only pyproject.toml (dependencies, entry points)
# needs a new install, so the stamp records its hash.
stamp=.venv/.scaffold-install
want=$(cat pyproject.toml <(.venv/bin/python --version) | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  echo "up to date with pyproject.toml"
else
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
  echo "$want" >"$stamp"
fi

step "linters"
bash scripts/install-tools.sh
export PATH="${SCAFFOLD_TOOLS_DIR:-$HOME/.cache/scaffold-tools}/bin:$PATH"

if [ "${SCAFFOLD_SKIP_ENGINE:-0}" != 1 ]; then
  step "docker engine"
  bash scripts/engine.sh up </dev/null
  step "stand-in base images"
  bash scripts/base-images.sh </dev/null
  bash scripts/stand-ins.sh </dev/null
fi

step "static checks"
.venv/bin/ruff check generator tests
.venv/bin/ruff format --check generator tests
.venv/bin/mypy

if [ $# -gt 0 ]; then
  step "pytest $*"
  exec .venv/bin/python -m pytest "$@"
fi

reports=$(mktemp -d)
trap 'rm -rf "$reports"' EXIT
status=0
tier() { # name, pytest arguments...
  local name=$1
  shift
  step "pytest: $name"
  .venv/bin/python -m pytest --junit-xml="$reports/$name.xml" "$@" || status=1
}
tier fast -n 2 --dist worksteal -m "not lint and not engine"
HYPOTHESIS_PROFILE=thorough tier properties -n 2 --dist worksteal -m "properties and not lint and not engine"
tier lint -m lint
tier engine -m engine

step "all tiers"
.venv/bin/python - "$reports"/*.xml <<'EOF'
"""Add up the tiers' JUnit reports into one closing line."""
import sys
import xml.etree.ElementTree as ElementTree

totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
for path in sys.argv[1:]:
    for suite in ElementTree.parse(path).getroot().iter("testsuite"):
        for key in totals:
            totals[key] += int(suite.get(key, 0))
failed = totals["failures"] + totals["errors"]
passed = totals["tests"] - failed - totals["skipped"]
print(f"suite: {passed} passed, {failed} failed, {totals['skipped']} skipped")
EOF
exit $status
