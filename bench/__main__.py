"""`python -m bench`: every performance figure beside its target, as a table and as JSON.

python -m bench                    # all of them (several minutes: the batch renders 220 PDFs)
python -m bench --quick            # fewer repeats and a 20-report batch, for a first look
python -m bench --only save render # some of them
python -m bench --json out.json    # where the JSON goes (default bench/results.json)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.cases import CASES
from bench.measure import Figure
from bench.runs import REPO, Run


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, a smaller batch")
    parser.add_argument("--only", nargs="+", choices=sorted(CASES), metavar="NAME",
                        help=f"run only these: {', '.join(CASES)}")  # fmt: skip
    parser.add_argument("--json", type=Path, default=Path(__file__).parent / "results.json")
    parser.add_argument("--case", choices=sorted(CASES), help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:  # one case, in a process of its own, its figures as JSON on stdout
        found = CASES[args.case](Run(args.folder, args.quick))
        print(json.dumps([f.as_json() for f in found]))
        return 0

    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="audit-bench-") as scratch:
        for name in args.only or list(CASES):
            started = time.perf_counter()
            print(f"… {name}", file=sys.stderr, flush=True)
            found = run_case(name, Path(scratch) / name, args.quick)
            print(f"  {name}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
            figures.extend(found)
            for figure in found:
                print(row(figure), flush=True)
    print()
    print(table(figures))
    args.json.write_text(
        json.dumps(
            {
                "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
                "python": platform.python_version(),
                "quick": args.quick,
                "figures": [f.as_json() for f in figures],
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"\nJSON: {args.json}")
    return 0 if all(f.passed for f in figures) else 1


def run_case(name: str, folder: Path, quick: bool) -> list[Figure]:
    """Each case runs in a fresh process: what one leaves in memory must not slow the next."""
    folder.mkdir(parents=True)
    argv = [sys.executable, "-m", "bench", "--case", name, "--folder", str(folder)]
    result = subprocess.run(
        argv + (["--quick"] if quick else []),
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        problem = (result.stderr.strip().splitlines() or ["no output"])[-1]
        return [Figure(name, "s", [0.0], "runs", False, notes=[f"failed: {problem}"])]
    return [Figure.from_json(data) for data in json.loads(result.stdout.splitlines()[-1])]


def _number(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "MiB":
        return f"{value:.0f} MiB"
    if unit != "s":  # a rate, such as saves/s
        return f"{value:.0f} {unit}"
    return f"{value:.2f} s"


def row(figure: Figure) -> str:
    low, high = figure.spread
    spread = (
        ""
        if len(figure.samples) == 1
        else f"{_number(low, figure.unit)} to {_number(high, figure.unit)}"
    )
    verdict = "ok" if figure.passed else "MISSED"
    stat = f"{figure.statistic} " if len(figure.samples) > 1 else ""
    extra = "; ".join(part for part in [figure.baseline, *figure.notes] if part)
    return (
        f"| {figure.name} | {stat}{_number(figure.headline, figure.unit)} | {spread} "
        f"| {figure.target} "
        f"| {verdict} | {extra} |"
    )


def table(figures: list[Figure]) -> str:
    head = "| what | figure | spread (min to max) | target | verdict | measured against |"
    return "\n".join([head, "| --- | --- | --- | --- | --- | --- |", *(row(f) for f in figures)])


if __name__ == "__main__":
    sys.exit(main())
