#!/usr/bin/env bash
# Start/stop a local Docker engine (Debian's docker.io: dockerd 20.10 with
# built-in BuildKit) for scaffold's integration tests.
#
# Usage: scripts/engine.sh up|down|status|check
#
#   up      install docker.io (+ iptables, containerd, runc, tini) if missing,
#           start dockerd detached (own session, no inherited fds, stdin
#           /dev/null, output to the log), wait until it answers, self-test
#           storage + BuildKit on the first start. Fast no-op when already up.
#   down    stop dockerd cleanly (SIGTERM, then SIGKILL after a timeout).
#   status  exit 0 if the engine answers, 1 otherwise.
#   check   run the self-test (overlay2 / runc / BuildKit cache mount) now.
#
# Callers use DOCKER=/usr/bin/docker and DOCKER_BUILDKIT=1. The docker first
# on PATH (/usr/local/bin/docker) has no buildx and refuses BuildKit.
#
# Environment (all optional):
#   SCAFFOLD_DOCKERD_LOG      log file        (default /var/log/scaffold-dockerd.log)
#   SCAFFOLD_ENGINE_TIMEOUT   seconds to wait (default 60)
#   SCAFFOLD_STORAGE_DRIVER   force a storage driver (e.g. vfs); default: overlay2,
#                             falling back to vfs if dockerd cannot use overlay2
#   SCAFFOLD_DOCKERD_ARGS     extra dockerd arguments (word-split)
set -euo pipefail

DOCKER=/usr/bin/docker
DOCKERD=/usr/sbin/dockerd
LOG=${SCAFFOLD_DOCKERD_LOG:-/var/log/scaffold-dockerd.log}
TIMEOUT=${SCAFFOLD_ENGINE_TIMEOUT:-60}
PIDFILE=/var/run/docker.pid
SOCK=/var/run/docker.sock

log() { printf 'engine: %s\n' "$*" >&2; }
die() { printf 'engine: ERROR: %s\n' "$*" >&2; exit 1; }

# Talk to the local daemon only, whatever the caller's environment says.
d() { env -u DOCKER_CONTEXT DOCKER_HOST="unix://$SOCK" "$DOCKER" "$@"; }

answers() { d version >/dev/null 2>&1; }

# A process that exists and is not a zombie (a killed daemon whose parent is
# gone can stay a zombie for a while if PID 1 is slow to reap it).
alive() {
    local state
    kill -0 "$1" 2>/dev/null || return 1
    state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
    [[ -n $state && $state != Z && $state != X ]]
}

dockerd_pid() {
    local pid
    [[ -r $PIDFILE ]] || return 1
    pid=$(<"$PIDFILE")
    [[ -n $pid ]] && alive "$pid" || return 1
    [[ $(cat "/proc/$pid/comm" 2>/dev/null) == dockerd ]] || return 1
    printf '%s\n' "$pid"
}

ensure_installed() {
    local missing=()
    [[ -x $DOCKERD && -x $DOCKER ]] || missing+=(docker.io)
    command -v containerd >/dev/null 2>&1 || missing+=(containerd)
    command -v runc >/dev/null 2>&1 || missing+=(runc)
    command -v iptables >/dev/null 2>&1 || missing+=(iptables)
    [[ -x /usr/bin/docker-init ]] || missing+=(tini)
    ((${#missing[@]})) || return 0

    log "installing ${missing[*]} (Debian packages) ..."
    local added_policy=0
    # Never let the package's init script start a daemon of its own (it would
    # inherit our file descriptors): policy-rc.d exit 101 = "don't start".
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod +x /usr/sbin/policy-rc.d
        added_policy=1
    fi
    local rc=0
    {
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q >/dev/null || true
        apt-get install -y -q --no-install-recommends \
            docker.io containerd runc iptables tini pigz xz-utils </dev/null
    } >>"$LOG.install" 2>&1 || rc=$?
    ((added_policy)) && rm -f /usr/sbin/policy-rc.d
    if ((rc)); then
        tail -n 30 "$LOG.install" >&2 || true
        die "apt-get install failed (rc=$rc); full log: $LOG.install"
    fi
    [[ -x $DOCKERD && -x $DOCKER ]] || die "docker.io installed but $DOCKERD / $DOCKER missing"
}

# MTU of the interface carrying the default route: containers behind a bridge
# with a bigger MTU than the uplink get stuck in TLS handshakes.
uplink_mtu() {
    local dev
    dev=$(ip -o route show default 2>/dev/null | awk '{for(i=1;i<NF;i++) if($i=="dev"){print $(i+1); exit}}') || true
    [[ -n ${dev:-} && -r /sys/class/net/$dev/mtu ]] && cat "/sys/class/net/$dev/mtu"
}

start_dockerd() { # $1 = storage driver ("" = dockerd's choice)
    local args=(--host "unix://$SOCK" --pidfile "$PIDFILE")
    [[ -n $1 ]] && args+=(--storage-driver "$1")
    local mtu
    mtu=$(uplink_mtu || true)
    if [[ -n $mtu && $mtu -lt 1500 ]]; then
        args+=(--mtu "$mtu")
    fi
    # shellcheck disable=SC2206
    [[ -n ${SCAFFOLD_DOCKERD_ARGS:-} ]] && args+=($SCAFFOLD_DOCKERD_ARGS)

    mkdir -p "$(dirname "$LOG")"
    printf '\n==== %s engine.sh: dockerd %s\n' "$(date -u +%FT%TZ)" "${args[*]}" >>"$LOG"
    # Detach completely: new session (setsid), stdin from /dev/null, stdout and
    # stderr to the log, and every other inherited descriptor closed, so that
    # a caller's pipe (CI's output) is not held open by the daemon.
    (
        cd /
        for fd in /proc/self/fd/*; do
            fd=${fd##*/}
            if ((fd > 2)); then eval "exec $fd>&-" 2>/dev/null || true; fi
        done
        exec setsid "$DOCKERD" "${args[@]}" </dev/null >>"$LOG" 2>&1
    ) &
    local pid=$! waited=0
    while ! answers; do
        if ! alive "$pid" && ! dockerd_pid >/dev/null; then
            return 1 # dockerd exited
        fi
        if ((waited >= TIMEOUT * 5)); then
            return 2
        fi
        sleep 0.2
        waited=$((waited + 1))
    done
    return 0
}

fail_with_log() {
    log "dockerd did not come up: $1; last lines of $LOG:"
    tail -n 40 "$LOG" >&2 || true
    exit 1
}

# Smallest possible end-to-end test that needs no registry and no base image:
# FROM scratch + the static docker-init (tini) binary. Exercises the storage
# driver, runc, cgroups, and BuildKit's RUN --mount=type=cache.
self_test() {
    local dir tag=scaffold-engine-selftest:latest
    dir=$(mktemp -d)
    cp /usr/bin/docker-init "$dir/tini"
    cat >"$dir/Dockerfile" <<'EOF'
FROM scratch
COPY tini /tini
RUN --mount=type=cache,target=/root/.cache/pip ["/tini", "--version"]
CMD ["/tini", "--version"]
EOF
    local out rc=0
    out=$(DOCKER_BUILDKIT=1 d build --progress=plain -q -t "$tag" "$dir" 2>&1) || rc=$?
    rm -rf "$dir"
    if ((rc)); then
        printf '%s\n' "$out" >&2
        log "self-test FAILED: BuildKit build (RUN --mount=type=cache) did not work"
        return 1
    fi
    if ! out=$(d run --rm --read-only --cap-drop ALL --security-opt no-new-privileges:true \
        --memory 64m --cpus 0.5 --pids-limit 10 "$tag" 2>&1); then
        printf '%s\n' "$out" >&2
        log "self-test FAILED: docker run of the self-test image"
        return 1
    fi
    d image rm -f "$tag" >/dev/null 2>&1 || true
    return 0
}

describe() {
    local info
    info=$(d info --format 'server={{.ServerVersion}} storage={{.Driver}} cgroup={{.CgroupVersion}}/{{.CgroupDriver}} memlimit={{.MemoryLimit}} cpuquota={{.CPUCfsQuota}} pidslimit={{.PidsLimit}}' 2>/dev/null) || info='?'
    log "up: $info (use DOCKER=$DOCKER DOCKER_BUILDKIT=1)"
    d info 2>&1 >/dev/null | sed 's/^/engine: docker info: /' >&2 || true
}

cmd_up() {
    if answers; then
        describe
        return 0
    fi
    ensure_installed
    if pid=$(dockerd_pid); then
        # A daemon is running but not answering (yet): give it the timeout.
        log "dockerd (pid $pid) is running but not answering; waiting ..."
        local i
        for ((i = 0; i < TIMEOUT * 5; i++)); do
            answers && break
            alive "$pid" || break
            sleep 0.2
        done
        if ! answers && ! alive "$pid"; then
            log "dockerd (pid $pid) went away; starting a new one"
            cmd_up
            return
        fi
        answers || fail_with_log "existing dockerd pid $pid does not answer within ${TIMEOUT}s"
        describe
        return 0
    fi

    # Pid files of a dead (or zombie) dockerd / its containerd make dockerd
    # refuse to start, or wait for a containerd that will never answer.
    rm -f "$PIDFILE"
    local cpidf=/var/run/docker/containerd/containerd.pid cpid
    if [[ -r $cpidf ]]; then
        cpid=$(<"$cpidf")
        if [[ -z $cpid ]] || ! alive "$cpid"; then rm -f "$cpidf"; fi
    fi

    local driver=${SCAFFOLD_STORAGE_DRIVER:-} rc=0
    log "starting dockerd (log: $LOG) ..."
    start_dockerd "$driver" || rc=$?
    if ((rc == 1)) && tail -n 40 "$LOG" | grep -qi 'iptables' &&
        [[ $(readlink -f "$(command -v iptables)") == *nft* ]] && [[ -x /usr/sbin/iptables-legacy ]]; then
        log "WARNING: dockerd failed on iptables (nf_tables); switching iptables to iptables-legacy and retrying"
        update-alternatives --set iptables /usr/sbin/iptables-legacy >/dev/null
        update-alternatives --set ip6tables /usr/sbin/ip6tables-legacy >/dev/null 2>&1 || true
        rm -f "$PIDFILE"
        rc=0
        start_dockerd "$driver" || rc=$?
    fi
    if ((rc == 2)); then
        fail_with_log "no answer within ${TIMEOUT}s"
    elif ((rc == 1)); then
        if [[ -z $driver ]] && tail -n 40 "$LOG" | grep -qiE 'overlay|graphdriver|storage-driver'; then
            log "WARNING: dockerd failed with the default storage driver (overlay2); retrying with --storage-driver vfs (slow, uses much more disk)"
            tail -n 10 "$LOG" >&2 || true
            driver=vfs
            rc=0
            rm -f "$PIDFILE"
            start_dockerd "$driver" || rc=$?
            ((rc == 0)) || fail_with_log "dockerd exited (also with vfs)"
        else
            fail_with_log "dockerd exited"
        fi
    fi

    local actual
    actual=$(d info --format '{{.Driver}}' 2>/dev/null || echo '?')
    if [[ $actual != overlay2 ]]; then
        log "WARNING: storage driver is '$actual', not overlay2: builds will be slower and use more disk"
    fi
    if ! self_test; then
        if [[ $actual == overlay2 && -z ${SCAFFOLD_STORAGE_DRIVER:-} ]]; then
            log "WARNING: overlay2 started but does not work; restarting dockerd with --storage-driver vfs"
            cmd_down
            rm -f "$PIDFILE"
            rc=0
            start_dockerd vfs || rc=$?
            ((rc == 0)) || fail_with_log "dockerd with vfs did not come up"
            self_test || fail_with_log "self-test failed with vfs too"
        else
            fail_with_log "self-test failed"
        fi
    fi
    describe
}

cmd_down() {
    local pid
    if ! pid=$(dockerd_pid); then
        log "dockerd is not running (no live pid in $PIDFILE)"
        return 0
    fi
    log "stopping dockerd (pid $pid) ..."
    kill -TERM "$pid" 2>/dev/null || true
    local i
    for ((i = 0; i < 150; i++)); do # 30 s: dockerd stops containers (10 s grace) first
        alive "$pid" || break
        sleep 0.2
    done
    if alive "$pid"; then
        log "dockerd did not stop in 30 s; sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        sleep 1
    fi
    log "dockerd stopped"
}

cmd_status() {
    if answers; then
        d version --format 'engine: running (server {{.Server.Version}}, API {{.Server.APIVersion}})' >&2
        return 0
    fi
    log "not running"
    return 1
}

case ${1:-} in
up) cmd_up ;;
down) cmd_down ;;
status) cmd_status ;;
check)
    answers || die "engine is not running (scripts/engine.sh up)"
    self_test && log "self-test passed"
    ;;
*)
    echo "usage: $0 up|down|status|check" >&2
    exit 2
    ;;
esac
