"""The store works where there is no fcntl (as on Windows): it still saves, and two programs
still take turns on it. Each case runs in a subprocess in which `import fcntl` fails."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import REPO

# Run first in every subprocess: from here on `import fcntl` raises ImportError.
NO_FCNTL = textwrap.dedent(f"""
    import sys
    sys.modules["fcntl"] = None
    sys.path.insert(0, {str(REPO)!r})
""")


def run_without_fcntl(
    code: str, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", NO_FCNTL + textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def audit_without_fcntl(folder: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    code = """
        from audit.cli import main
        code = main(sys.argv[1:])
        assert "fcntl" not in sys.modules or sys.modules["fcntl"] is None
        sys.exit(code)
    """
    return run_without_fcntl(code, "--db", str(folder), *argv)


def test_without_fcntl_the_demo_is_saved_and_listed(tmp_path):
    folder = tmp_path / "store"
    made = audit_without_fcntl(folder, "demo")
    assert made.returncode == 0, made.stderr
    assert made.stderr == ""  # no warning about the kind of lock reaches the user
    listed = audit_without_fcntl(folder, "list", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert len(rows) == 2 and {row["status"] for row in rows} == {"complete"}


def test_without_fcntl_two_writers_at_once_lose_nothing(tmp_path):
    folder = tmp_path / "store"
    made = audit_without_fcntl(folder, "new", "--client", "Acme", "--questionnaire", "five-steps")
    assert made.returncode == 0, made.stderr
    audit_id = made.stdout.strip()
    writer = f"""
        from pathlib import Path
        from audit.domain.answers import Answer
        from audit.storage.store import Store
        store = Store(Path({str(folder)!r}), lock_timeout=30)
        for n in range(40):
            store.save_answer({audit_id!r}, Answer(f"{{sys.argv[1]}}-{{n}}", n))
    """
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", NO_FCNTL + textwrap.dedent(writer), name],
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("p", "q")
    ]
    outcomes = [(w.wait(timeout=120), w.communicate()[1]) for w in workers]
    assert outcomes == [(0, ""), (0, "")]
    read = run_without_fcntl(
        f"""
        from pathlib import Path
        from audit.storage.store import Store
        print(" ".join(sorted(Store(Path({str(folder)!r})).load_audit({audit_id!r}).answers)))
        """
    )
    answers = set(read.stdout.split())
    assert {f"{p}-{n}" for p in "pq" for n in range(40)} <= answers


def test_without_fcntl_a_held_store_makes_another_program_wait_then_say_so(tmp_path):
    folder = tmp_path / "store"
    assert audit_without_fcntl(folder, "demo").returncode == 0
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            NO_FCNTL
            + textwrap.dedent(f"""
                from pathlib import Path
                from audit.storage.files import StoreLock
                with StoreLock(Path({str(folder)!r}) / "lock", timeout=5).held():
                    print("held", flush=True)
                    sys.stdin.readline()
            """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        busy = run_without_fcntl(
            f"""
            from pathlib import Path
            from audit.storage.files import StoreBusy
            from audit.storage.store import Store
            try:
                Store(Path({str(folder)!r}), lock_timeout=0.3)
            except StoreBusy as error:
                print(error)
            """
        )
    finally:
        holder.communicate("\n", timeout=30)
    assert busy.stdout.strip().endswith(
        "the store is in use by another program; close it or try again in a moment"
    )
    after = audit_without_fcntl(folder, "list")  # the lock was given back
    assert after.returncode == 0, after.stderr
