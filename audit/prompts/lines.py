"""Reading one typed line: every prompt of the interview takes its reply the same way, ended with
Enter, so a stray Enter never answers the next question.

`Prompts` is a one-line questionary prompt (line editing, history-free); `PlainPrompts` is for
TERM=dumb and writes nothing but the prompt's own characters: no colour, no cursor moves, no
bracketed paste, since a dumb terminal or a screen reader would show them as junk.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from audit.text import plain


def one_line_width() -> int:
    """The width `say_wrapped` wraps at."""
    return max(40, min(shutil.get_terminal_size().columns, 100) - 1)


def say_wrapped(text: str) -> None:
    """Print `text` wrapped to the terminal at word boundaries, keeping each line's indent.

    Control characters are shown as code points: an escape sequence in a note or a
    questionnaire must not retitle, recolour or clear the consultant's terminal.
    """
    width = one_line_width()
    for line in (plain(part) for part in text.split("\n")):
        indent = line[: len(line) - len(line.lstrip())]
        wrapped = textwrap.wrap(
            line, width, subsequent_indent=indent + "   ", break_on_hyphens=False
        )
        print("\n".join(wrapped) if wrapped else "")


class LineReader(Protocol):
    def line(self, message: str) -> str:
        """Show `message`, wait for a line ended with Enter and return it (without the Enter)."""
        ...


@dataclass
class Prompts:
    """questionary prompts on the given input and output (None: the terminal).

    `before_prompt` is called with each prompt's message just before it waits for keys; tests
    use it to type into a pipe.
    """

    input: Any = None
    output: Any = None
    before_prompt: Callable[[str], None] | None = None
    style: Any = None

    def line(self, message: str) -> str:
        import questionary

        question = questionary.text(
            plain(message), qmark=">", style=self.style, input=self.input, output=self.output
        )
        if self.before_prompt is not None:
            self.before_prompt(message)
        answer: str = question.unsafe_ask()
        return answer


@dataclass
class PlainPrompts:
    """The prompt and the reply as bare characters on `output` and `input` (None: stdout and
    stdin); the terminal's own line editing does the rest. EOFError when input ends."""

    input: Any = None
    output: Any = None
    before_prompt: Callable[[str], None] | None = None

    def line(self, message: str) -> str:
        output = self.output or sys.stdout
        output.write(f"{plain(message)} ")
        output.flush()
        if self.before_prompt is not None:
            self.before_prompt(message)
        reply: str = (self.input or sys.stdin).readline()
        if not reply:
            raise EOFError
        return reply.rstrip("\r\n")


def prompts_for_terminal() -> Prompts | PlainPrompts:
    if os.environ.get("TERM") == "dumb":
        return PlainPrompts()
    return Prompts(style=plain_style())


def plain_style() -> Any:
    """No colours at all under NO_COLOR; questionary's defaults otherwise."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        from questionary import Style

        return Style([("", "noinherit")])
    return None


def ask(
    prompts: LineReader,
    say: Callable[[str], None],
    message: str,
    check: Callable[[str], str | None] | None = None,
) -> str:
    """One accepted reply. A refused one gets a line saying why, and the prompt comes back empty,
    so the correction is not typed after the mistake."""
    while True:
        reply = prompts.line(message)
        problem = check(reply) if check is not None else None
        if problem is None:
            return reply
        say(f"Not accepted: {problem}")


def confirm(prompts: LineReader, say: Callable[[str], None], message: str, default: bool) -> bool:
    """A yes or no, typed and ended with Enter like every other reply; Enter alone: `default`."""

    def check(reply: str) -> str | None:
        known = reply.strip().casefold() in ("", "y", "yes", "n", "no")
        return None if known else "type y (yes) or n (no), then Enter"

    reply = ask(prompts, say, f"{message} ({'Y/n' if default else 'y/N'})", check)
    return default if not reply.strip() else reply.strip().casefold() in ("y", "yes")


class Stopped(Exception):
    """The program was told to stop from outside: SIGTERM, or SIGHUP when the terminal closed."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@contextlib.contextmanager
def stopped_by_signals() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into `Stopped`, raised where the interview can end cleanly: a
    prompt that is waiting ends the way Ctrl-C does (the terminal is put back as it was)."""

    def stop(signum: int, _frame: object) -> None:
        from prompt_toolkit.application import get_app_or_none

        app = get_app_or_none()
        if app is not None and app.is_running and app.loop is not None:
            # The thread-safe call wakes the prompt's event loop at once.
            app.loop.call_soon_threadsafe(lambda: app.exit(exception=Stopped(signum)))
        else:
            raise Stopped(signum)  # between prompts or in a plain prompt; saves are atomic

    previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
