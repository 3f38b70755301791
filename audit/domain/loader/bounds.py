"""`[[sections.questions.bounds]]`: other best and worst values for a number question, each
used when its `when` holds, checked like the question's own."""

from __future__ import annotations

from typing import Any

from audit.domain.loader.conditions import ConditionReader
from audit.domain.loader.fields import show
from audit.domain.loader.rules import BOUNDS_KEYS, MAX_ITEMS
from audit.domain.questionnaire import Bounds, Kind, Question


class BoundsReader(ConditionReader):
    def bounds(
        self,
        data: dict[str, Any],
        kind: Kind | None,
        where: str,
        seen: dict[str, Question],
        own: dict[str, float | None],
    ) -> tuple[Bounds, ...]:
        if "bounds" not in data:
            return ()
        if kind is not Kind.NUMBER:
            self.problems.add(where, f'"bounds" belongs to a number, not to kind "{kind}"')
            return ()
        tables = self._tables(data, "bounds", where)
        if len(tables) > MAX_ITEMS["bounds"]:
            self.problems.add(where, f'more than {MAX_ITEMS["bounds"]} items in "bounds"')
            return ()
        if tables and (own["best"] is None or own["worst"] is None):
            # The question's own pair is what applies when no case holds.
            self.problems.add(where, '"bounds" needs the question\'s own "best" and "worst" too')
            return ()
        cases = []
        for index, table in enumerate(tables):
            case = self._case(table, f"{where}.bounds[{index}]", seen, own)
            if case is not None:
                cases.append(case)
        return tuple(cases)

    def _case(
        self,
        table: dict[str, Any],
        at: str,
        seen: dict[str, Question],
        own: dict[str, float | None],
    ) -> Bounds | None:
        self._unknown_keys(table, BOUNDS_KEYS, at)
        if "when" not in table:
            self.problems.add(at, '"when" is missing: say which businesses these bounds are for')
        when = self.conditions(table.get("when", []), at, seen) if "when" in table else ()
        best = self._number(table, "best", at, None)
        worst = self._number(table, "worst", at, None)
        for key, value in (("best", best), ("worst", worst)):
            if key not in table:
                self.problems.add(at, f'"{key}" is missing')
            elif value is not None and not _within(value, own["min"], own["max"]):
                self.problems.add(at, f'"{key}" {show(value)} lies outside "min" to "max"')
        if best is None or worst is None:
            return None
        if best == worst:
            self.problems.add(at, '"best" and "worst" must differ')
            return None
        own_best, own_worst = own["best"], own["worst"]
        assert own_best is not None and own_worst is not None
        if (best > worst) != (own_best > own_worst):
            # A swapped pair would score the good answer as the bad one.
            better = "higher" if own_best > own_worst else "lower"
            self.problems.add(
                at, f'"best" must be {better} than "worst", as in the question\'s own pair'
            )
            return None
        return Bounds(when=when, best=best, worst=worst) if when else None


def _within(value: float, low: float | None, high: float | None) -> bool:
    return (low is None or value >= low) and (high is None or value <= high)
