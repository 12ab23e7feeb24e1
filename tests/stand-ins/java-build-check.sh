#!/usr/bin/env bash
# Build and run generated Java Dockerfiles with the Java stand-in images, beyond the engine tier's two
# Maven cases: Gradle too, and the heap share (Maven Central and Gradle's hosts are unreachable here;
# docs/generated-files.md says what this covers). For Maven x Gradle and slim x distroless: render tests/apps/java-* with `scaffold new`, then
# `docker compose up --build --wait`, and check the health status, the heap share the app reports, a
# clean `docker compose stop` (the app's shutdown message, exit status 143) and the image size.
#
# Usage: tests/stand-ins/java-build-check.sh    (needs a running engine and the stand-ins:
#        scripts/base-images.sh, then scripts/stand-ins.sh)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
REPO=$PWD
WORK=$(mktemp -d /tmp/java-build-check.XXXXXX)
export DOCKER_BUILDKIT=1
d() { env -u DOCKER_CONTEXT DOCKER_HOST=unix:///var/run/docker.sock /usr/bin/docker "$@"; }

# name app package-manager runtime-base kind memory expected-heap-MiB-at-least shutdown-message
CASES=(
    "jcheck-maven-slim java-maven-web maven slim web 512m 280 shutting down"
    "jcheck-maven-distroless java-maven-web maven distroless web 256m 115 shutting down"
    "jcheck-gradle-slim java-gradle-worker gradle slim worker 1g 650 worker: stopped cleanly"
    "jcheck-gradle-distroless java-gradle-worker gradle distroless worker 2g 1400 worker: stopped cleanly"
)
status=0
for case in "${CASES[@]}"; do
    read -r name app manager base kind memory heap message <<<"$case"
    folder=$WORK/$name
    cp -a "tests/apps/$app" "$folder"
    entrypoint='target/*.jar'
    if [[ $manager == gradle ]]; then entrypoint='build/libs/*.jar'; fi
    # Web apps: the HTTP probe in the slim runtime, the TCP probe in distroless.
    web=()
    if [[ $kind == web && $base == slim ]]; then
        web=(--port 8080 --health-path /health)
    elif [[ $kind == web ]]; then
        web=(--port 8080 --health-path '')
    fi
    "$REPO/.venv/bin/scaffold" new "$folder" --app-name "$name" --language java --package-manager "$manager" \
        --runtime-base "$base" --java-version 17 --app-kind "$kind" --entrypoint "$entrypoint" \
        --memory "$memory" --memory-reservation 64m "${web[@]}" >/dev/null
    (
        cd "$folder"
        if ! d compose up --build --wait >"$folder.log" 2>&1; then
            echo "$name: FAILED to come up healthy (log: $folder.log)"
            exit 1
        fi
        size=$(d image inspect -f '{{.Size}}' "$name:local")
        reported=$(d compose logs 2>&1 | sed -n 's/.*max heap \([0-9]*\) MiB.*/\1/p' | head -n 1)
        d compose stop >/dev/null 2>&1
        exit_code=$(d inspect -f '{{.State.ExitCode}}' "$name-$name-1")
        d compose logs 2>&1 | grep -q "$message" || { echo "$name: no '$message' in the log"; exit 1; }
        d compose down >/dev/null 2>&1
        ((reported >= heap)) || { echo "$name: max heap $reported MiB, expected at least $heap"; exit 1; }
        [[ $exit_code == 143 ]] || { echo "$name: exit status $exit_code after stop, expected 143"; exit 1; }
        echo "$name: healthy, max heap $reported MiB of $memory, clean stop (143), image $size bytes"
    ) || status=1
done
rm -rf "$WORK"
exit $status
