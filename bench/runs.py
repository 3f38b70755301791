"""What every benchmark case shares: the checkout, a `Run` and a timed subprocess."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

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
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    if store is not None:
        env["AUDIT_DB"] = str(store)
    return env


def process_seconds(argv: list[str], times: int, env: dict[str, str]) -> list[float]:
    def once() -> None:
        subprocess.run(argv, env=env, check=True, capture_output=True)

    return timed(once, times)
