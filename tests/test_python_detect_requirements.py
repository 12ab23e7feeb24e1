"""Requirements files: the -r/-c closure pip reads, what it installs, and the includes it cannot read."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.languages.python.requirements import read_requirements

from .python_repo import detect_python, opened, write


def test_cookiecutter_django_includes_are_followed_top_file_first(tmp_path: Path) -> None:
    # cookiecutter-django: requirements.txt (for Heroku) -> production.txt -> base.txt.
    write(
        tmp_path,
        {
            "requirements.txt": "# This file is expected by Heroku.\n\n-r requirements/production.txt\n",
            "requirements/production.txt": """
                # PRECAUTION: avoid production dependencies that aren't in development

                -r base.txt

                gunicorn==23.0.0  # https://github.com/benoitc/gunicorn
                psycopg[c]==3.2.12  # https://github.com/psycopg/psycopg
            """,
            "requirements/base.txt": "python-slugify==8.0.4  # https://github.com/un33k/python-slugify\n"
            "django==5.1.13\n-c ../constraints.txt\n",
            "constraints.txt": "urllib3<3\n",
            "requirements/local.txt": "-r base.txt\nWerkzeug[watchdog]==3.1.3\n",
        },
    )
    found = detect_python(tmp_path)
    assert found.findings["requirements_files"].value == (
        "requirements.txt requirements/production.txt requirements/base.txt constraints.txt"
    )
    assert found.findings["requirements_files"].source == (
        "requirements.txt: the file pip installs from, and the files it includes"
    )
    assert found.findings["package_manager"].source == "requirements.txt"
    read = read_requirements(tmp_path, "requirements.txt")
    # In the order pip meets them: an include is read where it stands.
    assert [item.name for item in read.installed] == ["python-slugify", "django", "gunicorn", "psycopg"]
    assert [item.name for item in read.requirements if item.constraint] == ["urllib3"]
    assert read.installed[3].extras == {"c"}
    assert read.installed[3].source == "requirements/production.txt:6: psycopg[c]==3.2.12"
    assert not read.problems


def test_a_single_requirements_file_is_proposed_alone(tmp_path: Path) -> None:
    write(tmp_path, {"requirements.txt": "flask==3.1.3\ngunicorn==23.0.0\n"})
    found = detect_python(tmp_path)
    assert (found.findings["requirements_files"].value, found.findings["requirements_files"].source) == (
        "requirements.txt",
        "requirements.txt: the file pip installs from",
    )


def test_without_a_root_file_requirements_production_is_the_top(tmp_path: Path) -> None:
    write(
        tmp_path,
        {"requirements/production.txt": "-r base.txt\n", "requirements/base.txt": "flask\n"},
    )
    found = detect_python(tmp_path)
    assert found.findings["package_manager"].value == "pip"
    assert found.findings["requirements_files"].value == "requirements/production.txt requirements/base.txt"


@pytest.mark.parametrize(
    "line",
    ["-r base.txt", "-rbase.txt", "--requirement base.txt", "--requirement=base.txt", "-c base.txt"],
)
def test_every_include_form(tmp_path: Path, line: str) -> None:
    write(tmp_path, {"requirements.txt": f"{line}\n", "base.txt": "flask\n"})
    assert read_requirements(tmp_path, "requirements.txt").files == ["requirements.txt", "base.txt"]


def test_lines_pip_reads_specially(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "requirements.txt": """
                --index-url https://pypi.org/simple
                # a comment
                Django_Environ==0.12.0 \\
                    --hash=sha256:0000
                uvicorn[standard]>=0.30 ; python_version >= "3.9"  # trailing comment
                -e git+https://example.org/acme/toolkit.git#egg=acme-toolkit
                https://example.org/wheels/extra-1.0-py3-none-any.whl#egg=Extra_Pkg
                -r https://example.org/shared-requirements.txt
            """,
        },
    )
    read = read_requirements(tmp_path, "requirements.txt")
    assert [(item.name, item.line) for item in read.installed] == [
        ("django-environ", 3),
        ("uvicorn", 5),
        ("acme-toolkit", 6),
        ("extra-pkg", 7),
    ]
    assert read.installed[1].extras == {"standard"}
    assert read.files == ["requirements.txt"]
    assert not read.problems


@pytest.mark.parametrize(
    ("files", "why"),
    [
        (
            {"requirements.txt": "-r ../shared/base.txt\n"},
            "requirements.txt:1: -r ../shared/base.txt includes ../shared/base.txt, outside the repository",
        ),
        (
            {"requirements.txt": "flask\n-r /etc/base.txt\n"},
            "requirements.txt:2: -r /etc/base.txt includes an absolute path, outside the repository",
        ),
        (
            {"requirements.txt": "-r requirements/prod.txt\n"},
            "requirements.txt:1: -r requirements/prod.txt includes requirements/prod.txt, which does not "
            "exist",
        ),
        (
            {"requirements.txt": "-r a.txt\n", "a.txt": "flask\n-r b.txt\n", "b.txt": "-r a.txt\n"},
            "b.txt:1: -r a.txt includes a.txt again (a.txt -> b.txt -> a.txt): pip never stops following it",
        ),
        (
            {"requirements.txt": "-r req+prod.txt\n", "req+prod.txt": "flask\n"},
            "requirements.txt:1: -r req+prod.txt includes req+prod.txt, a name the image's copy step "
            "cannot hold",
        ),
        (
            {"requirements.txt": "flask\n-e .\n"},
            "requirements.txt:2: -e . installs the local folder ., which is not in the image when the "
            "dependencies are installed (they are installed before the source is copied)",
        ),
        (
            {"requirements.txt": "./libs/acme\n"},
            "requirements.txt:1: ./libs/acme installs the local path ./libs/acme, which is not in the image "
            "when the dependencies are installed (they are installed before the source is copied)",
        ),
    ],
    ids=["outside", "absolute", "missing", "cycle", "name-form", "editable-project", "local-path"],
)
def test_requirements_pip_cannot_install_in_the_image_are_left_open(
    tmp_path: Path, files: dict[str, str], why: str
) -> None:
    found = detect_python(write(tmp_path, files))
    assert found.findings["package_manager"].value == "pip"
    assert "requirements_files" not in found.findings
    assert opened(found, "requirements_files") == why


def test_a_symlink_leaving_the_repository_is_outside(tmp_path: Path) -> None:
    outside = write(tmp_path / "shared", {"base.txt": "flask\n"})
    repo = write(tmp_path / "app", {"requirements.txt": "-r base.txt\n"})
    (repo / "base.txt").symlink_to(outside / "base.txt")
    why = opened(detect_python(repo), "requirements_files")
    assert why == "requirements.txt:1: -r base.txt includes base.txt, outside the repository"


def test_a_file_included_twice_is_read_once(tmp_path: Path) -> None:
    write(
        tmp_path,
        {"requirements.txt": "-r a.txt\n-r b.txt\n", "a.txt": "-r common.txt\n", "b.txt": "-r common.txt\n"},
    )
    write(tmp_path, {"common.txt": "flask\n"})
    read = read_requirements(tmp_path, "requirements.txt")
    assert read.files == ["requirements.txt", "a.txt", "common.txt", "b.txt"]
    assert not read.problems


def test_requirements_files_are_not_proposed_for_another_package_manager(tmp_path: Path) -> None:
    write(tmp_path, {"requirements.txt": "-r ../outside.txt\n", "uv.lock": "version = 1\n"})
    found = detect_python(tmp_path)
    assert found.findings["package_manager"].value == "uv"
    assert "requirements_files" not in found.findings
    assert "requirements_files" not in found.unsettled
