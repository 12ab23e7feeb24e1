"""Values computed from the answers for the templates, each defined once here.

``copier.yml`` holds each as a Copier computed value (a ``when: false`` question whose default is the
Jinja form of the expression below), so a plain ``copier copy`` hands the templates the same values that
scaffold's own rendering does, and no template derives them again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.languages import LANGUAGES
from generator.languages.node import NEXT_STANDALONE, NEXT_START
from generator.spec.expr import (
    And,
    Compare,
    Concat,
    Const,
    Expr,
    Filter,
    If,
    In,
    Index,
    Search,
    Slice,
    StartsWith,
    Table,
    Times,
    Var,
    eq,
)
from generator.spec.rules import CPUS, MEMORY, MEMORY_UNITS


def memory_bytes_of(value: Expr) -> Expr:
    """The size in bytes of a Docker memory value such as ``512m`` (that has passed :data:`MEMORY`)."""
    number = Filter("int", Slice(value, None, -1))
    unit = Filter("lower", Slice(value, -1, None))
    return Times(number, Index(Const(MEMORY_UNITS), unit))


def memory_bytes(value: str) -> int:
    """Convert a Docker memory value such as ``512m`` to bytes.

    Args:
        value: A number followed by ``k``, ``m`` or ``g`` (either case).

    Returns:
        The size in bytes, as Docker computes it (powers of 1024).

    Raises:
        ValueError: The value is not a Docker memory value.

    """
    if not MEMORY.match(value):
        raise ValueError(f"not a Docker memory value: {value!r}")
    return int(memory_bytes_of(Var("value")).evaluate({"value": value}))


#: Docker's memory units (powers of 1024) as Kubernetes writes them: Docker's ``m`` is a mebibyte, ``Mi``.
KUBERNETES_MEMORY_UNITS = {"k": "Ki", "m": "Mi", "g": "Gi"}


def kubernetes_memory_of(value: Expr) -> Expr:
    """A Docker memory value such as ``512m`` (that has passed :data:`MEMORY`) as a Kubernetes quantity."""
    unit = Filter("lower", Slice(value, -1, None))
    return Concat((Slice(value, None, -1), Index(Const(KUBERNETES_MEMORY_UNITS), unit)))


def kubernetes_cpu_of(value: Expr) -> Expr:
    """A Docker CPU value such as ``0.5`` (that has passed :data:`CPUS`) in millicores, such as ``500m``.

    Docker's value has at most two decimals, so the millicores are a whole number; rounding (not
    truncating) the product keeps a binary fraction such as 0.57 * 1000 = 569.99... at 570.
    """
    millicores = Filter("int", Filter("round", Times(Filter("float", value), Const(1000))))
    return Concat((millicores, Const("m")))


def kubernetes_memory(value: str) -> str:
    """Convert a Docker memory value such as ``512m`` to the Kubernetes quantity ``512Mi``."""
    if not MEMORY.match(value):
        raise ValueError(f"not a Docker memory value: {value!r}")
    return str(kubernetes_memory_of(Var("value")).evaluate({"value": value}))


def kubernetes_cpu(value: str) -> str:
    """Convert a Docker CPU value such as ``0.5`` to the Kubernetes quantity ``500m``."""
    if not CPUS.match(value):
        raise ValueError(f"not a Docker CPU value: {value!r}")
    return str(kubernetes_cpu_of(Var("value")).evaluate({"value": value}))


#: A script path: it ends in ``.py``.
_PY_FILE = re.compile(r"\.py\Z")

#: Which form a Python entrypoint takes: ``-m pkg`` a module, ``module:attr`` a server app spec, a path
#: ending in ``.py`` a script, else a console script of the installed project.
ENTRYPOINT_KIND: Expr = If(
    StartsWith(Var("entrypoint"), "-m "),
    Const("module"),
    If(
        In(Const(":"), Var("entrypoint")),
        Const("app"),
        If(Search(Var("entrypoint"), _PY_FILE), Const("script"), Const("console")),
    ),
)


def entrypoint_kind(entrypoint: str) -> str:
    """Tell which of the four entrypoint forms (``app``, ``script``, ``module``, ``console``) one uses."""
    return str(ENTRYPOINT_KIND.evaluate({"entrypoint": entrypoint}))


#: How a Next.js entrypoint runs: ``standalone`` (the server.js of next build's standalone output) or
#: ``start`` (the next CLI's ``next start``); empty for any other app.
NEXT_SERVER: Expr = If(
    And((eq(Var("language"), "node"), eq(Var("entrypoint"), NEXT_STANDALONE))),
    Const("standalone"),
    If(And((eq(Var("language"), "node"), eq(Var("entrypoint"), NEXT_START))), Const("start"), Const("")),
)


#: The JVM's heap share of the memory limit, by limit: the JVM needs room beside the heap (metaspace,
#: code cache, thread stacks, GC structures, direct buffers, the health probe's own JVM), about the same
#: whatever the limit, so the smaller the limit, the smaller the heap's share. Each pair is a limit and the
#: share below it; from the last limit on, the share is :data:`JVM_HEAP_PERCENT_LARGE`.
JVM_HEAP_PERCENT: tuple[tuple[int, int], ...] = (
    (256 * MEMORY_UNITS["m"], 40),
    (512 * MEMORY_UNITS["m"], 50),
    (1 * MEMORY_UNITS["g"], 60),
    (2 * MEMORY_UNITS["g"], 70),
)
JVM_HEAP_PERCENT_LARGE = 75


def _heap_percent() -> Expr:
    limit = Var("memory_limit_bytes")
    result: Expr = Const(JVM_HEAP_PERCENT_LARGE)
    for below, percent in reversed(JVM_HEAP_PERCENT):
        result = If(Compare(limit, "<", Const(below)), Const(percent), result)
    return result


def jvm_heap_percent(memory: str) -> int:
    """Return the ``-XX:MaxRAMPercentage`` the JVM gets under a memory limit such as ``512m``."""
    return int(_heap_percent().evaluate({"memory_limit_bytes": memory_bytes(memory)}))


def lock_file(language: str, package_manager: str) -> str:
    """Return the lock file a package manager installs from, the one the Dockerfile copies (or empty)."""
    return LANGUAGES[language].package_manager(package_manager).lock or ""


def secret_id(language: str, package_manager: str) -> str:
    """Return the BuildKit secret id of a private index's credentials (empty without a private index)."""
    secret = LANGUAGES[language].package_manager(package_manager).secret
    return secret.id if secret else ""


def secret_file(language: str, package_manager: str) -> str:
    """Return the file, next to the project, that holds a private index's credentials."""
    secret = LANGUAGES[language].package_manager(package_manager).secret
    return secret.file if secret else ""


def secret_mount(language: str, package_manager: str) -> str:
    """Return the ``RUN --mount`` option that hands the build step a private index's credentials."""
    secret = LANGUAGES[language].package_manager(package_manager).secret
    return f"--mount=type=secret,id={secret.id},target={secret.target},required=true" if secret else ""


def container_folder(language: str) -> str:
    """Return the folder scaffold's probe program's source goes in (empty when the image needs none)."""
    return ".container" if LANGUAGES[language].compiled_probe else ""


#: The health check's start period, in seconds: failures in it do not count, and a success ends it.
HEALTH_START_PERIOD = 30

#: The health check's interval, timeout and retries, in seconds and tries: includes/common.jinja's
#: ``health`` writes them into the Dockerfile, compose.yaml and the Kubernetes manifests, and
#: tests/test_swarm_compose.py holds the two equal. Only :data:`UPDATE_MONITOR` reads them here.
HEALTH_INTERVAL = 3
HEALTH_TIMEOUT = 5
HEALTH_RETRIES = 3

#: How long, in seconds, a Swarm rolling update (and its rollback) watches each new task for a failure.
#: Swarm counts a task as started only once its health check has passed, so the window need not hold the
#: start period: it is the longest the health check takes to mark a task that broke after that unhealthy,
#: ``retries`` probes that each wait an interval and then run out their timeout.
UPDATE_MONITOR = HEALTH_RETRIES * (HEALTH_INTERVAL + HEALTH_TIMEOUT)

_HEARTBEAT_AGE = Filter("int", Var("heartbeat_max_age"))
#: A Python worker with a heartbeat file gets one whole max age to write its first heartbeat (a worker that
#: touches the file after its first job is not unhealthy before it could have), and never less than the
#: usual start period. A worker that writes it at once is healthy at the first probe all the same.
HEALTH_START_PERIOD_OF: Expr = If(
    And(
        (
            eq(Var("language"), "python"),
            eq(Var("app_kind"), "worker"),
            Compare(Var("heartbeat_file"), "!=", Const("")),
            Compare(_HEARTBEAT_AGE, ">", Const(HEALTH_START_PERIOD)),
        )
    ),
    _HEARTBEAT_AGE,
    Const(HEALTH_START_PERIOD),
)


_LANGUAGE_AND_MANAGER = tuple(
    (language, manager) for language, rules in LANGUAGES.items() for manager in rules.package_manager_names
)


@dataclass(frozen=True)
class Computed:
    """A value computed from the answers and handed to the templates.

    Attributes:
        name: The variable the templates read.
        kind: Copier's type for it: ``str`` or ``int``.
        expr: How it is computed; it may read the computed values listed before it.
        help: What it is, for ``copier.yml``'s reader.

    """

    name: str
    kind: str
    expr: Expr
    help: str


#: Every computed value, in the order ``copier.yml`` lists them (after every question they read).
COMPUTED: tuple[Computed, ...] = (
    Computed(
        "entrypoint_kind",
        "str",
        ENTRYPOINT_KIND,
        "The Python entrypoint's form: app, script, module or console",
    ),
    Computed(
        "next_server",
        "str",
        NEXT_SERVER,
        "How a Next.js app runs: standalone (next build's server.js), start (next start), or empty",
    ),
    Computed("memory_limit_bytes", "int", memory_bytes_of(Var("memory")), "The memory limit in bytes"),
    Computed(
        "jvm_heap_percent", "int", _heap_percent(), "The JVM's heap share of the memory limit, in percent"
    ),
    Computed(
        "lock_file",
        "str",
        Table(("language", "package_manager"), lock_file, _LANGUAGE_AND_MANAGER),
        "The lock file the package manager installs from",
    ),
    Computed(
        "secret_id",
        "str",
        Table(("language", "package_manager"), secret_id, _LANGUAGE_AND_MANAGER),
        "The BuildKit secret id of the private index's credentials",
    ),
    Computed(
        "secret_file",
        "str",
        Table(("language", "package_manager"), secret_file, _LANGUAGE_AND_MANAGER),
        "The file that holds the private index's credentials",
    ),
    Computed(
        "secret_mount",
        "str",
        Table(("language", "package_manager"), secret_mount, _LANGUAGE_AND_MANAGER),
        "The RUN --mount option that hands the build the private index's credentials",
    ),
    # The Kubernetes manifests' resources (k8s/deployment.yaml): the same limits and reservations as
    # compose.yaml's, converted once here.
    Computed(
        "memory_quantity",
        "str",
        kubernetes_memory_of(Var("memory")),
        "The memory limit as a Kubernetes quantity",
    ),
    Computed(
        "memory_reservation_quantity",
        "str",
        kubernetes_memory_of(Var("memory_reservation")),
        "The memory reservation as a Kubernetes quantity",
    ),
    Computed(
        "cpus_quantity", "str", kubernetes_cpu_of(Var("cpus")), "The CPU limit in Kubernetes millicores"
    ),
    Computed(
        "cpus_reservation_quantity",
        "str",
        kubernetes_cpu_of(Var("cpus_reservation")),
        "The CPU reservation in Kubernetes millicores",
    ),
    Computed(
        "health_start_period",
        "int",
        HEALTH_START_PERIOD_OF,
        "The health check's start period in seconds (a Python worker's heartbeat age when longer)",
    ),
    Computed(
        "update_monitor",
        "int",
        Const(UPDATE_MONITOR),
        "How long a Swarm update watches each new task for a failure, in seconds (the health check's reach)",
    ),
    Computed(
        "container_folder",
        "str",
        Table(("language",), container_folder, tuple((language,) for language in LANGUAGES)),
        "The folder of scaffold's probe program's source (empty when the image has none)",
    ),
)


def computed_values(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Compute every value of :data:`COMPUTED` from validated answers."""
    context = dict(answers)
    values: dict[str, Any] = {}
    for value in COMPUTED:
        values[value.name] = context[value.name] = value.expr.evaluate(context)
    return values
