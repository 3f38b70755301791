"""The results' "What customers say" block: the client's customer pulse beside this audit.

The words are the domain's (audit/domain/customers.py), the same as `audit show` and the PDF;
every title is shown literally, never read as markup."""

from __future__ import annotations

from rich.text import Text

from audit.domain.customers import CustomersView, heading_text, measures_text, side_by_side_text
from audit.tui.text import literal


def customers_text(customers: CustomersView | None) -> Text:
    """Empty when the client has no customer pulse."""
    out = Text()
    if customers is None:
        return out
    out.append("\n")
    out.append_text(literal(heading_text(customers), "bold underline"))
    out.append(f"\n{measures_text(customers.pulse)}\n")
    if not customers.rows:  # the pulse audit itself: the customers' score per section
        for voice in customers.pulse.phases:
            score = "-" if voice.score is None else f"{voice.score:.0f}"
            out.append_text(literal(f"{voice.title[:24]:<24} "))
            out.append(f"customers say {score} ({voice.customers})\n")
    for row in customers.rows:
        out.append_text(literal(f"{row.title[:16]:<16} "))
        out.append(side_by_side_text(row) + "\n", "bold" if row.finding else "")
    return out
