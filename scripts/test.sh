#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs everything it needs, then runs every tier.
#
#   bash scripts/test.sh              # everything: unit, prompts, CLI, golden, lint tier, engine tier
#   bash scripts/test.sh -m "not engine"   # extra arguments go to pytest
#
# It installs the project into .venv, the linters into $SCAFFOLD_TOOLS_DIR (scripts/install-tools.sh),
# starts a Docker engine (scripts/engine.sh) and builds the stand-in base images (scripts/base-images.sh,
# then scripts/stand-ins.sh for the other languages' images).
# Set SCAFFOLD_SKIP_ENGINE=1 to leave the engine alone (the engine tier then skips, or fails under CI).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON=${PYTHON:-python3}

step() { printf '\n[test] %s\n' "$*"; }

step "project venv"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'

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

step "pytest"
.venv/bin/python -m pytest "$@"
