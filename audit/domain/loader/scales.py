"""`[scales.NAME]`: a scale declared once and used by many questions (`scale = "NAME"`), and the
checks on importance questions, which share points across sections."""

from __future__ import annotations

import difflib
from typing import Any

from audit.domain.loader.fields import FieldReader, is_number, show
from audit.domain.loader.rules import ID_PATTERN, MAX_ITEMS, MAX_TEXT_CHARS, SCALE_KEYS
from audit.domain.questionnaire import Kind, Section

SCALED_KINDS = (Kind.SCALE, Kind.PAIRED)
DEFAULT_TOTAL = 100


class ScaleReader(FieldReader):
    """Reads the named scales first, so that every question can be checked against them."""

    scales: dict[str, tuple[str, ...]]
    broken_scales: set[str]

    def named_scales(self, data: dict[str, Any]) -> dict[str, tuple[str, ...]]:
        self.broken_scales = set()
        raw = data.get("scales", {})
        if not isinstance(raw, dict) or not all(isinstance(v, dict) for v in raw.values()):
            self.problems.add("top level", '"scales" must hold tables like [scales.agree]')
            return {}
        scales = {}
        for name, table in raw.items():
            where = f"scales.{name}"
            self._unknown_keys(table, SCALE_KEYS, where)
            if not ID_PATTERN.match(name):
                self.problems.add(
                    where, f"scale name {show(name)} must be lower-case letters, digits and dashes"
                )
            labels = self.scale_labels(table, where)
            if labels:
                scales[name] = labels
            else:
                self.broken_scales.add(name)  # said once, here, not at every question using it
        return scales

    def scale_labels(self, table: dict[str, Any], where: str) -> tuple[str, ...]:
        """`points = 7` with `labels` for every point or for the two ends only."""
        count: Any = table.get("points")
        if "points" not in table:
            self.problems.add(where, '"points" is missing: say how many points the scale has')
            return ()
        if not is_number(count) or count != int(count) or not 2 <= count <= MAX_ITEMS["points"]:
            self.problems.add(
                where,
                f'"points" must be a whole number from 2 to {MAX_ITEMS["points"]}, '
                f"not {show(count)}",
            )
            return ()
        count = int(count)
        labels = table.get("labels")
        if not isinstance(labels, list) or not all(isinstance(i, str) for i in labels):
            self.problems.add(where, '"labels" must be a list of texts: one per point, or two ends')
            return ()
        if any(not label.strip() or len(label) > MAX_TEXT_CHARS for label in labels):
            self.problems.add(where, '"labels" holds an empty or overlong text')
            return ()
        if len(labels) == count:
            return tuple(labels)
        if len(labels) == 2:
            # Only the ends are named: the points between are known by their number.
            return (labels[0], *("" for _ in range(count - 2)), labels[1])
        self.problems.add(
            where, f'"labels" has {len(labels)} texts; give {count} (one a point) or 2 (the ends)'
        )
        return ()

    def points_of_scale(
        self, data: dict[str, Any], kind: Kind | None, where: str
    ) -> tuple[str, ...]:
        """The labels a question's `scale = "NAME"` stands for; () with a problem if unknown."""
        name = data.get("scale")
        if kind not in SCALED_KINDS:
            self.problems.add(
                where, f'"scale" belongs to a scale or paired question, not to kind "{kind}"'
            )
            return ()
        if "points" in data:
            self.problems.add(where, 'give "points" or "scale", not both')
            return ()
        if not isinstance(name, str):
            self.problems.add(
                where, f'"scale" must be the name of a [scales.NAME], not {show(name)}'
            )
            return ()
        if name in self.scales:
            return self.scales[name]
        if name in self.broken_scales:
            return ()
        close = difflib.get_close_matches(name, sorted(self.scales), n=1, cutoff=0.6)
        hint = f' (did you mean "{close[0]}"?)' if close else ""
        declared = "" if self.scales else "; the file declares no [scales]"
        self.problems.add(where, f'scale "{name}" is not declared{declared}{hint}')
        return ()

    def importance_fields(
        self, data: dict[str, Any], kind: Kind | None, where: str
    ) -> tuple[int, tuple[str, ...]]:
        """`total` and `across` of an importance question; refused on any other kind."""
        if kind is not Kind.IMPORTANCE:
            for key in ("total", "across"):
                if key in data:
                    self.problems.add(where, f'"{key}" belongs to an importance question')
            return 0, ()
        total = data.get("total", DEFAULT_TOTAL)
        if not is_number(total) or total != int(total) or not 1 <= total <= 1_000_000:
            self.problems.add(where, f'"total" must be a whole number above 0, not {show(total)}')
            total = DEFAULT_TOTAL
        across = data.get("across", [])
        if not isinstance(across, list) or not all(isinstance(i, str) for i in across):
            self.problems.add(where, '"across" must be a list of section ids')
            across = []
        return int(total), tuple(across)

    def check_importance(
        self, sections: list[Section], locations: dict[str, str]
    ) -> tuple[Section, ...]:
        """One importance question at most; its `across` names real sections (every section
        with paired questions when it is left out)."""
        from dataclasses import replace

        ids = [s.id for s in sections]
        with_gaps = tuple(s.id for s in sections if any(q.kind is Kind.PAIRED for q in s.questions))
        found = [q for s in sections for q in s.questions if q.kind is Kind.IMPORTANCE]
        for extra in found[1:]:
            self.problems.add(
                locations.get(extra.id, ""), "a questionnaire has at most one importance question"
            )
        if not found:
            return tuple(sections)
        question = found[0]
        where = f'{locations.get(question.id, "")} (id "{question.id}")'
        across = question.across or with_gaps
        for name in across:
            if name not in ids:
                close = difflib.get_close_matches(name, ids, n=1, cutoff=0.6)
                hint = f' (did you mean "{close[0]}"?)' if close else ""
                self.problems.add(where, f'"across" names "{name}", which is not a section{hint}')
        if len(set(across)) != len(across):
            self.problems.add(where, '"across" names a section twice')
        if len(across) < 2:
            self.problems.add(where, "importance points need at least two sections to share them")
        fixed = replace(question, across=across)
        return tuple(
            replace(s, questions=tuple(fixed if q is question else q for q in s.questions))
            for s in sections
        )
