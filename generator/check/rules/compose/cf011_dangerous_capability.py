"""CF011 dangerous-capability: the service is given a capability that reaches past the container."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.compose import Service, interpolated
from generator.check.located_yaml import LocatedList
from generator.check.model import Hit, Rule

#: What each capability lets root in the container do, when added.
DANGEROUS = {
    "ALL": "grants every capability, nearly what privileged does",
    "SYS_ADMIN": "allows mount, namespaces and most admin calls, the usual way out of a container",
    "SYS_MODULE": "loads modules into the host's kernel",
    "SYS_RAWIO": "opens raw I/O ports and /dev/mem",
    "SYS_PTRACE": "traces and writes into other processes",
    "DAC_READ_SEARCH": "reads any file and opens host files by handle (the shocker escape)",
    "NET_ADMIN": "rewrites interfaces, routes and firewall rules",
    "SYS_TIME": "sets the host's clock",
    "BPF": "loads eBPF programs into the host's kernel",
    "PERFMON": "watches the host's performance events",
    "MAC_ADMIN": "changes the AppArmor or SELinux policy",
    "MAC_OVERRIDE": "bypasses AppArmor and SELinux",
    "SYSLOG": "reads the kernel log, and the kernel addresses in it",
}


def _check(service: Service) -> Iterator[Hit]:
    found = service.get("cap_add")
    if found is None:
        return
    items = found[0] if isinstance(found[0], list) else [found[0]]
    lines = found[0].item_lines if isinstance(found[0], LocatedList) else [found[1]] * len(items)
    for item, line in zip(items, lines, strict=True):
        name = str(interpolated(item)).strip().upper().removeprefix("CAP_")
        if name in DANGEROUS:
            yield Hit(
                line, f"cap_add {name} {DANGEROUS[name]}: drop it, or run that task in its own container"
            )


BAD = """\
services:
  app:
    image: example/app:1.0
    cap_drop: [ALL]
    cap_add: [SYS_ADMIN]
"""
GOOD = """\
services:
  app:
    image: example/app:1.0
    cap_drop: [ALL]
    cap_add: [NET_BIND_SERVICE]
"""

RULE = Rule(
    id="CF011",
    name="dangerous-capability",
    severity="error",
    target="compose",
    title="the service is given a capability that reaches past the container",
    why=(
        "These capabilities act on the host's kernel, clock, network or other processes: with one of "
        "them, root in the container can leave it or watch and change what runs beside it."
    ),
    fix=(
        "Remove it from `cap_add`; add back only narrow capabilities the app needs "
        "(`NET_BIND_SERVICE`, `CHOWN`, `SETUID`), and run a tool that needs more in a separate, "
        "short-lived container."
    ),
    reported=(
        "each `cap_add` entry (with or without `CAP_`, in any case) of `ALL`, `SYS_ADMIN`, `SYS_MODULE`, "
        "`SYS_RAWIO`, `SYS_PTRACE`, `DAC_READ_SEARCH`, `NET_ADMIN`, `SYS_TIME`, `BPF`, `PERFMON`, "
        "`MAC_ADMIN`, `MAC_OVERRIDE` or `SYSLOG`. Capabilities within Docker's default set (`CHOWN`, "
        "`SETUID`, `NET_BIND_SERVICE`, ...) are not reported."
    ),
    related="none",
    bad={"compose.yaml": BAD},
    good={"compose.yaml": GOOD},
    reads=Service,
    check=_check,
)
