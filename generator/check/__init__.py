"""``scaffold check``: lint Dockerfiles, .dockerignore files and compose files for hardening mistakes.

The modules split the work: :mod:`~generator.check.rules` is the catalogue (id, severity, why, fix),
:mod:`~generator.check.discover` turns paths into files, one module per file kind finds problems
(:mod:`~generator.check.dockerfile`, :mod:`~generator.check.dockerignore`,
:mod:`~generator.check.compose`), and :mod:`~generator.check.report` and :mod:`~generator.check.sarif`
write the findings out.
"""
