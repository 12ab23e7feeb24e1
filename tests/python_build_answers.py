"""Refused answers of the Python builder's questions, as rows of tests/test_spec.py's tables.

tests/test_spec.py refuses each through the Spec (and one answer alone, as a prompt checks it), and
tests/test_copier_parity.py through Copier's own questionnaire over copier.yml, so a plain ``copier copy``
refuses them with the same words.
"""

from __future__ import annotations

from typing import Any

#: The answers a row of REFUSED needs around it for its question to apply.
CONTEXT: dict[str, dict[str, Any]] = {}

# (field, bad value, words the message must contain)
REFUSED: list[tuple[str, Any, str]] = [
    ("requirements_files", "../requirements.txt", "no '..'"),
    ("requirements_files", "requirements/../base.txt", "no '..'"),
    ("requirements_files", "/app/requirements.txt", "relative paths"),
    ("requirements_files", "requirements/", "each ending in a letter, digit, _ or -"),
    ("requirements_files", ".", "each ending in a letter, digit, _ or -"),
    ("requirements_files", "-r requirements.txt", "relative paths"),
    ("requirements_files", "requirements.txt  dev.txt", "separated by single spaces"),
    ("requirements_files", "", "relative paths"),
    ("requirements_files", "req;rm -rf.txt", "relative paths"),
    ("requirements_files", "requirements.txt\n", "control characters"),
    ("install_project", "perhaps", "true or false"),
    ("build_packages", "GCC", "Debian package names"),
    ("build_packages", "gcc=4:12.2.0-3", "Debian package names"),
    ("build_packages", "gcc; rm -rf /", "Debian package names"),
    ("build_packages", "gcc\nRUN id", "control characters"),
    ("runtime_packages", "l", "at least two characters"),
    ("runtime_packages", "libpq5 ", "separated by single spaces"),
    ("server", "hypercorn", "one of gunicorn, uvicorn, uvicorn-worker"),
    ("server_install", "waitress", "gunicorn, uvicorn or both"),
    ("server_install", "gunicorn gunicorn", "gunicorn, uvicorn or both"),
    ("server_install", "gunicorn,uvicorn", "gunicorn, uvicorn or both"),
    ("server_install", "gunicorn==21.2.0", "gunicorn, uvicorn or both"),
]

CONFLICTS: list[tuple[dict[str, Any], str, str]] = [
    # A console script comes from installing the project: the message names the flag that does.
    ({"entrypoint": "mytool"}, "entrypoint", "--install-project"),
    ({"entrypoint": "main.sh", "install_project": False}, "entrypoint", "--install-project"),
    ({"app_kind": "worker", "entrypoint": "jobs"}, "entrypoint", "--install-project"),
    (
        {"runtime_base": "distroless", "runtime_packages": "libpq5"},
        "runtime_packages",
        "distroless has no package manager (use --runtime-base slim)",
    ),
    ({"package_manager": "poetry", "requirements_files": "requirements.txt"}, "requirements_files", "pip"),
    ({"language": "node", "install_project": True}, "install_project", "only applies to python"),
    ({"language": "go", "build_packages": "gcc"}, "build_packages", "only applies to python"),
    ({"language": "rust", "runtime_packages": ""}, "runtime_packages", "only applies to python"),
    ({"entrypoint": "main.py", "server_install": "gunicorn"}, "server_install", "module:attr"),
    ({"app_kind": "worker", "entrypoint": "main.py", "server_install": ""}, "server_install", "module:attr"),
    ({"package_manager": "pipenv", "python_version": "3.9"}, "python_version", "3.10 or later with pipenv"),
]
