"""Go: a static binary cross-compiled in the builder, run on distroless static or scratch."""

from __future__ import annotations
