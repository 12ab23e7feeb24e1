"""The rules of ``scaffold check``, one module per rule, in a folder per kind of file.

Each module defines ``RULE``, a :class:`~generator.check.model.Rule` with its id, severity, title, why,
fix, docs text, bad and good examples and check function; :mod:`generator.check.registry` finds them.
Ids are stable and never reused: ``DF`` rules read a Dockerfile, ``DI`` rules its .dockerignore, ``CF``
rules a compose file. Severities follow one scale: ``error`` exposes the host or a secret, ``warning`` is
a hardening or robustness gap, ``info`` wastes image size or build time.
"""
