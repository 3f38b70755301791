"""The interview's commands, listed once: the help text and the reading of a typed line both
come from `Command`, so a new command cannot be in one and missing from the other."""

from __future__ import annotations

from enum import Enum


class Command(Enum):
    """A whole-line command: its word and what it does, as the help lists it."""

    HELP = ("?", "why this question matters, and this list")
    NOTE = (":note", "add, change or remove a note on this question")
    NOT_APPLICABLE = (":na", "mark it not applicable, with a reason (where allowed)")
    FLAG = (":flag", "flag or unflag it for review")
    SKIP = (":skip", "move on without answering (Enter does the same)")
    BACK = (":back", "go back to the previous question")
    JUMP = (":jump", "go to a section")
    CLEAR = (":clear", "remove this question's answer")
    QUIT = (":quit", "stop; everything answered so far is kept")

    def __init__(self, word: str, does: str) -> None:
        self.word = word
        self.does = does


_BY_WORD = {command.word: command for command in Command} | {"": Command.SKIP}

# What may follow an answer in the same line (read by audit.prompts.reply).
SAME_LINE = (
    ("3 // only at trade fairs", "with a note"),
    ("3 /// ask the owner", "with a private note"),
    ("3 :flag", "flagged for review (also: 3 :flag // a note)"),
)


def command_in(line: str) -> Command | None:
    """The command a whole line is (Enter alone skips), or None: an answer, perhaps with a note
    or a flag."""
    return _BY_WORD.get(line.strip().lower())


def commands_help() -> str:
    lines = ["Commands (type them at any question, then Enter):"]
    lines += [f"  {command.word:<8} {command.does}" for command in Command]
    lines.append("In the same line as an answer:")
    lines += [f"  {example:<28} {meaning}" for example, meaning in SAME_LINE]
    lines.append("  Type \\// for a literal // between spaces; https://... needs nothing.")
    return "\n".join(lines)
