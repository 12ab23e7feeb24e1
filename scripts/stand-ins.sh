#!/usr/bin/env bash
# Build the stand-ins for the Node, Go, Rust and Java base images from tests/stand-ins/*/Dockerfile.
#
# No registry is reachable from this machine, so every image a generated Dockerfile names is built
# locally. scripts/base-images.sh makes the Debian and Python ones from debootstrap; this script derives
# the others from its debian:12-slim with `docker build` (Debian packages: nodejs, golang, rustc, JDK).
#
# Each folder tests/stand-ins/NAME holds a Dockerfile whose first line is `# image: REPO:TAG`. Folders
# are built in name order, so a stand-in may start FROM one whose folder sorts before it. An image is
# rebuilt only when its recipe changed: a hash of its folder's files and of the id of each image its
# Dockerfile starts FROM, stored as the image's label org.scaffold.stand-in.recipe. So a rebuilt
# debian:12-slim (scripts/base-images.sh) rebuilds every stand-in made from it, and nothing else does.
#
# Usage: scripts/stand-ins.sh [--rebuild] [--list] [--dry-run]
#   --dry-run  only say which images are current and which would be built
# Needs a running engine (scripts/engine.sh up) and the base images (scripts/base-images.sh).
# Test images only: they trust this machine's CA certificates through debian:12-slim. Never push them.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
DOCKER=/usr/bin/docker
LABEL=org.scaffold.stand-in.recipe
REBUILD=0
LIST_ONLY=0
DRY_RUN=0
for a in "$@"; do
    case $a in
    --rebuild) REBUILD=1 ;;
    --list) LIST_ONLY=1 ;;
    --dry-run) DRY_RUN=1 ;;
    -h | --help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "stand-ins: unknown argument: $a" >&2; exit 2 ;;
    esac
done

log() { printf 'stand-ins: %s\n' "$*" >&2; }
d() { env -u DOCKER_CONTEXT DOCKER_HOST=unix:///var/run/docker.sock DOCKER_BUILDKIT=1 "$DOCKER" "$@"; }

image_of() { sed -n '1s/^# image: *//p' "$1/Dockerfile"; }
# The images a Dockerfile starts FROM (its options such as --platform skipped), each once.
parents_of() { awk 'toupper($1) == "FROM" { i = 2; while ($i ~ /^--/) i++; print $i }' "$1/Dockerfile" | sort -u; }
recipe_of() {
    local parent
    {
        (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
        for parent in $(parents_of "$1"); do
            # scratch and the Dockerfile's own stages are no images: "none" keeps the hash stable.
            printf '%s %s\n' "$parent" "$(d image inspect --format '{{.Id}}' "$parent" 2>/dev/null || echo none)"
        done
    } | sha256sum | cut -c1-16
}

# One run at a time: two runs would build the same images side by side.
CACHE=${SCAFFOLD_CACHE_DIR:-$HOME/.cache/scaffold}
mkdir -p "$CACHE"
exec 9>"$CACHE/.stand-ins.lock"
flock 9

shopt -s nullglob
status=0
for dir in tests/stand-ins/*/; do
    dir=${dir%/}
    image=$(image_of "$dir")
    if [[ -z $image ]]; then
        log "$dir/Dockerfile lacks its first line '# image: REPO:TAG'"
        exit 2
    fi
    if ((LIST_ONLY)); then
        printf '%-45s %s\n' "$image" "$(d image inspect --format '{{.Size}}' "$image" 2>/dev/null || echo missing)"
        continue
    fi
    recipe=$(recipe_of "$dir")
    have=$(d image inspect --format "{{ index .Config.Labels \"$LABEL\" }}" "$image" 2>/dev/null || true)
    if ((REBUILD == 0)) && [[ $have == "$recipe" ]]; then
        log "$image is current (recipe $recipe); skipping"
        continue
    fi
    if ((DRY_RUN)); then
        log "would build $image from $dir (recipe $recipe)"
        continue
    fi
    log "building $image from $dir (log: /tmp/stand-in-$(basename "$dir").log) ..."
    start=$SECONDS
    if d build --label "$LABEL=$recipe" --tag "$image" "$dir" </dev/null >"/tmp/stand-in-$(basename "$dir").log" 2>&1; then
        log "built $image in $((SECONDS - start)) s"
    else
        tail -n 30 "/tmp/stand-in-$(basename "$dir").log" >&2
        log "ERROR: building $image failed"
        status=1
    fi
done
exit $status
