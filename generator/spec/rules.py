r"""The accepted forms of the answers every language shares: patterns and limits.

What differs by language (versions, entrypoint forms, package managers) is in :mod:`generator.languages`.

Every pattern here is compiled for a whole match (``^(?:...)\Z``: ``$`` would also match before a final
line break), and ``copier.yml``'s validators are generated from the same pattern text, so a plain
``copier copy`` and ``scaffold new`` accept exactly the same answers.
"""

from __future__ import annotations

import re

#: Control characters as a regular expression class body: C0, DEL, C1, and the Unicode line and
#: paragraph separators. No text answer may hold one (they would break a Dockerfile or YAML line).
CONTROL = r"\x00-\x1f\x7f-\x9f\u2028\u2029"
CONTROL_CHARACTER = re.compile(f"[{CONTROL}]")


def whole(body: str) -> re.Pattern[str]:
    """Compile a pattern that must match the whole answer (a final line break included)."""
    return re.compile(rf"^(?:{body})\Z")


#: Characters a description or label value may not hold: they would end or break the quoted LABEL
#: value in the Dockerfile, or start a shell or variable expansion.
_UNSAFE_TEXT = rf'"\\$`{CONTROL}'

NAME = whole(r"[a-z0-9][a-z0-9_-]{0,62}")
DESCRIPTION = whole(rf"[^{_UNSAFE_TEXT}]{{1,200}}")
HEALTH_PATH = whole(r"/[A-Za-z0-9._~/-]{0,127}")
MEMORY = whole(r"[1-9][0-9]{0,5}[kmgKMG]")
CPUS = whole(r"[1-9][0-9]{0,2}([.][0-9]{1,2})?|0[.][0-9]{1,2}")
REGISTRY = whole(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?(/[a-z0-9._-]+)*/")
LABEL_KEY = whole(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?")
LABEL_VALUE = whole(rf"[^{_UNSAFE_TEXT}]{{0,200}}")
#: Folders inside the project, space-separated, ``.`` for the project itself: no absolute path, no
#: ``..``, no segment starting with a dot (a Go workspace's modules, a Cargo workspace's members).
_SEGMENT = r"[A-Za-z0-9_][A-Za-z0-9_.-]*"
_FOLDER = rf"\.|{_SEGMENT}(?:/{_SEGMENT})*"
FOLDERS = whole(rf"(?:{_FOLDER})(?: (?:{_FOLDER}))*")
#: A whole number as typed: ASCII digits, no sign, no leading zero (017720 is refused, not read as 8144
#: or 17720), so what scaffold reads is what the user meant.
WHOLE_NUMBER = whole(r"[1-9][0-9]*")
#: A name Kubernetes takes for every object the manifests name after the app, a Service's included (an
#: RFC 1035 label): no '_', a letter first, a letter or digit last.
KUBERNETES_NAME = whole(r"[a-z]([a-z0-9-]{0,61}[a-z0-9])?")

#: Docker's memory units (powers of 1024).
MEMORY_UNITS = {"k": 1024, "m": 1024**2, "g": 1024**3}
#: Docker refuses a memory limit below 6 MiB.
MIN_MEMORY = 6 * 1024**2
