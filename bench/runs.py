"""What every benchmark case shares: the checkout, a `Run`, a timed subprocess, timed saves."""

from __future__ import annotations

import compileall
import functools
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from bench import fixtures
from bench.measure import timed

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Run:
    folder: Path
    quick: bool

    def repeat(self, full: int, quick: int) -> int:
        return quick if self.quick else full

    def scratch(self, name: str) -> Path:
        path = self.folder / name
        path.mkdir(parents=True, exist_ok=True)
        return path


def env_for(store: Path | None = None) -> dict[str, str]:
    """The environment of a whole-process case: this checkout's code, byte-compiled."""
    _byte_compiled()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    if store is not None:
        env["AUDIT_DB"] = str(store)
    return env


@functools.cache
def _byte_compiled() -> None:
    """Write the checkout's .pyc files once, as pip does when it installs the program: where
    PYTHONDONTWRITEBYTECODE is set (as on the build machine), every process would compile
    the modules it imports from source again (0.15 s of an `audit report`), which no
    installed copy does."""
    compileall.compile_dir(REPO / "audit", quiet=1)


def process_seconds(argv: list[str], times: int, env: dict[str, str]) -> list[float]:
    def once() -> None:
        subprocess.run(argv, env=env, check=True, capture_output=True)

    return timed(once, times)


def save_samples(store_folder: Path, audits: int, times: int) -> list[float]:
    """Seconds per save of one answer into the first audit of a bench store of `audits`."""
    from audit.domain.answers import Answer
    from audit.storage.store import Store

    fixtures.store_with_audits(store_folder, audits)
    store = Store(store_folder)
    audit_id = store.audit_ids()[0]
    values = [1, 2, 3, 4, 5]

    counter = iter(range(10**9))

    def save() -> None:
        store.save_answer(audit_id, Answer("asked-customers", value=values[next(counter) % 5]))

    if store.load_audit(audit_id).questionnaire_id != "five-steps":
        raise RuntimeError("the first audit of the bench store should be a five-steps audit")
    return timed(save, times, warmup=5)
