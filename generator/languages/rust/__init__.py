"""Rust: a release build with the dependencies compiled before the source, run on distroless cc or slim."""

from __future__ import annotations
