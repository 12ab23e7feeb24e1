"""CF012 root-user: the service is set to run as root."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.compose import Service, interpolated
from generator.check.model import Hit, Rule


def _check(service: Service) -> Iterator[Hit]:
    found = service.get("user")
    if found is None or found[0] is None:
        return
    value = str(interpolated(found[0])).strip()
    user = value.partition(":")[0].strip()
    if user == "root" or (user.isdigit() and int(user) == 0):
        yield Hit(
            found[1],
            f'user: "{value}" runs it as root: set the numeric user the image runs as ("10001:10001")',
        )


BAD = """\
services:
  app:
    image: example/app:1.0
    user: root
"""
GOOD = """\
services:
  app:
    image: example/app:1.0
    user: "10001:10001"
"""

RULE = Rule(
    id="CF012",
    name="root-user",
    severity="error",
    target="compose",
    title="the service is set to run as root",
    why=(
        "`user: root` overrides the non-root `USER` the image was built with: anything that takes over the "
        "app gets root in the container, one kernel or runtime bug away from root on the host."
    ),
    fix='Set a numeric non-root user (`user: "10001:10001"`), or remove `user:` to keep the image\'s own.',
    reported=(
        "a `user:` of `root` or `0` (any number of zeros), with a group or not, also through a "
        "`${VAR:-0}` default. A service with no `user:` runs as its image says (DF001 checks that in the "
        'Dockerfile), and a root group alone (`"10001:0"`) is not reported.'
    ),
    related="none",
    bad={"compose.yaml": BAD},
    good={"compose.yaml": GOOD},
    reads=Service,
    check=_check,
)
