"""The built-in questionnaires read right for every kind of business, in the owner's own words.

Each kind of business from the profile answers every question at its worst; what it is asked and
the plan it gets must use no word that only fits another kind (a café has no snag list). The texts
are our own: no run of seven words is taken from a source article.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from audit.catalog import load_catalog
from audit.domain.answers import Answer, AnswerValue, asked_questions
from audit.domain.plan import build_plan
from audit.domain.questionnaire import Kind, Question, Questionnaire
from audit.domain.scoring import Verdict, score_audit

BUILTINS = ("three-phases", "five-steps")
KINDS = ("trade", "shop", "online", "professional", "personal")
PROFILE_IDS = ("business-kind", "buying-pattern", "team-size", "service-edge")
# Words that only fit work done at the customer's place; any other kind must never see them.
TRADE_ONLY = re.compile(
    r"\b(snag\w*|site|on[- ]site|fitting|fitters?|walk-?through|homeowners?|landlords?|floors?"
    r"|houzz|workshop|builders?|tradesm[ae]n|scaffold\w*|installers?)\b",
    re.IGNORECASE,
)
# Words that only fit work priced in advance and handed over when done (trade and professional):
# a café, a web shop or a salon sends no quotes and hands nothing over.
QUOTE_ONLY = re.compile(r"\b(quot(e|es|ed|ing)|tenders?|handovers?)\b", re.IGNORECASE)
# Words that only fit a business whose product is work it carries out (trade, professional, and a
# salon's cuts): a café or a web shop sells things, not "our work".
WORK_ONLY = re.compile(
    r"\b(whoever does the work|(the )?people who do the work|our (own )?work)\b", re.IGNORECASE
)
# Words that only fit a web shop: a café or a salon has no parcels to send. (A fitter's
# worktops may come by courier, so the trade kind may read them.)
ONLINE_ONLY = re.compile(r"\b(parcels?|dispatch\w*|couriers?|web shop|basket|tracking)\b", re.I)
# What each kind must never read, from the lists above.
FORBIDDEN: dict[str, tuple[re.Pattern[str], ...]] = {
    "trade": (),
    "shop": (TRADE_ONLY, QUOTE_ONLY, WORK_ONLY, ONLINE_ONLY),
    "online": (TRADE_ONLY, QUOTE_ONLY, WORK_ONLY),
    "professional": (TRADE_ONLY, ONLINE_ONLY),
    "personal": (TRADE_ONLY, QUOTE_ONLY, ONLINE_ONLY),
}
SEEDS = Path(__file__).parents[2] / "shared" / "seeds"
DEMO = Path(__file__).parents[1] / "questionnaires" / "demo"
RUN = 7


@pytest.fixture(scope="module")
def builtins() -> dict[str, Questionnaire]:
    catalog = load_catalog([])
    assert catalog.problems == []
    return {qid: catalog.get(qid).questionnaire for qid in BUILTINS}


def worst(question: Question) -> AnswerValue | None:
    match question.kind:
        case Kind.SCALE:
            return 1
        case Kind.YES_PARTLY_NO:
            return "no"
        case Kind.SINGLE:
            return min(question.choices, key=lambda c: c.score or 0.0).id
        case Kind.MULTIPLE:
            return ()
        case Kind.NUMBER:
            return question.worst
        case _:
            return "nothing yet"


def at_its_worst(questionnaire: Questionnaire, kind: str, team: str) -> dict[str, Answer]:
    """The profile of `kind`; every question that may show up asked and answered at its worst."""
    context = {
        "business-kind": kind,
        "buying-pattern": "regular",
        "team-size": team,
        "service-edge": "main-reason",
        "after-sale-model": "ongoing-support",  # the support questions are asked too
        # Quoting questions follow a "yes" here. A business that prices each sale in writing
        # reads "quote" rightly whatever its kind; a café, a web shop or a salon does not.
        "tenders": "yes" if kind in ("trade", "professional") else "no",
    }
    answers = {qid: Answer(qid, value) for qid, value in context.items()}
    while True:  # an answer can bring in a question that depends on it
        missing = [q for q in asked_questions(questionnaire, answers) if q.id not in answers]
        if not missing:
            return answers
        for question in missing:
            answers[question.id] = Answer(question.id, worst(question))


def question_texts(question: Question) -> Iterator[str]:
    yield question.text
    yield question.help
    yield from question.points
    yield from (choice.label for choice in question.choices)
    yield from question.actions


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("questionnaire_id", BUILTINS)
@pytest.mark.parametrize("team", ["solo", "small"])
def test_an_owner_of_each_kind_sees_no_word_that_only_fits_another(
    builtins, questionnaire_id, kind, team
):
    questionnaire = builtins[questionnaire_id]
    answers = at_its_worst(questionnaire, kind, team)
    plan = build_plan(questionnaire, answers, score_audit(questionnaire, answers))
    assert plan, "every answer at its worst must give a plan"
    seen = [
        (q.id, text) for q in asked_questions(questionnaire, answers) for text in question_texts(q)
    ]
    seen += [(row.question_id, text) for row in plan for text in (row.text, *row.next_steps)]
    wrong = [
        (qid, m.group(0))
        for qid, text in seen
        for words in FORBIDDEN[kind]
        for m in words.finditer(text)
        # "tenders" asks whether quoting applies at all: it has to name quotes to ask it.
        if not (qid == "tenders" and words is QUOTE_ONLY)
    ]
    assert wrong == [], f"a {kind} business reads words that only fit another kind"
    if (kind, questionnaire_id) == ("trade", "three-phases"):  # its quotes: the lists find them
        assert [text for _, text in seen if TRADE_ONLY.search(text) or QUOTE_ONLY.search(text)]


def test_the_word_lists_find_what_they_are_for_and_leave_ordinary_words_alone():
    assert TRADE_ONLY.search("Agree three site rules and protect floors")
    assert TRADE_ONLY.search("Log every snag on the list")
    assert not TRADE_ONLY.search("Check review sites and the website each month")
    # The two texts a café owner found in their PDF, and a web shop's handover.
    assert QUOTE_ONLY.search("put it on the website and the quote")
    assert WORK_ONLY.search("check with whoever does the work before promising")
    assert QUOTE_ONLY.search("Write a handover checklist") and QUOTE_ONLY.search("what was quoted")
    assert WORK_ONLY.search("Shows our work, but prices are hard to find")
    assert not QUOTE_ONLY.search("Hand the card over with every cake; the quotation marks")
    assert not WORK_ONLY.search("the work area is clean; we work hard")
    assert ONLINE_ONLY.search("a late parcel") and not ONLINE_ONLY.search("a delivery service")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("questionnaire_id", BUILTINS)
def test_every_question_asked_of_a_kind_has_help_and_a_scored_one_an_action(
    builtins, questionnaire_id, kind
):
    questionnaire = builtins[questionnaire_id]
    for question in asked_questions(questionnaire, at_its_worst(questionnaire, kind, "small")):
        assert question.help.strip(), question.id
        if question.scored:
            assert question.actions, question.id


def test_staff_questions_are_not_asked_of_someone_who_works_alone(builtins):
    five = builtins["five-steps"]
    alone = {q.id for q in asked_questions(five, at_its_worst(five, "personal", "solo"))}
    team = {q.id for q in asked_questions(five, at_its_worst(five, "personal", "small"))}
    assert team - alone == {"all-roles", "training", "hiring", "staff-turnover", "staff-empowered"}


def test_fixed_price_businesses_are_not_asked_about_staying_within_a_quote(builtins):
    three = builtins["three-phases"]
    for kind, asked in (
        ("trade", True),
        ("professional", True),
        ("shop", False),
        ("online", False),
    ):
        ids = {q.id for q in asked_questions(three, at_its_worst(three, kind, "small"))}
        assert ("on-budget" in ids) is asked, kind


def test_a_cafe_is_asked_about_waiting_and_a_web_shop_about_dispatch(builtins):
    three = builtins["three-phases"]

    def during(kind: str) -> set[str]:
        asked = asked_questions(three, at_its_worst(three, kind, "small"))
        return {q.id for q in asked if three.section_of(q.id).id == "during"}

    assert {"wait-time"} <= during("shop") and not {"on-time", "dispatch"} & during("shop")
    assert {"wait-time"} <= during("personal")
    assert {"dispatch"} <= during("online") and not {"on-time", "wait-time"} & during("online")
    assert {"on-time"} <= during("trade") and not {"wait-time", "dispatch"} & during("trade")


def test_the_profile_comes_first_and_reads_the_same_in_both_builtins(builtins):
    for questionnaire in builtins.values():
        assert [q.id for q in questionnaire.questions[: len(PROFILE_IDS)]] == list(PROFILE_IDS)
        assert all(not questionnaire.question(qid).scored for qid in PROFILE_IDS)
        assert [c.id for c in questionnaire.question("business-kind").choices] == list(KINDS)
    three, five = (builtins[qid] for qid in BUILTINS)
    for qid in PROFILE_IDS:
        assert list(question_texts(three.question(qid))) == list(question_texts(five.question(qid)))


def test_no_two_questions_across_the_builtins_share_a_text(builtins):
    # The profile is the one deliberate exception: the same questions, asked first in both.
    texts: dict[str, str] = {}
    for questionnaire in builtins.values():
        for question in questionnaire.questions:
            if question.id in PROFILE_IDS:
                continue
            key = " ".join(words(question.text))
            assert key not in texts, (question.id, texts.get(key))
            texts[key] = f"{questionnaire.id}/{question.id}"


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.casefold().replace("\u2019", "'"))


def runs(text: str) -> set[tuple[str, ...]]:
    found = words(text)
    return {tuple(found[i : i + RUN]) for i in range(len(found) - RUN + 1)}


def our_texts(builtins: dict[str, Questionnaire]) -> Iterator[tuple[str, str]]:
    for questionnaire in builtins.values():
        yield questionnaire.id, questionnaire.title
        yield questionnaire.id, questionnaire.description
        for section in questionnaire.sections:
            yield section.id, section.title
            yield section.id, section.description
        for question in questionnaire.questions:
            for text in question_texts(question):
                yield question.id, text
    for path in sorted(DEMO.rglob("*.json")):  # every demo business, each kind in its folder
        where = str(path.relative_to(DEMO))
        for row in json.loads(path.read_text(encoding="utf-8")).get("answers", []):
            for key in ("value", "note", "na"):
                if isinstance(row.get(key), str):
                    yield f"{where}/{row['question']}", row[key]


def test_no_run_of_seven_words_is_taken_from_an_article(builtins):
    articles = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    # The articles live in shared/, beside the repository, not in it (they are not ours to ship):
    # a clone elsewhere has none and this skips, saying where it looked. In the work tree, where
    # shared/ sits beside the checkout, it runs.
    if not articles:
        pytest.skip(f"the source articles are not at {SEEDS}")
    theirs: set[tuple[str, ...]] = set()
    for article in articles:
        theirs |= runs(article.read_text(encoding="utf-8"))
    shared = [(where, " ".join(run)) for where, text in our_texts(builtins) for run in runs(text)]
    assert [hit for hit in shared if tuple(hit[1].split()) in theirs] == []


def test_the_seven_word_check_finds_a_copied_sentence():
    text = "any failure in the basic offer drives customers mad, says the article"
    assert runs(text) & runs("We know any failure in the basic offer drives customers mad.")


def test_only_a_web_shop_is_asked_about_stock_and_sending_things_back(builtins):
    three = builtins["three-phases"]
    for kind in KINDS:
        ids = {q.id for q in asked_questions(three, at_its_worst(three, kind, "small"))}
        assert ({"stock-right", "returns-post"} <= ids) is (kind == "online"), kind
        assert not ({"stock-right", "returns-post"} & ids) or kind == "online", kind


def test_yes_partly_no_is_kept_only_where_partly_is_explained(builtins):
    # A yes/partly/no stem invites "yes"; where one is kept, its help says what "partly" means.
    kept = [
        (qnr.id, q)
        for qnr in builtins.values()
        for q in qnr.questions
        if q.kind is Kind.YES_PARTLY_NO and q.scored
    ]
    assert len(kept) <= 6, [q.id for _, q in kept]
    assert [q.id for _, q in kept if "partly if" not in q.help] == []


@pytest.mark.parametrize("kind", KINDS)
def test_a_demo_business_of_each_kind_loads_finished_with_a_plan_in_its_own_words(tmp_path, kind):
    from audit.demo import demo_kinds, load_demo_kind
    from audit.engine import view_of
    from audit.storage.store import Store

    assert kind in demo_kinds()
    store = Store(tmp_path / "store")
    client, made = load_demo_kind(store, load_catalog([]), kind)
    assert len(made) == 2 and client
    again, made_again = load_demo_kind(store, load_catalog([]), kind)
    assert (again, made_again) == (client, made)  # a second run finds the first
    for audit_id, _, score_text in made:
        view = view_of(store, audit_id)
        assert view.audit.status == "complete" and not view.score.draft, score_text
        assert view.score.required_missing == ()
        assert view.audit.answers["business-kind"].value == kind
        assert view.client.name == client
        assert view.plan, f"{kind}: a plausible business still has something to do"
        texts = [t for row in view.plan for t in (row.text, *row.next_steps)]
        notes = [a.note for a in view.audit.answers.values() if a.note]
        wrong = [t for t in texts + notes for words in FORBIDDEN[kind] if words.search(t)]
        assert wrong == [], kind


def test_an_unknown_demo_kind_is_one_line_naming_the_kinds(tmp_path):
    from audit.demo import UnknownDemo, load_demo_kind
    from audit.storage.store import Store

    with pytest.raises(UnknownDemo, match="choose one of trade, shop, online"):
        load_demo_kind(Store(tmp_path / "store"), load_catalog([]), "cafe")


def test_every_question_named_in_the_content_map_exists(builtins):
    doc = (Path(__file__).parents[1] / "docs" / "content.md").read_text(encoding="utf-8")
    named = re.findall(r"\b(3P|5S)/([a-z][a-z-]*[a-z])", doc)
    files = {"3P": builtins["three-phases"], "5S": builtins["five-steps"]}
    assert len(named) > 100
    assert [f"{q}/{qid}" for q, qid in named if files[q].question(qid) is None] == []
    rows = re.findall(r"^\| (\d+) \|", doc, re.MULTILINE)
    assert [int(n) for n in rows] == list(range(1, 69)), "one row per idea, none dropped"
    # The profile ids the map names without a file are the ones both built-ins share.
    for qid in ("business-kind", "service-edge"):
        assert qid in doc and all(q.question(qid) for q in files.values())


def asked_ids(questionnaire: Questionnaire, kind: str) -> set[str]:
    answers = at_its_worst(questionnaire, kind, "small")
    return {q.id for q in asked_questions(questionnaire, answers)}


def test_taking_part_is_scored_on_whether_customers_gather_there_not_on_how_many_places(builtins):
    five = builtins["five-steps"]
    channels, fit = five.question("listening-channels"), five.question("gathering-fit")
    assert not channels.scored  # ticking six places is no better than the one that matters
    assert fit.scored and fit.kind is Kind.SCALE and fit.actions
    order = [q.id for q in five.questions]
    assert order.index("gathering-fit") == order.index("listening-channels") + 1
    answers = {
        "listening-channels": Answer("listening-channels", ("reviews",)),
        "gathering-fit": Answer("gathering-fit", 4),
    }
    # One place, the one most customers use: point 4 of 5 = (4 - 1) / 4 = 0.75, not weak.
    scores = score_audit(five, answers)
    understand = scores.section("understand")
    assert understand is not None and understand.score == pytest.approx(75.0)
    assert "gathering-fit" not in {row.question_id for row in build_plan(five, answers, scores)}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("questionnaire_id", BUILTINS)
def test_every_demo_business_answers_exactly_what_its_kind_is_asked(
    builtins, questionnaire_id, kind
):
    from audit.answer_files import read_answers_file
    from audit.demo import demo_folder
    from audit.engine import check_answer

    questionnaire = builtins[questionnaire_id]
    _, raws = read_answers_file(demo_folder(kind) / f"{questionnaire_id}.json")
    answers = {a.question_id: a for a in (check_answer(questionnaire, raw) for raw in raws)}
    assert answers["business-kind"].value == kind
    asked = {q.id for q in asked_questions(questionnaire, answers)}
    assert sorted(set(answers) - asked) == [] and sorted(asked - set(answers)) == []


def test_the_cafe_demo_has_extras_done_well_on_weak_basics_before_the_sale_and_so_no_stand_out(
    tmp_path,
):
    from audit.demo import load_demo_kind
    from audit.engine import view_of
    from audit.storage.store import Store

    store = Store(tmp_path / "store")
    _, made = load_demo_kind(store, load_catalog([]), "shop")
    view = view_of(store, next(a for a, title, _ in made if "before, during" in title))
    before = view.score.phase("before")
    assert before is not None
    # The café quotes nothing ("tenders" no), so before the sale it is asked six scored questions.
    # Basics: website point 2 of 5 = 0.25; honest-adverts 3 = 0.5; first-response 30 hours
    # = (30 - 48) / (4 - 48) = 0.409; phone-manner 3 = 0.5; honest-promises 3 = 0.5 at weight 2:
    # 100 x (0.25 + 0.5 + 0.409 + 0.5 + 2 x 0.5) / 6 = 44.3. The one extra, pre-sale-extra,
    # point 4 = 0.75: goodwill 75.
    assert before.delivered == pytest.approx(100 * (0.25 + 0.5 + 18 / 44 + 0.5 + 1.0) / 6)
    assert before.goodwill == pytest.approx(75.0)
    # 44.3 meets the low expectation (30) and the extras reach 75, but 44.3 is below the weak
    # line of 67: the website, the replies and the phone come first, so the phase is to improve.
    assert (before.expected, before.terrible) == (30.0, ())
    assert before.verdict is Verdict.IMPROVE
    weak = {row.question_id for row in view.plan}
    assert {"website", "first-response", "phone-manner", "honest-adverts"} <= weak
