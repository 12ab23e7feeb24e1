"""Shared editing code for ``scaffold check --fix``: line edits, compose round trips, atomic writes.

A rule that can fix its own findings says how in its module (``autofix=`` on its
:class:`~generator.check.model.Rule`); what every such fix needs lives here:

- a Dockerfile fix returns an :class:`Edit`, a run of whole lines replaced by others, so everything
  outside that run (comments, blank lines, continuation layout) stays byte for byte;
- a compose fix changes a service mapping loaded by :func:`load_compose`, a ruamel.yaml round trip that
  keeps comments, quotes and key order; a file whose untouched round trip is not byte-identical is not
  edited at all;
- :func:`write_atomically` writes through a temporary file in the same folder and ``os.replace``, so a
  failure leaves the original whole.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import re
import stat
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.check.dockerfile_syntax import Dockerfile, Instruction, _escape_character
from generator.check.model import Hit

#: A Dockerfile rule's fix: the parsed file, the finding's hit and the file's lines (no line ends).
DockerfileFix = Callable[[Dockerfile, Hit, Sequence[str]], "Edit | None"]
#: A compose rule's fix: changes the service's own round-trip mapping; False when it declines.
ComposeFix = Callable[[Any, Hit], bool]

# A word a shell leaves as it is: no quotes, escapes, variables, globs, operators, redirections, command
# substitution, comments, brace or tilde expansion.
_PLAIN_WORD = re.compile(r"^[A-Za-z0-9_./:=,@%+-]+$")
# Words a shell runs itself (builtins and keywords), which an exec-form array cannot start with.
_SHELL_BUILTINS = frozenset(
    {
        *(".", ":", "alias", "cd", "command", "eval", "exec", "export", "getopts", "hash", "local", "read"),
        *("readonly", "return", "set", "shift", "source", "test", "time", "trap", "type", "ulimit", "umask"),
        *("unset", "wait", "case", "for", "function", "if", "select", "until", "while"),
    }
)
# ['a', 'b'], an array in single quotes (Docker reads it as shell form), of words with no quote or escape.
_SINGLE_QUOTED_ARRAY = re.compile(r"^\[\s*'[^'\"\\]*'(?:\s*,\s*'[^'\"\\]*')*\s*,?\s*\]$")


@dataclass(frozen=True)
class Edit:
    """Lines ``start`` to ``end`` (1-based, inclusive) of a file replaced by ``lines``.

    Attributes:
        start: The first line replaced.
        end: The last line replaced.
        lines: The new lines, without line ends.

    """

    start: int
    end: int
    lines: tuple[str, ...]


@dataclass
class Lines:
    r"""A text file as lines, with its line end kept, and each line's line in the original file.

    Attributes:
        lines: The lines, without line ends.
        newline: The file's line end (``\n`` or ``\r\n``).
        final_newline: Whether the file ends with a line end.
        origin: For each line, its 1-based line in the original text (0 for a line a fix added).

    """

    lines: list[str]
    newline: str
    final_newline: bool
    origin: list[int]

    @classmethod
    def of(cls, text: str) -> Lines | None:
        r"""Split ``text`` on its line ends; None when it mixes ``\n`` and ``\r\n`` (it is left alone)."""
        crlf = text.count("\r\n")
        if crlf and crlf != text.count("\n"):
            return None
        newline = "\r\n" if crlf else "\n"
        lines = text.split(newline)
        final = lines[-1] == ""
        if final:
            lines.pop()
        return cls(lines, newline, final, list(range(1, len(lines) + 1)))

    def text(self) -> str:
        """Return the lines joined again, with the file's own line ends."""
        joined = self.newline.join(self.lines)
        return joined + self.newline if self.final_newline and self.lines else joined

    def current(self, original: int) -> int | None:
        """Return where an original line now is, or None if a fix replaced it."""
        try:
            return self.origin.index(original) + 1
        except ValueError:
            return None

    def apply(self, edit: Edit) -> None:
        """Replace the edit's lines; the first new line keeps the first old line's origin."""
        first = self.origin[edit.start - 1]
        self.lines[edit.start - 1 : edit.end] = list(edit.lines)
        self.origin[edit.start - 1 : edit.end] = [first, *[0] * (len(edit.lines) - 1)][: len(edit.lines)]


def plain_words(command: str) -> list[str] | None:
    """Split a shell-form command into words when a shell would do nothing else with it.

    Args:
        command: The shell form's text (continuation lines joined).

    Returns:
        The words, or None when the command has any shell syntax (quotes, escapes, variables, globs,
        pipes, ``&&``, redirections, a leading ``NAME=value``) or starts with a shell builtin.

    """
    words = command.split()
    if not words or any(not _PLAIN_WORD.match(word) for word in words):
        return None
    if "=" in words[0] or words[0] in _SHELL_BUILTINS:
        return None
    return words


def single_quoted_array(text: str) -> list[str] | None:
    """Read ``['a', 'b']``, an array Docker runs as a shell command, as its words; None if not one."""
    if not _SINGLE_QUOTED_ARRAY.match(text.strip()):
        return None
    return re.findall(r"'([^']*)'", text)


def exec_form(words: Sequence[str]) -> str:
    """Write words as an exec-form JSON array, ``["python", "app.py"]``."""
    return json.dumps(list(words))


def escape_character(lines: Sequence[str]) -> str:
    """Return the Dockerfile's escape character: its ``# escape=`` directive's, else a backslash."""
    return _escape_character(list(lines))


def shell_run(dockerfile: Dockerfile, line: int) -> Instruction | None:
    """Return the ``RUN`` that starts at ``line`` if a text edit can fix it: shell form, no here-document."""
    for instruction in dockerfile.instructions:
        if instruction.line == line and instruction.keyword == "RUN":
            if instruction.looks_like_json() or instruction.heredocs:
                return None
            return instruction
    return None


def append_command(lines: Sequence[str], run: Instruction, command: str, *, escape: str) -> Edit | None:
    """Add ``&& command`` on a new continuation line at the end of a shell-form ``RUN``.

    Declined (None) when the last line has a ``#`` (maybe a comment, which would swallow the command)
    or ends with an operator (``;``, ``&``, ``|``) that ``&&`` cannot follow.

    Args:
        lines: The file's lines.
        run: The ``RUN``.
        command: What to run after the rest.
        escape: The Dockerfile's escape character (the ``# escape=`` directive, else a backslash).

    Returns:
        The edit, or None.

    """
    last = lines[run.last_line - 1]
    if "#" in last or last.rstrip().endswith((";", "&", "|", escape)):
        return None
    indent = "    "
    if run.last_line > run.line:
        indent = last[: len(last) - len(last.lstrip())] or indent
    new = (last.rstrip() + f" {escape}", f"{indent}&& {command}")
    return Edit(run.last_line, run.last_line, new)


def has_comment_lines(lines: Sequence[str], start: int, end: int) -> bool:
    """Tell whether an instruction's lines hold a comment line or a blank line inside them."""
    return any(not line.strip() or line.lstrip().startswith("#") for line in lines[start:end])


# ---- compose -------------------------------------------------------------------------------------


@dataclass
class ComposeDocument:
    """A compose file loaded for editing.

    Attributes:
        data: The round-trip document (ruamel.yaml's commented mapping).
        yaml: The loader, set up to write the file back as it was written.

    """

    data: Any
    yaml: Any

    def dump(self) -> str:
        """Write the document back as text."""
        out = io.StringIO()
        self.yaml.dump(self.data, out)
        return out.getvalue()


def load_compose(text: str) -> ComposeDocument | None:
    """Load a compose file for editing, if it can be written back byte for byte.

    The indentation of mappings and of block sequences is read from the file; a file whose untouched
    round trip changes anything (odd indentation, a document marker, flow style ruamel writes
    differently) returns None and is not edited.

    Args:
        text: The compose file's text.

    Returns:
        The document, or None.

    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    mapping, sequence, offset = _indentation(text)
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    try:
        data = yaml.load(text)
    except (YAMLError, RecursionError):
        return None
    document = ComposeDocument(data, yaml)
    try:
        same = document.dump() == text
    except (YAMLError, RecursionError):
        return None
    return document if same else None


def _indentation(text: str) -> tuple[int, int, int]:
    """Guess ruamel's ``mapping``, ``sequence`` and ``offset`` indents from a file's first nested lines."""
    mapping = 2
    offset = 2
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    for line in lines:
        indent = len(line) - len(line.lstrip(" "))
        if indent and not line.lstrip().startswith("- "):
            mapping = indent
            break
    for previous, line in itertools.pairwise(lines):
        if line.lstrip().startswith("- ") and previous.rstrip().endswith(":"):
            offset = (len(line) - len(line.lstrip(" "))) - (len(previous) - len(previous.lstrip(" ")))
            break
    return mapping, offset + 2, offset


def add_key(mapping: Any, key: str, value: Any) -> None:
    """Add ``key`` at the end of a round-trip mapping, below the comment lines that close its last entry.

    ruamel.yaml keeps the comment lines below a mapping's last entry (often a heading for the next
    service) with that entry, however deep; they are moved to the new last entry, so that they stay right
    above what follows, while an end-of-line comment stays on its line.
    """
    from ruamel.yaml.comments import CommentedMap

    assert isinstance(mapping, CommentedMap)
    below = _pop_comment_lines(mapping)
    mapping[key] = value
    if below is not None:
        _attach_comment_lines(mapping, below)


def own_keys(mapping: Any) -> list[Any]:
    """Return a round-trip mapping's own keys, in order: not those a ``<<:`` merge key brings in."""
    own = getattr(mapping, "_ok", None)  # ruamel.yaml's record of the keys written in the mapping itself
    return [key for key in mapping if own is None or key in own]


def inherited(mapping: Any, *keys: str) -> bool:
    """Tell whether any of ``keys`` comes into a round-trip mapping only through a ``<<:`` merge key.

    A fix changing such a value would change the anchor, and every mapping that merges it.
    """
    own = set(own_keys(mapping))
    return any(key in mapping and key not in own for key in keys)


def _last_slot(node: Any) -> tuple[Any, Any, int] | None:
    """Return where the comment after a block node's last entry is kept: (comments, key, slot)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap):
        own = own_keys(node)
        if not own:
            return None
        last = own[-1]
        child = node[last]
        if (
            isinstance(child, (CommentedMap, CommentedSeq))
            and child
            and not child.fa.flow_style()
            and node.ca.items.get(last, [None] * 4)[2] is None
        ):
            return _last_slot(child)
        return node.ca.items, last, 2
    if isinstance(node, CommentedSeq) and node:
        index = len(node) - 1
        child = node[index]
        if isinstance(child, (CommentedMap, CommentedSeq)) and child and not child.fa.flow_style():
            return _last_slot(child)
        return node.ca.items, index, 0
    return None


def _pop_comment_lines(node: Any) -> str | None:
    """Take the whole comment lines below a node's last entry off it; return them, or None."""
    slot = _last_slot(node)
    if slot is None:
        return None
    items, key, position = slot
    entry = items.get(key)
    token = entry[position] if entry and len(entry) > position else None
    if token is None or not isinstance(getattr(token, "value", None), str):
        return None
    line_end, newline, below = token.value.partition("\n")
    if not newline or not below.strip():
        return None
    if line_end.strip():
        token.value = line_end + newline  # its end-of-line comment stays
    else:
        entry[position] = None
        if not any(entry):
            del items[key]
    return str(below)


def _attach_comment_lines(node: Any, below: str) -> None:
    """Put comment lines below a node's (new) last entry."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    slot = _last_slot(node)
    if slot is None:
        return
    items, key, position = slot
    entry = items.setdefault(key, [None, None, None, None])
    existing = entry[position]
    if existing is not None and isinstance(getattr(existing, "value", None), str):
        existing.value = existing.value + below
    else:
        entry[position] = CommentToken("\n" + below, CommentMark(0), None)


def item_at_line(seq: Any, line: int) -> int | None:
    """Return the index of a round-trip sequence's item that starts on 1-based ``line``, or None."""
    for index in range(len(seq)):
        try:
            if seq.lc.item(index)[0] + 1 == line:
                return index
        except (AttributeError, KeyError, TypeError):
            return None
    return None


def replace_value(container: Any, key: Any, value: Any) -> None:
    """Replace an item of a round-trip sequence or mapping, keeping its end-of-line comment where it was.

    ruamel.yaml writes such a comment at the column it was read at; a longer value would push it to one
    space after the value, so its column moves by the difference in length.
    """
    before = len(str(container[key]))
    container[key] = value
    for token in container.ca.items.get(key) or ():
        if token is not None and hasattr(token, "column") and not isinstance(token, list):
            token.column += len(str(value)) - before


def block_seq(items: Sequence[Any]) -> Any:
    """Return a block-style round-trip sequence of ``items``."""
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq(items)
    seq.fa.set_block_style()
    return seq


def block_map(pairs: Sequence[tuple[str, Any]]) -> Any:
    """Return a block-style round-trip mapping of ``pairs``, in order."""
    from ruamel.yaml.comments import CommentedMap

    mapping = CommentedMap(pairs)
    mapping.fa.set_block_style()
    return mapping


def double_quoted(text: str) -> Any:
    """Return a string ruamel.yaml writes in double quotes."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    return DoubleQuotedScalarString(text)


def same_style(original: Any, text: str) -> Any:
    """Return ``text`` quoted as ``original`` was (a plain value stays plain)."""
    from ruamel.yaml.scalarstring import ScalarString

    if isinstance(original, ScalarString):
        return type(original)(text)
    return text


# ---- writing -------------------------------------------------------------------------------------


def write_atomically(path: Path, text: str, *, bom: bool = False) -> None:
    """Replace a file's content all at once: a temporary file in its folder, then ``os.replace``.

    The file keeps its permission bits. On any failure the temporary file is removed and the original
    is left as it was.

    Args:
        path: The file (its real path: a symlink is followed by the caller, never replaced).
        text: The new content.
        bom: Write a UTF-8 byte order mark first, as the original had one.

    Raises:
        OSError: The temporary file cannot be written or moved into place.

    """
    mode = stat.S_IMODE(path.stat().st_mode)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
