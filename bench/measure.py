"""Taking a figure several times and saying how it compares with its target."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Figure:
    """One measured figure: its samples, what it is compared with, and its target."""

    name: str
    unit: str  # "ms", "s", "x" (a ratio), "MiB"
    samples: list[float]
    target: str  # the target in words, e.g. "< 150 ms and <= 4x python -c pass"
    passed: bool
    baseline: str = ""  # what it was measured against, with that figure
    notes: list[str] = field(default_factory=list)
    statistic: str = "median"  # or "p95": which one the target is about

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def headline(self) -> float:
        """The figure the target is about."""
        return percentile(self.samples, 0.95) if self.statistic == "p95" else self.median

    @property
    def spread(self) -> tuple[float, float]:
        return min(self.samples), max(self.samples)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Figure:
        return cls(
            data["name"],
            data["unit"],
            data["samples"],
            data["target"],
            data["passed"],
            data["baseline"],
            data["notes"],
            data.get("statistic", "median"),
        )

    def as_json(self) -> dict[str, object]:
        low, high = self.spread
        return {
            "name": self.name,
            "unit": self.unit,
            "statistic": self.statistic,
            "headline": round(self.headline, 4),
            "median": round(self.median, 4),
            "min": round(low, 4),
            "max": round(high, 4),
            "samples": [round(s, 4) for s in self.samples],
            "target": self.target,
            "passed": self.passed,
            "baseline": self.baseline,
            "notes": self.notes,
        }


def timed(action: Callable[[], object], times: int, warmup: int = 1) -> list[float]:
    """Seconds each call of `action` took, after `warmup` calls that are not counted."""
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return samples


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def ms(samples: list[float]) -> list[float]:
    return [s * 1000 for s in samples]
