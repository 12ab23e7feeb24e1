"""The Go health probe (.container/healthcheck.go) compiled as the Dockerfile compiles it, and run.

Each mode is run against the real go-web reference app, inside the stand-in golang image (which has
the shell the scenarios need: a closed port, a redirect, a zombie, a stopped process). The exit codes
are what Docker's HEALTHCHECK reads: 0 healthy, anything else unhealthy.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.spec.model import Spec
from generator.templating.render import render_files

from . import harness

pytestmark = pytest.mark.engine

APP = Path(__file__).resolve().parent.parent / "apps" / "go-web"
GO_IMAGE = "golang:1.19-bookworm"

# Runs in the container: build the probe and the app like the Dockerfile does, then print one
# "<scenario> <exit code>" line per probe run.
SCRIPT = r"""
set -u
export CGO_ENABLED=0 HOME=/tmp GOCACHE=/tmp/go-build GOFLAGS=-buildvcs=false
go build -trimpath -o /tmp/healthcheck /probe/healthcheck.go || exit 3
cp -r /app /tmp/src && cd /tmp/src
go build -trimpath -o /tmp/app . || exit 3
PORT=18080 /tmp/app 2>/dev/null &
for _ in $(seq 100); do /tmp/healthcheck tcp 127.0.0.1:18080 2>/dev/null && break; sleep 0.1; done
run() { name=$1; shift; /tmp/healthcheck "$@" >/dev/null 2>&1; echo "$name $?"; }
# "<state> <ppid>" of a process (the fields after the ')' that closes its name), empty once it is gone.
state() { sed -n 's/^.*) \(.\) \([0-9]*\) .*/\1 \2/p' "/proc/$1/stat" 2>/dev/null; }
is_stopped() { case $(state "$1") in "T "*) return 0 ;; esac; return 1; }
zombie_child_of() {
  for pid in $(ls /proc | grep '^[0-9]*$'); do [ "$(state "$pid")" = "Z $1" ] && return 0; done
  return 1
}
# Poll (10 s at most) until a condition holds, so a probe never runs before the state it tests exists;
# if it never holds, an extra "<name>-unseen 1" line fails the test with the reason.
wait_for() {
  name=$1; shift
  for _ in $(seq 200); do "$@" && return 0; sleep 0.05; done
  echo "$name-unseen 1"
}
run http-ok http http://127.0.0.1:18080/healthz
run http-redirect http http://127.0.0.1:18080/./healthz
run http-404 http http://127.0.0.1:18080/missing
run http-closed http http://127.0.0.1:18081/healthz
run http-no-path http http://127.0.0.1:18080
run https https://127.0.0.1:18080/healthz
run tcp-open tcp 127.0.0.1:18080
run tcp-closed tcp 127.0.0.1:18081
run proc-clean proc
sleep 30 & stopped=$!
kill -STOP "$stopped"
wait_for proc-stopped is_stopped "$stopped"
run proc-stopped proc
kill -CONT "$stopped"; kill "$stopped"; wait "$stopped" 2>/dev/null
sh -c 'sleep 0.1 & exec sleep 30' & zombie_parent=$!
wait_for proc-zombie zombie_child_of "$zombie_parent"
run proc-zombie proc
kill "$zombie_parent"; wait "$zombie_parent" 2>/dev/null
run proc-after proc
run usage
run unknown bogus
"""

EXPECTED = {
    "http-ok": 0,
    "http-redirect": 0,  # ServeMux answers an unclean path with 301: an answer, never followed
    "http-404": 1,
    "http-closed": 1,
    "http-no-path": 0,  # no path: the probe asks for / (the app answers 200)
    "https": 1,  # only http:// is probed
    "tcp-open": 0,
    "tcp-closed": 1,
    "proc-clean": 0,
    "proc-stopped": 1,
    "proc-zombie": 1,
    "proc-after": 0,
    "usage": 1,
    "unknown": 1,
}


def test_every_probe_mode_exits_as_docker_expects(engine: str, tmp_path: Path, plain_template: Path) -> None:
    """Healthy answers exit 0; a 404, a closed port, a stopped process or a zombie exit 1."""
    spec = Spec.from_answers({"app_name": "probe", "language": "go", "health_path": "/healthz"})
    probe = render_files(spec, template=plain_template)[".container/healthcheck.go"]
    folder = tmp_path / "probe"
    folder.mkdir(mode=0o755)
    (folder / "healthcheck.go").write_text(probe, encoding="utf-8")
    run = harness.docker(
        "run", "--rm", "--network", "none", "-v", f"{APP}:/app:ro", "-v", f"{folder}:/probe:ro",
        GO_IMAGE, "sh", "-c", SCRIPT, timeout=harness.BUILD_TIMEOUT,
    )  # fmt: skip
    results = dict(line.split() for line in run.stdout.splitlines() if line.strip())
    assert {name: int(code) for name, code in results.items()} == EXPECTED, run.describe()
