"""Drive questionary prompts without a terminal: keys through prompt_toolkit's pipe input, and a record
of every prompt shown."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
import questionary
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

UP = "\x1b[A"
DOWN = "\x1b[B"
ENTER = "\r"
SPACE = " "
CLEAR = "\x15"  # Ctrl-U: drop the prefilled default
CTRL_C = "\x03"


@contextmanager
def keys(text: str) -> Iterator[None]:
    """Answer the prompts run inside the block with ``text``, as if typed."""
    with create_pipe_input() as pipe:
        pipe.send_text(text)
        # Closing the pipe makes a prompt that runs out of keys fail with EOFError instead of waiting.
        pipe.close()
        with create_app_session(input=pipe, output=DummyOutput()):
            yield


@dataclass(frozen=True)
class Shown:
    """One prompt as it was put to the user."""

    kind: str
    message: str
    choices: tuple[Any, ...]


def record_prompts(monkeypatch: pytest.MonkeyPatch) -> list[Shown]:
    """Record every questionary prompt created from now on (the prompts still run as usual)."""
    shown: list[Shown] = []
    for kind in ("select", "confirm", "text", "checkbox"):
        real = getattr(questionary, kind)

        def recording(message: str, *args: Any, _real: Any = real, _kind: str = kind, **kwargs: Any) -> Any:
            choices = tuple(getattr(choice, "value", choice) for choice in kwargs.get("choices", ()))
            shown.append(Shown(_kind, message, choices))
            return _real(message, *args, **kwargs)

        monkeypatch.setattr(questionary, kind, recording)
    return shown
