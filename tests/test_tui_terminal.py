"""The real `audit` program in a real terminal (tmux at 80x24): keystrokes in, store checked."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from audit.catalog import load_catalog
from audit.storage.store import Store
from tests.conftest import REPO


class Terminal:
    def __init__(
        self, name: str, command: str, env: dict[str, str], size: tuple[int, int] = (80, 24)
    ) -> None:
        self.name = name
        exports = " ".join(f"{k}={v}" for k, v in env.items())
        subprocess.run(
            [
                "tmux",
                "new-session",
                "-d",
                "-s",
                name,
                "-x",
                str(size[0]),
                "-y",
                str(size[1]),
                f"cd {REPO} && env {exports} {command}; echo EXITED-$?; sleep 30",
            ],
            check=True,
        )

    def screen(self) -> str:
        result = subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True
        )
        return result.stdout

    def wait_for(self, text: str, timeout: float = 15) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} did not appear; the screen shows:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        for key in keys:
            subprocess.run(["tmux", "send-keys", "-t", self.name, key], check=True)
            time.sleep(0.15)

    def title(self) -> str:
        result = subprocess.run(
            ["tmux", "display-message", "-p", "-t", self.name, "#{pane_title}"],
            capture_output=True,
            text=True,
        )
        return result.stdout.strip()

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


@pytest.fixture
def terminal(tmp_path):
    # Skipped here, not for the module: the tests without a terminal run everywhere.
    if shutil.which("tmux") is None:
        pytest.skip("needs tmux (.ci/run installs it)")
    opened: list[Terminal] = []

    def open_terminal(
        store: Path, *args: str, size: tuple[int, int] = (80, 24), **extra: str
    ) -> Terminal:
        env = {"AUDIT_DB": str(store), "TERM": "xterm-256color", "PYTHONPATH": str(REPO), **extra}
        command = " ".join([sys.executable, "-m", "audit", *args])
        term = Terminal(f"audit-test-{os.getpid()}-{len(opened)}", command, env, size)
        opened.append(term)
        return term

    yield open_terminal
    for term in opened:
        term.close()


def test_answer_in_the_real_program_quit_and_find_it_stored(terminal, tmp_path):
    store_path = tmp_path / "store"
    term = terminal(store_path)
    term.wait_for("No audits yet")
    term.keys("n")
    term.wait_for("Client (business name)")
    term.keys("Tmux Tiles Ltd", "Tab", "Tab", "Down", "C-s")
    term.wait_for("What kind of business is this?")
    term.keys("4")  # professional services
    term.wait_for("How do most customers buy")
    term.keys("3")  # regularly
    term.wait_for("How many people work")
    term.keys("2")  # 2 to 9
    term.wait_for("Is the way you look after")
    term.keys("1")  # yes
    term.wait_for("Which best describes")
    term.keys("2")  # occasional
    term.wait_for("before they first get in touch")
    term.keys("2")
    term.wait_for("quotes")
    term.keys("n")
    term.wait_for("Our website")
    term.keys("4")
    screen = term.wait_for("Saved: 4 ")
    assert "Section 2 of 4: Before the sale" in screen
    term.keys("C-q")
    term.wait_for("EXITED-0")

    store = Store(store_path)
    (audit_id,) = store.audit_ids()
    answers = store.load_audit(audit_id).answers
    assert {k: a.value for k, a in answers.items()} == {
        "business-kind": "professional",
        "buying-pattern": "regular",
        "team-size": "small",
        "service-edge": "main-reason",
        "after-sale-model": "occasional",
        "recommended": "heard-of-us",
        "tenders": "no",
        "website": 4,
    }
    assert store.client(store.load_audit(audit_id).client_id).name == "Tmux Tiles Ltd"

    # Started again (without colour this time), it resumes on the question after the last
    # answer; going back shows the stored answer by its mark, not by colour alone.
    again = terminal(store_path, NO_COLOR="1")
    again.wait_for("Tmux Tiles")
    again.keys("Enter")
    again.wait_for("Our adverts")
    again.keys("PageUp")
    screen = again.wait_for("Our website")
    assert "● 4  Shows what we offer" in screen and "○ 3" in screen


def test_the_interview_on_a_dumb_terminal_ctrl_c_and_resume(terminal, tmp_path):
    store_path = tmp_path / "store"
    plain = {"TERM": "dumb", "NO_COLOR": "1"}
    term = terminal(
        store_path, "interview", "--client", "Plain", "--questionnaire", "five-steps", **plain
    )
    term.wait_for("Question 1 of")
    term.keys("1", "Enter", "2", "Enter", "2", "Enter", "2", "Enter")  # the business profile
    term.wait_for("Question 5 of")
    term.keys("4", "Enter")
    term.wait_for("Question 6 of")
    term.keys("p // only two groups", "Enter")
    term.wait_for("Question 7 of")
    term.keys("C-c")
    screen = term.wait_for("EXITED-130")
    assert "Resume with: audit interview" in screen

    store = Store(store_path)
    (audit_id,) = store.audit_ids()
    answers = store.load_audit(audit_id).answers
    assert (answers["asked-customers"].value, answers["segments"].value) == (4, "partly")
    assert answers["segments"].note == "only two groups"

    again = terminal(store_path, "interview", audit_id, **plain)
    screen = again.wait_for("Question 7 of")
    assert "6 of 38 questions answered so far" in screen  # "partly" asks one more


# The business profile's questions, as the screen shows them.
PROFILE = (
    "What kind of business is this?",
    "How do most customers buy",
    "How many people work",
    "Is the way you look after",
)


def program_pid(store: Path) -> int:
    """The pid of the `audit` process working on `store` (not the shell around it)."""
    found = subprocess.run(["pgrep", "-f", str(store)], capture_output=True, text=True).stdout
    for pid in map(int, found.split()):
        with contextlib.suppress(OSError):
            if Path(f"/proc/{pid}/comm").read_text().startswith("python"):
                return pid
    raise AssertionError(f"no audit process found for {store}")


def gone_within(pid: int, seconds: float) -> bool:
    """True once the process has exited (a zombie waiting for its parent counts as exited)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state == "Z":
            return True
        time.sleep(0.02)
    return False


@pytest.mark.parametrize("how", ["SIGTERM", "SIGHUP", "terminal closed"])
@pytest.mark.parametrize("program", ["tui", "interview"])
def test_stopped_from_outside_it_keeps_every_answer_and_exits_at_once(
    terminal, tmp_path, program, how
):
    store_path = tmp_path / "store"
    store = Store(store_path)
    entry = load_catalog([]).get("five-steps")
    assert entry is not None
    audit = store.create_audit(store.add_client("Sig"), entry.questionnaire, entry.text)
    args = ("--db", str(store_path)) + (("interview", audit.id) if program == "interview" else ())
    term = terminal(store_path, *args)
    if program == "tui":
        term.wait_for("Sig")
        term.keys("Enter")
    for question in PROFILE:  # the business profile comes first: a trade firm, say
        term.wait_for(question)
        term.keys("1", *(["Enter"] if program == "interview" else []))
    term.wait_for("In the last six months")
    term.keys("4", *(["Enter"] if program == "interview" else []))
    term.wait_for("named our main groups")
    pid = program_pid(store_path)
    if how == "terminal closed":
        term.close()
    else:
        os.kill(pid, getattr(signal, how))
    assert gone_within(pid, 2.0)
    if how != "terminal closed":
        code = 128 + getattr(signal, how)
        screen = term.wait_for(f"EXITED-{code}", timeout=5)
        if program == "interview":
            assert f"Resume with: audit interview {audit.id}" in screen
    assert Store(store_path).load_audit(audit.id).answers["asked-customers"].value == 4


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ((), "audit: the full-screen app needs a terminal"),
        (("interview", "--client", "X", "--questionnaire", "five-steps"), "audit: the interview"),
    ],
)
def test_without_a_terminal_it_says_so_at_once(tmp_path, args, says):
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "audit", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=10,
        env={**os.environ, "AUDIT_DB": str(tmp_path / "s"), "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 2
    assert result.stderr.startswith(says)
    assert time.monotonic() - started < 5


def test_under_term_dumb_the_app_says_to_use_the_interview_and_exits_2(terminal, tmp_path):
    term = terminal(tmp_path / "store", TERM="dumb")
    screen = term.wait_for("EXITED-2")
    assert screen.startswith(
        "audit: TERM=dumb cannot show the full-screen app; use `audit interview`\n"
    )


def test_ticking_multiple_choices_in_a_real_terminal_without_colour(terminal, tmp_path):
    store_path = tmp_path / "store"
    term = terminal(store_path, NO_COLOR="1")
    term.wait_for("No audits yet")
    term.keys("n")
    term.wait_for("Client (business name)")
    term.keys("Little Crumb Bakery", "Tab", "Tab", "C-s")
    for question, key in zip(PROFILE, ("2", "3", "2", "2"), strict=True):  # a shop, regulars
        term.wait_for(question)
        term.keys(key)
    term.wait_for("In the last six months")
    term.keys("4", "p", "3", "4")
    term.wait_for("Where do you take part")
    term.keys("Space", "Down", "Space", "4")  # first highlighted on arrival; digit 4
    screen = term.wait_for("[x] 4")
    assert "[x] 1  Replying to reviews" in screen and "[x] 2  Answering questions" in screen
    assert "[ ] 3  Being at markets" in screen
    term.keys("C-q")
    term.wait_for("EXITED-0")
    (audit_id,) = Store(store_path).audit_ids()
    answer = Store(store_path).load_audit(audit_id).answers["listening-channels"]
    assert answer.value == ("reviews", "social", "complaints")


def test_typed_escape_sequences_never_reach_the_terminal(terminal, tmp_path):
    """A note that would retitle the terminal and clear it is shown as code points."""
    store_path = tmp_path / "store"
    store = Store(store_path)
    entry = load_catalog([]).get("five-steps")
    assert entry is not None
    audit = store.create_audit(store.add_client("Esc Ltd"), entry.questionnaire, entry.text)
    from audit.domain.answers import Answer

    store.save_answer(
        audit.id, Answer("asked-customers", value=2, note="\x1b]0;pwned\x07\x1b[2J\u202eevil")
    )
    term = terminal(store_path)
    term.wait_for("Esc Ltd")
    term.keys("Enter")
    screen = term.wait_for("<U+001B>]0;pwned")
    assert "<U+001B>[2J<U+202E>evil" in screen
    assert "pwned" not in term.title()
    assert "Esc Ltd" in screen  # the screen was not cleared
