"""The customers' view beside the owner's audit, as `audit show`, `--json` and the PDF's context
carry it (the numbers are the ten customers of docs/scoring.md, worked out in test_pulse.py)."""

from __future__ import annotations

import json

import pytest

from audit.catalog import load_catalog
from audit.console import audit_page
from audit.domain.answers import Answer
from audit.domain.audit import ActionEdit, ActionStatus, Audit, Client
from audit.domain.plan import PlanPart
from audit.domain.pulse import measure_pulse
from audit.domain.view import build_view
from audit.reporting.customers import customers_context
from audit.reporting.exports import to_json
from tests.test_pulse import ten_customers


@pytest.fixture(scope="module")
def builtins():
    catalog = load_catalog([])
    return {e.questionnaire.id: e.questionnaire for e in catalog.entries}


def owners_audit(questionnaire, edits=None, **values):
    answers = {k.replace("_", "-"): Answer(k.replace("_", "-"), v) for k, v in values.items()}
    return Audit(
        id="a1",
        client_id="c1",
        questionnaire_id=questionnaire.id,
        questionnaire_version="1.0",
        questionnaire_hash="h",
        answers=answers,
        action_edits=edits or {},
    )


CLIENT = Client("c1", "Hollin [bold]& Daughters")


def view_with_customers(builtins, edits=None):
    three = builtins["three-phases"]
    # during delivery: the basic `as-agreed` at point 5 of 5 = 100; `website` at 2 of 5 = 25
    audit = owners_audit(three, edits, business_kind="shop", as_agreed=5, website=2)
    pulse = measure_pulse(builtins["customer-pulse"], ten_customers())
    return build_view(audit, CLIENT, three, pulse, "p1", "2026-11-30T09:00:00+00:00")


def test_show_prints_you_say_beside_customers_say_per_phase(builtins):
    page = audit_page(view_with_customers(builtins))
    assert "What customers say: 10 customers (customer pulse p1, started 2026-11-30):" in page
    assert "NPS +20 (10 answers), CSAT 70% (10), CES 5.1 of 7, higher is easier (10)" in page
    # before: website 2 of 5 -> 25 against the customers' 75: customers rate it higher
    assert "  Before the sale\n      you say 25, customers say 75 (10 customers)\n" in page
    # during: 100 against 52.5 (shown 52): 47.5 points apart, from 10 customers: a finding
    assert (
        "  During delivery\n"
        "      you say 100, customers say 52 (10 customers): 48 points apart, a finding\n"
        "      in the plan\n"
    ) in page
    assert "  After the sale\n      you say no score yet, customers say 62 (4 customers)" in page
    # overall: (25 + 100) / 2 = 62.5, shown 62; the customers' overall pulse scores average 65
    assert "  Overall\n      you say 62, customers say" in page


def test_the_finding_is_a_plan_row_first_among_the_improvements(builtins):
    view = view_with_customers(builtins)
    main = [a for a in view.plan if a.part is PlanPart.MAIN]
    # the website answer (25) is the only weak question: the finding comes after it unless the
    # website is a fix; either way the finding is in the main plan with its own reason
    finding = next(a for a in main if a.id == "customers-during/1")
    assert finding.category.value == "improve" and finding.horizon_days == 90
    assert "10 customers give it 52 on average, 48 points lower" in finding.reason
    assert [a.rank for a in view.plan] == list(range(1, len(view.plan) + 1))


def test_an_owner_set_on_the_finding_stays_with_it(builtins):
    edits = {"customers-during/1": ActionEdit(owner="Kim", status=ActionStatus.DONE)}
    view = view_with_customers(builtins, edits)
    finding = next(a for a in view.plan if a.id == "customers-during/1")
    assert (finding.owner, finding.part) == ("Kim", PlanPart.CLOSED)


def test_json_carries_the_customers_block(builtins):
    data = json.loads(to_json(view_with_customers(builtins)))
    customers = data["customers"]
    assert (customers["nps"], customers["csat"], customers["ces"]) == (20.0, 70.0, 5.1)
    during = next(row for row in customers["beside_this_audit"] if row["id"] == "during")
    assert during == {
        "id": "during",
        "title": "During delivery",
        "you": 100.0,
        "customers": 52.5,
        "customer_count": 10,
        "gap": 47.5,
        "finding": True,
    }
    assert "customers-during/1" in [row["id"] for row in data["plan"]]


def test_the_report_table_has_the_numbers(builtins):
    context = customers_context(view_with_customers(builtins).customers)
    assert context is not None
    rows = {row["title"]: row for row in context["rows"]}
    assert (rows["During delivery"]["you"], rows["During delivery"]["customers"]) == ("100", "52")
    assert rows["During delivery"]["gap"] == "+48" and rows["During delivery"]["finding"]
    assert rows["Before the sale"]["gap"] == "-50"  # 25 - 75
    assert (context["nps"], context["csat"], context["ces"]) == ("+20", "70%", "5.1")


def test_five_steps_shows_the_overall_and_the_measures_only(builtins):
    five = builtins["five-steps"]
    question = next(q for q in five.questions if q.scored and q.kind.value == "yes-partly-no")
    audit = owners_audit(five, **{question.id.replace("-", "_"): "yes"})
    pulse = measure_pulse(builtins["customer-pulse"], ten_customers())
    view = build_view(audit, CLIENT, five, pulse, "p1", "")
    assert [row.section_id for row in view.customers.rows] == ["overall"]
    page = audit_page(view)
    assert "  Overall\n      you say 100, customers say" in page
    assert "During delivery" not in page.split("What customers say")[1].split("Action plan")[0]


def test_without_a_pulse_nothing_changes(builtins):
    three = builtins["three-phases"]
    view = build_view(owners_audit(three, business_kind="shop", website=2), CLIENT, three)
    assert view.customers is None
    assert "What customers say" not in audit_page(view)
    assert "customers" not in json.loads(to_json(view))


def test_the_pulse_audit_itself_shows_the_measures_and_each_section(builtins):
    pulse_questionnaire = builtins["customer-pulse"]
    pulse = measure_pulse(pulse_questionnaire, ten_customers())
    view = build_view(owners_audit(pulse_questionnaire), CLIENT, pulse_questionnaire, pulse, "a1")
    page = audit_page(view)
    assert "NPS +20 (10 answers)" in page
    assert "While it was delivered         52 (10 customers)" in page
    assert not [a for a in view.plan if a.id.startswith("customers-")]


def test_the_pdf_has_the_customers_table_and_the_finding(builtins, tmp_path):
    pytest.importorskip("weasyprint")
    import datetime as dt

    from audit.reporting.brand import Brand
    from audit.reporting.render import render_html, render_pdf
    from tests.test_report import TEMPLATES, flat, pdf_text, save_pages

    html = render_html(
        view_with_customers(builtins), TEMPLATES, Brand(), today=dt.date(2026, 12, 2)
    )
    # the client's name is data: escaped, never markup
    assert "Hollin [bold]&amp; Daughters" in html
    pdf = render_pdf(html, TEMPLATES)
    save_pages(pdf, "customers-view")
    text = flat(pdf_text(pdf))
    assert "What customers say" in text
    assert "From 10 customers (customer pulse p1, started 2026-11-30)." in text
    assert "NPS +20 (10 answers), CSAT 70% (10), CES 5.1 of 7, higher is easier (10)" in text
    # during delivery: you 100, customers 52 from 10, gap +48, in the plan
    assert "During delivery 100 52 (10) +48 in the plan" in text
    assert "Find out why customers rate your care during delivery lower than you do" in text


def test_the_apps_results_show_the_same_words_literally(builtins):
    from audit.tui.customers_block import customers_text

    text = customers_text(view_with_customers(builtins).customers)
    lines = text.plain.splitlines()
    assert "What customers say: 10 customers (customer pulse p1, started 2026-11-30)" in lines
    assert (
        "During delivery  you say 100, customers say 52 (10 customers): 48 points apart, a "
        "finding in the plan"
    ) in lines
    assert customers_text(None).plain == ""


def test_the_markdown_export_has_the_table(builtins):
    from audit.reporting.exports import to_markdown

    text = to_markdown(view_with_customers(builtins))
    assert "## What customers say" in text
    assert "| During delivery | 100 | 52 | 10 | +48 (in the plan) |" in text
    assert "| Before the sale | 25 | 75 | 10 | -50 |" in text
