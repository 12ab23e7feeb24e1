r"""Read a Dockerfile into stages and instructions, with line numbers, flags and here-documents.

``dockerfile-parse`` does the tokenising (line continuations, comments inside them, the ``escape``
directive). What it gets wrong is handled here:

- it leaves instruction flags (``RUN --mount=...``, ``COPY --from=...``) at the front of the value, so
  they are split off;
- it does not know BuildKit here-documents (``RUN <<EOF``) and would read their body lines as
  instructions, so the bodies are taken out before it runs and attached to their instruction after;
- it ends an instruction at a blank line inside a continuation, where Docker reads on, so such lines are
  turned into comments first.

Lines end at ``\n`` (or ``\r\n``) only, as in BuildKit: a form feed, ``\x1c``, U+0085 or U+2028 inside a
line is part of it, where Python's ``str.splitlines`` would break the line there.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.check.escaping import snippet
from generator.check.source import ParseError
from generator.check.variables import expand

KNOWN_INSTRUCTIONS = frozenset(
    {
        "ADD",
        "ARG",
        "CMD",
        "COPY",
        "ENTRYPOINT",
        "ENV",
        "EXPOSE",
        "FROM",
        "HEALTHCHECK",
        "LABEL",
        "MAINTAINER",
        "ONBUILD",
        "RUN",
        "SHELL",
        "STOPSIGNAL",
        "USER",
        "VOLUME",
        "WORKDIR",
    }
)
_HEREDOC_INSTRUCTIONS = frozenset({"RUN", "COPY", "ADD"})
# BuildKit reads a word (split on unquoted whitespace) as a here-document opener when it is `<<`, an
# optional `-`, and a non-empty rest with no `<`; the rest, its quotes removed, is the terminator.
_HEREDOC = re.compile(r"^\d*<<(?P<dash>-?)(?P<rest>[^<]+)$")
_FLAG = re.compile(r"\s*(--[A-Za-z][A-Za-z0-9-]*)(?:=(\S*))?")
_ESCAPE_DIRECTIVE = re.compile(r"^\s*#\s*escape\s*=\s*([\\`])\s*$", re.IGNORECASE)
_DIRECTIVE = re.compile(r"^\s*#\s*[A-Za-z]+\s*=")
_REMOTE = re.compile(r"^([a-z][a-z0-9+.-]*://|git@)", re.IGNORECASE)
_AS = re.compile(r"^(?P<image>\S+)(?:\s+as\s+(?P<name>\S+))?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Instruction:
    """One Dockerfile instruction.

    Attributes:
        keyword: The instruction, upper-case (``RUN``).
        line: 1-based line where it starts.
        flags: Its leading ``--name=value`` options, in order (a flag with no value maps to "").
        args: The rest, continuation lines joined.
        heredocs: The bodies of its here-documents (``RUN <<EOF``), in order.
        end_line: The line it ends on (its last continuation line or here-document terminator);
            None when not known, read as :attr:`line`.

    """

    keyword: str
    line: int
    flags: tuple[tuple[str, str], ...]
    args: str
    heredocs: tuple[str, ...] = ()
    end_line: int | None = None

    @property
    def last_line(self) -> int:
        """The line it ends on: comments inside its continuation lines or here-documents are its own."""
        return self.line if self.end_line is None else self.end_line

    def flag(self, name: str) -> str | None:
        """Return the last value given for the flag ``--name``, or None if it is absent."""
        found = [value for key, value in self.flags if key == name]
        return found[-1] if found else None

    def flag_values(self, name: str) -> list[str]:
        """Return every value given for the flag ``--name`` (``RUN`` takes several ``--mount``)."""
        return [value for key, value in self.flags if key == name]

    def looks_like_json(self) -> bool:
        """Tell whether the arguments start like an exec-form JSON array."""
        return self.args.lstrip().startswith("[")

    def exec_form(self) -> list[str] | None:
        """Return the arguments as an exec-form array, or None for the shell form.

        Docker treats anything that is not a valid JSON array of strings as a shell command, including
        an array written with single quotes.
        """
        if not self.looks_like_json():
            return None
        try:
            parsed = json.loads(self.args)
        except json.JSONDecodeError:
            return None
        if isinstance(parsed, list) and all(isinstance(item, str) for item in parsed):
            return parsed
        return None

    def words(self) -> list[str]:
        """Return the arguments as words: the exec-form array, else split on whitespace."""
        parsed = self.exec_form()
        return parsed if parsed is not None else self.args.split()

    def sources(self) -> list[str]:
        """Return what a ``COPY`` or ``ADD`` copies: all words but the destination, less here-documents."""
        return [word for word in self.words()[:-1] if heredoc_opener(word) is None]

    def copies_from_context(self) -> bool:
        """Tell whether this is a ``COPY``/``ADD`` that reads files from the build context."""
        if self.keyword not in {"COPY", "ADD"} or self.flag("from") is not None:
            return False
        return any(not _REMOTE.match(source) for source in self.sources())


@dataclass(frozen=True)
class Stage:
    """One build stage: a ``FROM`` and the instructions up to the next one.

    Attributes:
        index: 0-based position among the stages.
        line: The ``FROM`` line.
        base: The base as written (``python:${PYTHON_VERSION}-slim``).
        image: The base with the global ARG defaults substituted; None if it depends on a build
            argument with no default.
        name: The ``AS`` name, lower-case, if any.
        parent: Index of the earlier stage this one is built ``FROM``, if any.
        instructions: The instructions after ``FROM``.

    """

    index: int
    line: int
    base: str
    image: str | None
    name: str | None
    parent: int | None
    instructions: tuple[Instruction, ...]

    def of(self, *keywords: str) -> Iterator[Instruction]:
        """Yield this stage's instructions with one of the given keywords, in order."""
        return (instruction for instruction in self.instructions if instruction.keyword in keywords)


@dataclass(frozen=True)
class Dockerfile:
    """A parsed Dockerfile.

    Attributes:
        path: Where it was read from.
        preamble: The ``ARG`` instructions before the first ``FROM`` (global build arguments).
        global_args: Their defaults, by name.
        stages: The build stages, in order; never empty.
        instructions: Every instruction, ``FROM`` included, in file order.
        shipped_index: Index of the stage that ships (default: the last); the runner sets it from the
            build's target or :mod:`generator.check.stages`' choice.
        context: The build context's folder, when :mod:`generator.check.context` could tell it; None
            reads as the Dockerfile's folder.

    """

    path: Path
    preamble: tuple[Instruction, ...]
    global_args: dict[str, str] = field(hash=False)
    stages: tuple[Stage, ...]
    instructions: tuple[Instruction, ...] = ()
    shipped_index: int = -1
    context: Path | None = None

    @property
    def final(self) -> Stage:
        """The stage that ships: the last one unless the build names a target or the last only tests."""
        return self.stages[self.shipped_index]

    def lineage(self, stage: Stage) -> list[Stage]:
        """Return ``stage`` and the stages it is built ``FROM``, the earliest first.

        Their layers, user, environment and health check all end up in ``stage``'s image.
        """
        chain = [stage]
        while chain[0].parent is not None:
            chain.insert(0, self.stages[chain[0].parent])
        return chain

    def root_image(self, stage: Stage) -> str | None:
        """Return the external image at the bottom of ``stage``'s lineage (None if unknown)."""
        return self.lineage(stage)[0].image


def parse_dockerfile(text: str, *, path: Path) -> Dockerfile:
    """Parse Dockerfile text.

    Args:
        text: The Dockerfile's content.
        path: Where it came from, for error messages.

    Returns:
        The stages and instructions.

    Raises:
        ParseError: It has no ``FROM``, an unknown instruction, something other than ``ARG``
            before the first ``FROM``, or a here-document that is never closed: Docker would refuse
            to build it.

    """
    # Imported here: checking only a compose file or a .dockerignore never needs it (nor its logging).
    from dockerfile_parse import DockerfileParser  # type: ignore[import-untyped]

    blanked, bodies, last_lines = _take_out_heredocs(text, path=path)
    parser = DockerfileParser(fileobj=io.BytesIO(blanked.encode("utf-8")))
    instructions: list[Instruction] = []
    for item in parser.structure:
        keyword = str(item["instruction"]).upper()
        if keyword == "COMMENT":
            continue
        line = int(item["startline"]) + 1
        if keyword not in KNOWN_INSTRUCTIONS:
            raise ParseError(
                path=path,
                line=line,
                problem=f"unknown instruction {snippet(keyword)} (a missing '\\' on the line before?)",
            )
        flags, args = _split_flags(str(item["value"]))
        end_line = last_lines.get(line, int(item["endline"]) + 1)
        instructions.append(Instruction(keyword, line, flags, args, tuple(bodies.get(line, ())), end_line))
    return _stages(instructions, path=path)


def _stages(instructions: list[Instruction], *, path: Path) -> Dockerfile:
    preamble: list[Instruction] = []
    global_args: dict[str, str] = {}
    stages: list[Stage] = []
    current: tuple[Instruction, list[Instruction]] | None = None
    for instruction in [*instructions, None]:
        if instruction is not None and instruction.keyword != "FROM":
            if current is not None:
                current[1].append(instruction)
            elif instruction.keyword == "ARG":
                preamble.append(instruction)
                for name, value in arg_pairs(instruction):
                    # A default may use the ARGs declared before it (ARG BASE=python:${VERSION}-slim).
                    expanded = expand(value, global_args) if value is not None else None
                    if expanded is not None:
                        global_args[name] = expanded
            else:
                raise ParseError(
                    path=path, line=instruction.line, problem=f"{instruction.keyword} before the first FROM"
                )
            continue
        if current is not None:
            stages.append(_stage(len(stages), *current, stages=stages, global_args=global_args, path=path))
        if instruction is not None:
            current = (instruction, [])
    if not stages:
        raise ParseError(path=path, problem="no FROM instruction: not a Dockerfile")
    return Dockerfile(
        path=path,
        preamble=tuple(preamble),
        global_args=global_args,
        stages=tuple(stages),
        instructions=tuple(instructions),
    )


def _stage(
    index: int,
    from_: Instruction,
    body: list[Instruction],
    *,
    stages: list[Stage],
    global_args: dict[str, str],
    path: Path,
) -> Stage:
    match = _AS.match(from_.args.strip())
    if match is None:
        raise ParseError(
            path=path, line=from_.line, problem=f"cannot read FROM {snippet(from_.args.strip())}"
        )
    base = match.group("image")
    image = expand(base, global_args)
    names = {stage.name: stage.index for stage in stages if stage.name}
    parent = names.get(image.lower()) if image is not None else None
    name = match.group("name")
    return Stage(
        index=index,
        line=from_.line,
        base=base,
        image=image,
        name=name.lower() if name else None,
        parent=parent,
        instructions=tuple(body),
    )


def arg_pairs(instruction: Instruction) -> list[tuple[str, str | None]]:
    """Return the ``name`` / ``default`` pairs an ``ARG`` declares (default None when it has none)."""
    pairs: list[tuple[str, str | None]] = []
    for word in key_value_words(instruction.args):
        name, sep, value = word.partition("=")
        pairs.append((name, value if sep else None))
    return pairs


def env_pairs(instruction: Instruction) -> list[tuple[str, str]]:
    """Return the ``name`` / ``value`` pairs an ``ENV`` sets (both ``K=V`` and the legacy ``K V`` form)."""
    words = key_value_words(instruction.args)
    if words and "=" not in words[0]:
        # Legacy form: one variable, the rest of the line is its value.
        name, _, value = instruction.args.strip().partition(" ")
        return [(name, _unquote(value.strip()))]
    return [(name, value) for name, _, value in (word.partition("=") for word in words)]


def key_value_words(text: str) -> list[str]:
    """Split ``K=V K2="a b"`` into words, removing the quotes the way Docker does."""
    words: list[str] = []
    current: list[str] = []
    quote: str | None = None
    escaped = False
    started = False
    for char in text:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\" and quote != "'":
            escaped = True
        elif quote is not None:
            if char == quote:
                quote = None
            else:
                current.append(char)
        elif char in "\"'":
            quote = char
            started = True
        elif char.isspace():
            if current or started:
                words.append("".join(current))
            current, started = [], False
        else:
            current.append(char)
    if current or started:
        words.append("".join(current))
    return words


def _unquote(value: str) -> str:
    words = key_value_words(value)
    return " ".join(words)


def _split_flags(value: str) -> tuple[tuple[tuple[str, str], ...], str]:
    """Split the leading ``--name=value`` options from an instruction's value."""
    flags: list[tuple[str, str]] = []
    rest = value
    while True:
        match = _FLAG.match(rest)
        if match is None or (rest[match.end() :] and not rest[match.end()].isspace()):
            break
        flags.append((match.group(1)[2:], match.group(2) or ""))
        rest = rest[match.end() :]
    return tuple(flags), rest.strip()


def heredoc_opener(word: str) -> tuple[bool, str] | None:
    """Read one shell word as a here-document opener (``<<EOF``, ``<<-'robots.txt'``).

    Returns:
        Whether it strips leading tabs (``<<-``) and the terminator word, quotes removed; None when
        the word opens no here-document.

    """
    match = _HEREDOC.match(word)
    if match is None:
        return None
    words = key_value_words(match.group("rest"))
    if len(words) != 1 or not words[0]:
        return None
    return bool(match.group("dash")), words[0]


def heredoc_openers(text: str) -> list[tuple[bool, str]]:
    """Return the here-documents an instruction's text opens, in order (see ``heredoc_opener``)."""
    return [opener for word in shell_words(text) if (opener := heredoc_opener(word)) is not None]


def shell_words(text: str) -> list[str]:
    """Split text on whitespace outside quotes, keeping each word as written (quotes and all)."""
    words: list[str] = []
    current: list[str] = []
    quote: str | None = None
    escaped = False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\" and quote != "'":
            escaped = True
        elif quote is not None:
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char.isspace():
            if current:
                words.append("".join(current))
            current = []
            continue
        current.append(char)
    if current:
        words.append("".join(current))
    return words


def _take_out_heredocs(text: str, *, path: Path) -> tuple[str, dict[int, list[str]], dict[int, int]]:
    """Blank out here-document bodies (keeping line numbers) and return them by instruction line.

    Returns:
        The text with every body and terminator line emptied (and blank lines inside a continuation
        turned into comments), the bodies keyed by the 1-based line of the instruction that opened
        them, and the 1-based line of each such instruction's last terminator, keyed the same way.

    """
    lines = _lines(text)
    escape = _escape_character(lines)
    bodies: dict[int, list[str]] = {}
    last_lines: dict[int, int] = {}
    index = 0
    start: int | None = None
    logical: list[str] = []
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        if start is None:
            if not stripped or stripped.startswith("#"):
                index += 1
                continue
            start, logical = index, []
        elif not stripped or stripped.startswith("#"):
            # Blank and comment lines inside a continuation belong to no instruction. Docker skips a
            # blank one, but dockerfile-parse would end the instruction there: make it a comment.
            if not stripped:
                lines[index] = "#"
            index += 1
            continue
        logical.append(line)
        if line.rstrip().endswith(escape):
            index += 1
            continue
        keyword = logical[0].split(None, 1)[0].upper()
        index += 1
        if keyword in _HEREDOC_INSTRUCTIONS:
            for dash, word in heredoc_openers(" ".join(logical)):
                body: list[str] = []
                closed = False
                while index < len(lines):
                    candidate = lines[index]
                    lines[index] = ""
                    index += 1
                    ends = candidate.lstrip("\t") if dash else candidate
                    if ends.rstrip() == word:
                        closed = True
                        break
                    body.append(candidate)
                if not closed:
                    # BuildKit refuses it ("unterminated heredoc"); reading on would drop the rest unseen.
                    raise ParseError(
                        path=path,
                        line=start + 1,
                        problem=f"here-document <<{snippet(word)} is never closed (no line {snippet(word)})",
                    )
                bodies.setdefault(start + 1, []).append("\n".join(body))
                last_lines[start + 1] = index  # the terminator's 1-based line: index is past it
        start = None
    return "\n".join(lines) + "\n", bodies, last_lines


def _lines(text: str) -> list[str]:
    r"""Split on ``\n`` alone, as BuildKit does, dropping the ``\r`` of a ``\r\n`` line end."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def _escape_character(lines: list[str]) -> str:
    for line in lines:
        match = _ESCAPE_DIRECTIVE.match(line)
        if match:
            return match.group(1)
        if not _DIRECTIVE.match(line):
            # Parser directives only count at the very top of the file.
            break
    return "\\"
