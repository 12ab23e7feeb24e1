#!/usr/bin/env bash
# Install scaffold's one Docker Compose: Debian trixie's `docker-compose`
# package (Compose v2, 2.26.x), used by the lint tier (`docker compose config`)
# and the engine tier (`docker compose up --build --wait`) alike.
#
# Why this one: it builds through the engine's built-in BuildKit (RUN --mount
# works with DOCKER_BUILDKIT=1) against Debian bookworm's dockerd 20.10, and
# applies deploy.resources.limits. Newer Compose releases (v2.30+, the PyPI
# wheels) insist on buildx >= 0.17 for `build` and otherwise fall back to the
# classic builder, which cannot build scaffold's Dockerfiles; bookworm's own
# docker-compose package is Compose v1. The package's only dependency is
# libc6 (>= 2.34), which bookworm satisfies.
#
# How, without touching this machine's apt configuration: a private apt
# state (own sources file, lists and cache dirs under the cache dir) that
# knows only trixie/main.
#   1. `apt-get update` checks the InRelease signature against
#      /usr/share/keyrings/debian-archive-keyring.gpg (which carries the
#      trixie keys), so the Packages index is authentic;
#   2. `apt-get download` checks the .deb against the index's SHA256; the
#      script compares the two once more itself and checks the package name
#      and version with dpkg-deb;
#   3. the plugin binary is extracted (dpkg-deb -x; the package is not
#      "installed", so dpkg's database and apt's state are untouched) and
#      copied to every place the docker CLIs look first:
#        ~/.docker/cli-plugins/docker-compose            (searched first by every client)
#        /usr/local/lib/docker/cli-plugins/docker-compose
#      and linked as $TOOLS_DIR/bin/docker-compose (standalone `docker-compose`).
#   4. The binary's SHA256 is recorded; re-runs only re-check it (no network).
#
# Usage: scripts/install-compose.sh [--force]
#
# Environment (all optional):
#   SCAFFOLD_TOOLS_DIR       tools dir (default $HOME/.cache/scaffold-tools)
#   SCAFFOLD_DEBIAN_MIRROR   Debian mirror (default: the host's apt source)
#   SCAFFOLD_COMPOSE_SUITE   Debian suite to take the package from (default trixie)
#   SCAFFOLD_COMPOSE_FORCE=1 same as --force: fetch and reinstall
set -euo pipefail

TOOLS_DIR=${SCAFFOLD_TOOLS_DIR:-$HOME/.cache/scaffold-tools}
SUITE=${SCAFFOLD_COMPOSE_SUITE:-trixie}
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
# Compose 2.2x: >= 2.20 for `up --wait`/`--wait-timeout`, < 2.30 because
# later releases refuse to build without buildx >= 0.17 (see above).
MIN_MINOR=20
MAX_MINOR=29
HOME_DIR=$TOOLS_DIR/compose
BIN=$TOOLS_DIR/bin
PLUGIN_DIRS=("$HOME/.docker/cli-plugins" /usr/local/lib/docker/cli-plugins)
FORCE=${SCAFFOLD_COMPOSE_FORCE:-0}
[[ ${1:-} == --force ]] && FORCE=1

log() { printf '[install-compose] %s\n' "$*" >&2; }
die() { printf '[install-compose] ERROR: %s\n' "$*" >&2; exit 1; }

# The version check every copy must pass: Compose v2, minor within range.
check_version() { # binary -> prints the version, fails otherwise
    local v major minor
    v=$("$1" version --short 2>/dev/null) || return 1
    v=${v#v}
    major=${v%%.*}
    minor=${v#*.}
    minor=${minor%%.*}
    [[ $major == 2 && $minor =~ ^[0-9]+$ ]] && ((minor >= MIN_MINOR && minor <= MAX_MINOR)) || return 1
    printf '%s\n' "$v"
}

installed_ok() { # the cached binary exists and still has the recorded hash
    [[ -x $HOME_DIR/docker-compose && -s $HOME_DIR/SHA256SUMS ]] || return 1
    (cd "$HOME_DIR" && sha256sum --check --status SHA256SUMS) || return 1
    check_version "$HOME_DIR/docker-compose" >/dev/null
}

debian_mirror() {
    local f uri
    if [[ -n ${SCAFFOLD_DEBIAN_MIRROR:-} ]]; then
        printf '%s\n' "$SCAFFOLD_DEBIAN_MIRROR"
        return
    fi
    # deb822 sources first (bookworm's default), then one-line sources.
    for f in /etc/apt/sources.list.d/*.sources; do
        [[ -r $f ]] || continue
        uri=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i ~ /debian\/?$/ && $i !~ /security/) { print $i; exit } }' "$f")
        [[ -n $uri ]] && { printf '%s\n' "${uri%/}"; return; }
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [[ -r $f ]] || continue
        uri=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^https?:.*debian\/?$/ && $i !~ /security/) { print $i; exit } }' "$f")
        [[ -n $uri ]] && { printf '%s\n' "${uri%/}"; return; }
    done
    printf '%s\n' http://deb.debian.org/debian
}

fetch() {
    if ! command -v apt-get >/dev/null || ! command -v dpkg-deb >/dev/null; then
        die "needs apt-get and dpkg-deb (Debian)"
    fi
    [[ -r $KEYRING ]] || die "$KEYRING missing (apt-get install debian-archive-keyring)"
    local arch mirror work
    arch=$(dpkg --print-architecture)
    mirror=$(debian_mirror)
    work=$HOME_DIR/apt
    rm -rf "$work"
    mkdir -p "$work/etc/parts" "$work/lists/partial" "$work/cache/archives/partial" "$work/deb"
    cat >"$work/etc/trixie.sources" <<EOF
Types: deb
URIs: $mirror
Suites: $SUITE
Components: main
Signed-By: $KEYRING
EOF
    # Only this private state: the host's sources, preferences, lists and dpkg
    # status are neither read nor written. Its apt.conf.d (proxy, snapshot
    # date settings) still applies, as for the host's own apt.
    local apt_opts=(
        -o "Dir::Etc::SourceList=$work/etc/trixie.sources"
        -o "Dir::Etc::SourceParts=$work/etc/parts"
        -o "Dir::Etc::Preferences=$work/etc/preferences"
        -o "Dir::Etc::PreferencesParts=$work/etc/parts"
        -o "Dir::State::Lists=$work/lists"
        -o "Dir::State::status=/dev/null"
        -o "Dir::Cache=$work/cache"
        -o "APT::Architectures::=$arch"
        -o "Acquire::Languages=none"
        -o "Debug::NoLocking=1"
        -q
    )
    : >"$work/etc/preferences"
    # apt drops to the _apt user for downloads; let it write there.
    if id _apt >/dev/null 2>&1; then
        chown -R _apt:root "$work/lists/partial" "$work/cache/archives/partial" "$work/deb"
    fi

    log "apt-get update ($mirror $SUITE main, signature checked against $KEYRING) ..."
    apt-get "${apt_opts[@]}" update >"$work/update.log" 2>&1 ||
        { cat "$work/update.log" >&2; die "apt-get update of $SUITE failed"; }
    # apt turns a bad or missing signature into a warning plus an ignored
    # index; make sure that did not happen.
    if grep -qiE 'NO_PUBKEY|not signed|BADSIG|EXPKEYSIG|is not valid|GPG error' "$work/update.log"; then
        cat "$work/update.log" >&2
        die "the $SUITE index signature did not verify"
    fi

    local version sha_index filename
    # awk reads to the end (no early exit): with pipefail, a SIGPIPE in
    # apt-cache would fail the script.
    version=$(apt-cache "${apt_opts[@]}" show docker-compose 2>/dev/null | awk '/^Version:/ && !v { v = $2 } END { print v }')
    [[ -n $version ]] || die "no docker-compose package in $SUITE/main"
    sha_index=$(apt-cache "${apt_opts[@]}" show "docker-compose=$version" | awk '/^SHA256:/ && !s { s = $2 } END { print s }')
    [[ $sha_index =~ ^[0-9a-f]{64}$ ]] || die "no SHA256 for docker-compose $version in the $SUITE index"
    log "downloading docker-compose $version from $SUITE ..."
    (cd "$work/deb" && apt-get "${apt_opts[@]}" download "docker-compose=$version" >"$work/download.log" 2>&1) ||
        { cat "$work/download.log" >&2; die "apt-get download docker-compose=$version failed"; }
    filename=$(find "$work/deb" -maxdepth 1 -name "docker-compose_*.deb" -print -quit)
    [[ -n $filename ]] || die "apt-get download left no .deb"
    # apt already refused a .deb not matching the signed index; check anyway,
    # so the guarantee does not depend on apt's configuration.
    [[ $(sha256sum "$filename" | cut -d' ' -f1) == "$sha_index" ]] ||
        die "SHA256 of $filename does not match the signed $SUITE index ($sha_index)"
    [[ $(dpkg-deb -f "$filename" Package) == docker-compose && $(dpkg-deb -f "$filename" Version) == "$version" ]] ||
        die "$filename is not docker-compose $version"

    rm -rf "$work/root"
    dpkg-deb -x "$filename" "$work/root"
    local plugin=$work/root/usr/libexec/docker/cli-plugins/docker-compose
    [[ -x $plugin ]] || die "the package holds no usr/libexec/docker/cli-plugins/docker-compose"
    check_version "$plugin" >/dev/null || die "$plugin: not a Compose 2.$MIN_MINOR-2.$MAX_MINOR that runs here ($("$plugin" version 2>&1 || true))"
    install -m 0755 "$plugin" "$HOME_DIR/docker-compose.tmp"
    mv -f "$HOME_DIR/docker-compose.tmp" "$HOME_DIR/docker-compose"
    (cd "$HOME_DIR" && sha256sum docker-compose >SHA256SUMS)
    printf 'docker-compose %s from %s %s (deb sha256 %s)\n' "$version" "$mirror" "$SUITE" "$sha_index" >"$HOME_DIR/SOURCE"
    rm -rf "$work"
    log "docker-compose $version verified and extracted to $HOME_DIR"
}

mkdir -p "$HOME_DIR" "$BIN"
if [[ $FORCE == 1 ]] || ! installed_ok; then
    fetch
else
    log "cached: $(cat "$HOME_DIR/SOURCE" 2>/dev/null || echo "$HOME_DIR/docker-compose")"
fi

# A copy (not a symlink) in each plugin dir, so removing the tools dir does
# not leave a dangling plugin. Whatever was there (e.g. a newer Compose that
# cannot build here) is replaced: the CLI takes the first plugin it finds.
ok=0
for dir in "${PLUGIN_DIRS[@]}"; do
    mkdir -p "$dir" 2>/dev/null || { log "cannot create $dir; skipping"; continue; }
    if ! cmp -s "$HOME_DIR/docker-compose" "$dir/docker-compose"; then
        if [[ -e $dir/docker-compose ]]; then
            log "replacing $dir/docker-compose ($("$dir/docker-compose" version --short 2>/dev/null || echo unknown))"
        fi
        if ! install -m 0755 "$HOME_DIR/docker-compose" "$dir/docker-compose.tmp" ||
            ! mv -f "$dir/docker-compose.tmp" "$dir/docker-compose"; then
            log "cannot write $dir/docker-compose; skipping"
            continue
        fi
    fi
    ok=1
done
((ok)) || die "could not install the Compose plugin in any of: ${PLUGIN_DIRS[*]}"
ln -sfn "$HOME_DIR/docker-compose" "$BIN/docker-compose"

# Every docker client on this machine must now resolve `docker compose` to it.
want=$(check_version "$HOME_DIR/docker-compose") || die "$HOME_DIR/docker-compose does not run"
for docker_bin in /usr/bin/docker /usr/local/bin/docker; do
    [[ -x $docker_bin ]] || continue
    got=$(DOCKER_CLI_HINTS=false "$docker_bin" compose version --short 2>/dev/null || echo none)
    [[ ${got#v} == "$want" ]] || die "$docker_bin compose is '$got', not $want (another plugin earlier in its search path?)"
done
log "docker compose $want (plugin dirs: ${PLUGIN_DIRS[*]}; standalone: $BIN/docker-compose)"
