#!/usr/bin/env bash
# Make sure the lint tier has a kubectl (for `kubectl kustomize k8s`, which renders the Kubernetes base of
# the --kubernetes variants).
#
# A kubectl already on PATH is used as it is (the machine images CI runs on ship one). Without one, this
# installs Debian bookworm's `kubernetes-client` at a pinned version into $TOOLS_DIR/kubectl, without
# installing the package: `apt-get download` (which checks the .deb against the signed index of the
# host's own Debian sources), the SHA256 compared once more, `dpkg-deb -x`, and a link in $TOOLS_DIR/bin.
# That kubectl is 1.20, whose kustomize (v2.0.3) renders scaffold's base exactly as a current one does;
# PyPI and npm have no kubectl of their own to offer.
#
# Usage: scripts/install-kubectl.sh [--force]
#
# Environment (all optional):
#   SCAFFOLD_TOOLS_DIR        tools dir (default $HOME/.cache/scaffold-tools)
#   SCAFFOLD_KUBECTL_FORCE=1  same as --force: install the pinned kubectl even with one on PATH
set -euo pipefail

TOOLS_DIR=${SCAFFOLD_TOOLS_DIR:-$HOME/.cache/scaffold-tools}
PACKAGE=kubernetes-client
VERSION=1.20.5+really1.20.2-1.1+deb12u1
HOME_DIR=$TOOLS_DIR/kubectl
BIN=$TOOLS_DIR/bin
FORCE=${SCAFFOLD_KUBECTL_FORCE:-0}
[[ ${1:-} == --force ]] && FORCE=1

log() { printf '[install-kubectl] %s\n' "$*" >&2; }
die() { printf '[install-kubectl] ERROR: %s\n' "$*" >&2; exit 1; }

# A kubectl on PATH other than our own link wins (find_tool in tests/lint/tools.py looks there first).
on_path=$(PATH=$(printf '%s' "$PATH" | tr ':' '\n' | grep -vxF "$BIN" | paste -sd:) command -v kubectl || true)
if [[ $FORCE != 1 && -n $on_path ]]; then
    log "using $on_path ($("$on_path" version --client 2>/dev/null | sed -n 1p))"
    exit 0
fi

installed_ok() {
    [[ -x $HOME_DIR/kubectl && -s $HOME_DIR/SHA256SUMS ]] || return 1
    (cd "$HOME_DIR" && sha256sum --check --status SHA256SUMS)
}

fetch() {
    if ! command -v apt-get >/dev/null || ! command -v dpkg-deb >/dev/null; then
        die "needs apt-get and dpkg-deb (Debian)"
    fi
    local work sha_index filename
    work=$HOME_DIR/download
    rm -rf "$work"
    mkdir -p "$work"
    # apt drops to the _apt user for downloads; let it write there.
    if id _apt >/dev/null 2>&1; then chown _apt:root "$work"; fi
    sha_index=$(apt-cache show "$PACKAGE=$VERSION" 2>/dev/null | awk '/^SHA256:/ && !s { s = $2 } END { print s }')
    if [[ ! $sha_index =~ ^[0-9a-f]{64}$ ]]; then
        log "apt-get update (no $PACKAGE $VERSION in the package lists yet) ..."
        apt-get update -q >"$work/update.log" 2>&1 || { cat "$work/update.log" >&2; die "apt-get update failed"; }
        sha_index=$(apt-cache show "$PACKAGE=$VERSION" 2>/dev/null | awk '/^SHA256:/ && !s { s = $2 } END { print s }')
    fi
    [[ $sha_index =~ ^[0-9a-f]{64}$ ]] || die "no $PACKAGE $VERSION in this machine's Debian sources (bookworm has it)"
    log "downloading $PACKAGE $VERSION ..."
    (cd "$work" && apt-get download -q "$PACKAGE=$VERSION" >"$work/download.log" 2>&1) ||
        { cat "$work/download.log" >&2; die "apt-get download $PACKAGE=$VERSION failed"; }
    filename=$(find "$work" -maxdepth 1 -name "${PACKAGE}_*.deb" -print -quit)
    [[ -n $filename ]] || die "apt-get download left no .deb"
    [[ $(sha256sum "$filename" | cut -d' ' -f1) == "$sha_index" ]] ||
        die "SHA256 of $filename does not match the signed index ($sha_index)"
    [[ $(dpkg-deb -f "$filename" Package) == "$PACKAGE" && $(dpkg-deb -f "$filename" Version) == "$VERSION" ]] ||
        die "$filename is not $PACKAGE $VERSION"
    dpkg-deb -x "$filename" "$work/root"
    [[ -x $work/root/usr/bin/kubectl ]] || die "the package holds no usr/bin/kubectl"
    install -m 0755 "$work/root/usr/bin/kubectl" "$HOME_DIR/kubectl"
    (cd "$HOME_DIR" && sha256sum kubectl >SHA256SUMS)
    rm -rf "$work"
}

mkdir -p "$HOME_DIR" "$BIN"
if [[ $FORCE == 1 ]] || ! installed_ok; then
    fetch
fi
ln -sfn "$HOME_DIR/kubectl" "$BIN/kubectl"
log "$BIN/kubectl: $PACKAGE $VERSION ($("$BIN/kubectl" version --client --short 2>/dev/null || true))"
