"""``scaffold check``: lint Dockerfiles, .dockerignore files and compose files for hardening mistakes.

Each rule is one module under :mod:`generator.check.rules` (its id, severity, why, fix, examples and
check), collected by :mod:`generator.check.registry`. :mod:`~generator.check.discover` turns paths into
files; :mod:`~generator.check.dockerfile`, :mod:`~generator.check.dockerignore` and
:mod:`~generator.check.compose` read each kind of file and run the rules that read it; the parsing and
shell helpers (:mod:`~generator.check.dockerfile_syntax`, :mod:`~generator.check.shell`,
:mod:`~generator.check.runs`, :mod:`~generator.check.packages`, ...) are shared by the rules; and
:mod:`~generator.check.report` and :mod:`~generator.check.sarif` write the findings out. Findings are
suppressed, not dropped, by ``# scaffold: ignore=`` comments (:mod:`~generator.check.inline`) and by
``select``, ``ignore`` and ``per-file-ignores`` (:mod:`~generator.check.selection`), from the flags and
the ``[check]`` table (:mod:`~generator.check.config`).
:mod:`~generator.check.docs` writes the rule catalogue in ``docs/rules.md``.
"""
