"""The officers' pages: the queue, the case page, each action, exports, recording feedback
received another way, and who may see and do what. Every page is checked by PageClient."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from admin import actions
from portal import casework, handling, queue
from portal.casework import Submission
from portal.clock import today
from portal.extensions import db
from portal.models import AuditEvent, Case, Message, Officer
from portal.rules import add_working_days, deadline, route
from portal.rules.vocabulary import PROCEDURES, STATUSES
from tests.admin.conftest import sign_in
from tests.conftest import normalise
from tests.web.journey import complete_journey

ANSWERS = dict(
    kind="complaint", role="parent", service="children-in-care", about="child",
    description="Family time was cancelled three times.", desired_outcome="A plan for family time.",
    name="Pat Jones", contact_method="email", email="pat@example.com",
)
BLANK = ["", "", ""]


def parts(day: date) -> list[str]:
    return [str(day.day), str(day.month), str(day.year)]


def path(location: str) -> str:
    return urlsplit(location).path


@pytest.fixture
def new_case(app):
    """A case submitted now through the same use case as the web form; returns its reference."""

    def make(**answers) -> str:
        with app.app_context():
            return casework.submit(db.session, Submission(**{**ANSWERS, **answers})).reference

    return make


@pytest.fixture
def act(app):
    """Run a use case on a case as an officer, to set up the state a page needs."""

    def run(case_reference, officer_id, use_case, /, **kwargs):
        with app.app_context():
            case_id = db.session.scalar(select(Case.id).where(Case.reference == case_reference))
            result = getattr(handling, use_case)(db.session, case_id, db.session.get(Officer, officer_id), **kwargs)
            return getattr(result, "id", None)

    return run


@pytest.fixture
def look(app):
    """Read a case (or anything) inside an application context: look(reference, lambda case: ...)."""

    def read(reference, what):
        with app.app_context():
            try:
                return what(db.session.scalar(select(Case).where(Case.reference == reference)))
            finally:
                db.session.remove()

    return read


def case_url(reference, *rest):
    return "/".join([f"/admin/cases/{reference}", *rest])


def title_of(app, name) -> str:
    with app.test_request_context():
        return str(actions.ACTIONS[name].title)


def summary_row(page, key) -> str:
    for row in page.select(".govuk-summary-list__row"):
        if normalise(row.select_one(".govuk-summary-list__key")) == key:
            return normalise(row.select_one(".govuk-summary-list__value"))
    raise AssertionError(f"no summary row {key!r}")


def deadline_rows(page) -> dict[str, list[str]]:
    table = page.find("caption", string="Deadlines").find_parent("table")
    rows = {}
    for tr in table.select("tbody tr"):
        cells = [normalise(td) for td in tr.select("td")]
        rows[cells[0]] = cells[1:]
    return rows


def errors(page) -> list[str]:
    return [normalise(li) for li in page.select(".govuk-error-summary__list li")]


def date_typed(page, name) -> list[str]:
    return [field.get("value", "") for field in page.select(f"input[name={name}]")]


def audit(app, reference, action) -> list[AuditEvent]:
    with app.app_context():
        case_id = db.session.scalar(select(Case.id).where(Case.reference == reference))
        rows = db.session.scalars(select(AuditEvent).where(AuditEvent.case_id == case_id,
                                                           AuditEvent.action == action)).all()
        db.session.expunge_all()
        return rows


# The queue and the case page ----------------------------------------------------------------------

def test_a_case_from_the_public_form_is_in_the_queue_and_its_page_shows_what_it_holds(app, officer_request):
    _visited, confirmation = complete_journey(officer_request)
    reference = confirmation.rsplit("/", 1)[1]

    queue_page = officer_request.get("/admin/queue")
    link = queue_page.find("a", string=lambda s: s and reference in s)
    assert link is not None and path(link["href"]) == case_url(reference)

    page = officer_request.get(case_url(reference))
    text = normalise(page)
    assert normalise(page.h1) == f"Case {reference}"
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        reasons = list(case.reasons)
        stage1_due = case.deadline_for("stage1").due_on
        received = case.received_on
    assert summary_row(page, "Procedure") == PROCEDURES["statutory"].label
    for reason in reasons:
        assert reason in summary_row(page, "Why")
    assert summary_row(page, "Status") in (STATUSES["received"].label, STATUSES["in-progress"].label)
    assert summary_row(page, "Service") == "Children in care"
    assert received.strftime("%-d %B %Y") in summary_row(page, "Received")
    assert "Web form" in summary_row(page, "Received")
    n = queue.days_left(today(), stage1_due)
    assert deadline_rows(page)["Stage 1 response"][0] == (
        f"{stage1_due.strftime('%-d %B %Y')} {n} working days left")
    assert deadline_rows(page)["Stage 1 response"][1] == "Not yet"
    # What the person told us, who they are, the child, and how to reach them.
    for told in ("Family time was cancelled three times.", "An apology and a plan for family time.",
                 "Pat Jones", "pat@example.com", "Sam Jones", "3 April 2015", "Contact by: Email"):
        assert told in text, told
    assert "case-received" in normalise(page.select_one(".app-history"))


def test_the_case_page_shows_adjustments_flags_and_the_decisions_needed(app, officer_request, new_case):
    reference = new_case(role="relative", adjustments=("large-print",), adjustments_detail="Size 18",
                         language="pl", easy_read=True, events_date=date(2020, 1, 1))
    page = officer_request.get(case_url(reference))
    assert "Size 18" in normalise(page.select_one(".app-adjustments"))
    assert "pl, easy read" in summary_row(page, "Language")
    needed = {path(a["href"]) for a in page.find("h2", string="Decisions needed").find_next("ul").select("a")}
    assert needed == {case_url(reference, "flags", "eligibility"), case_url(reference, "flags", "late")}
    assert "1 January 2020" in normalise(page)


def test_opening_a_case_is_audited(app, officer_request, new_case):
    reference = new_case()
    officer_request.get(case_url(reference))
    officer_request.get(case_url(reference.lower()))
    views = audit(app, reference, "case-viewed")
    assert [(e.officer_id, e.actor) for e in views] == [(officer_request.officer_id, "officer@example.gov.uk")] * 2


def test_an_unknown_case_is_not_found(officer_request):
    officer_request.get(case_url("AAAA-AAAA"), expected_status=404)
    officer_request.get(case_url("AAAA-AAAA", "note"), expected_status=404)
    officer_request.get(case_url("AAAA-AAAA", "export.json"), expected_status=404)


# Each action through its page ----------------------------------------------------------------------

def _respondable(act, reference, officer_id, _received=None):
    point = act(reference, officer_id, "add_point", summary="Family time cancelled")
    act(reference, officer_id, "record_finding", point_id=point, finding="upheld", explanation=None)


def _responded(act, reference, officer_id, on):
    _respondable(act, reference, officer_id)
    act(reference, officer_id, "record_response", on=on, summary=None)


def _statutory_stage_2(act, reference, officer_id, received):
    _responded(act, reference, officer_id, received)
    act(reference, officer_id, "request_next_stage", asked_on=received)


def _statutory_stage_3(act, reference, officer_id, received):
    _statutory_stage_2(act, reference, officer_id, received)
    act(reference, officer_id, "record_statement", agreed_on=received, statement="Statement",
        investigating_officer="Ivy", independent_person="Ian")
    _responded(act, reference, officer_id, received)
    act(reference, officer_id, "request_next_stage", asked_on=received)


def _met_on(page, step, day):
    assert deadline_rows(page)[step][1] == day.strftime("%-d %B %Y")


# name: (set-up before the page, the form, what the case page shows afterwards)
ACTION_CASES = {
    "procedure": (None, lambda r: {"procedure": "corporate", "reason": "Only about the father's treatment"},
                  ["Council complaints procedure", "Only about the father's treatment"]),
    "acknowledge": (None, lambda r: {"method": "post", "on": parts(r)},
                    lambda page, r: _met_on(page, "Acknowledgement", r)),
    "assign": (None, lambda r: {"handler": "{officer_id}", "team": "North"}, ["Olive Officer", "North"]),
    "extend": (None, lambda r: {"step": "stage1", "new_due": parts(deadline("statutory", "stage1", r, True)),
                                "reason": "Three services to interview"},
               ["(extended)", "Three services to interview"]),
    "suspend": (None, lambda r: {"cause": "information", "reason": "Waiting for the school's report",
                                 "on": parts(r)}, ["Paused", "Waiting for the school's report"]),
    "resume": (lambda act, ref, oid, r: act(ref, oid, "suspend", cause="advocate", reason="Advocate awaited", on=r),
               lambda r: {"on": parts(add_working_days(r, 2))}, ["Being looked into", "Advocate awaited"]),
    "point": (None, lambda r: {"summary": "Nobody called back"}, ["Stage 1: Nobody called back", "No finding yet"]),
    "respond": (_respondable, lambda r: {"on": parts(r), "summary": "Letter sent"}, ["Answered", "Response sent"]),
    "next-stage": (lambda act, ref, oid, r: _responded(act, ref, oid, r),
                   lambda r: {"asked_on": parts(r), "late_reason": ""}, ["Stage 2"]),
    "statement": (_statutory_stage_2,
                  lambda r: {"agreed_on": parts(r), "statement": "Two points", "investigating_officer": "Ivy Io",
                             "independent_person": "Ian Ip"}, ["Ivy Io", "Ian Ip", "Statement agreed"]),
    "panel": (_statutory_stage_3,
              lambda r: {"panel_on": parts(r), "chair": "Cara Chair", "member_2": "Sam Second",
                         "member_3": "Tia Third", "report_on": BLANK, "cost": "1200"},
              ["Cara Chair, Sam Second, Tia Third", "Review panel met"]),
    "remedy": (None, lambda r: {"kind": "apology", "detail": "A letter of apology", "due_on": parts(r),
                                "amount": ""}, ["Apology", "A letter of apology"]),
    "learning": (None, lambda r: {"service": "children-in-care", "action": "Tell families about cancellations",
                                  "due_on": BLANK}, ["Tell families about cancellations"]),
    "note": (None, lambda r: {"text": "Father was upset on the phone"}, ["Father was upset on the phone"]),
    "close": (lambda act, ref, oid, r: _responded(act, ref, oid, r), lambda r: {"on": parts(r)}, ["Closed"]),
    "withdraw": (None, lambda r: {"on": parts(r), "reason": "Sorted out"}, ["Withdrawn"]),
}


AUDITED = {
    "procedure": "procedure-decided", "acknowledge": "acknowledged", "assign": "assigned",
    "extend": "deadline-extended", "suspend": "clock-suspended", "resume": "clock-resumed",
    "point": "point-added", "respond": "response-sent", "next-stage": "stage-requested",
    "statement": "statement-agreed", "panel": "panel-recorded", "remedy": "remedy-added",
    "learning": "learning-added", "note": "note-added", "close": "case-closed", "withdraw": "withdrawn",
}


@pytest.mark.parametrize("name", sorted(ACTION_CASES))
def test_each_action_page_renders_saves_and_shows_the_change(app, officer_request, new_case, act, look, name):
    set_up, form, shown = ACTION_CASES[name]
    reference = new_case()
    received = look(reference, lambda case: case.received_on)
    if set_up:
        set_up(act, reference, officer_request.officer_id, received)
    url = case_url(reference, name)

    page = officer_request.get(url)
    assert normalise(page.h1) == title_of(app, name)
    assert page.select_one("main form")["action"] == url

    data = {k: (v.format(officer_id=officer_request.officer_id) if isinstance(v, str) else v)
            for k, v in form(received).items()}
    location = officer_request.post(url, data)
    assert path(location) == case_url(reference)

    page = officer_request.get(case_url(reference))
    banner = page.select_one(".govuk-notification-banner")
    assert banner is not None and title_of(app, name) in normalise(banner)
    if callable(shown):
        shown(page, received)
    else:
        text = normalise(page)
        for expected in shown:
            assert expected in text, expected
    # The history lists this view, and before it the change, both by this officer.
    latest = [normalise(li) for li in page.select(".app-history li")][:2]
    assert latest[0].endswith("officer@example.gov.uk: case-viewed")
    assert latest[1].endswith(f"officer@example.gov.uk: {AUDITED[name]}")


def test_a_manager_records_the_ombudsman_a_restriction_and_the_adjudicator(app, manager_request, new_case, act, look):
    reference = new_case()
    received = look(reference, lambda case: case.received_on)
    officer_id = manager_request.officer_id

    for name in ("ombudsman", "restrict"):
        assert normalise(manager_request.get(case_url(reference, name)).h1) == title_of(app, name)
    manager_request.post(case_url(reference, "ombudsman"), {
        "referred_on": parts(received), "reference": "26 001 234", "outcome": "premature", "decided_on": BLANK})
    manager_request.post(case_url(reference, "restrict"), {
        "restriction": "One email address only", "reason": "Abusive calls", "starts_on": parts(received),
        "ends_on": parts(add_working_days(received, 250)), "review_on": parts(add_working_days(received, 120))})
    _statutory_stage_2(act, reference, officer_id, received)
    manager_request.post(case_url(reference, "adjudicator"), {"adjudicator": "Sue Senior"})

    text = normalise(manager_request.get(case_url(reference)))
    assert "26 001 234" in text and "Premature" in text
    assert "Contact is restricted until" in text and "One email address only" in text
    assert "Adjudicating officer Sue Senior" in text


def test_flag_decision_finding_and_marking_done_through_their_pages(app, officer_request, new_case, act):
    reference = new_case(role="relative")
    officer_id = officer_request.officer_id
    url = case_url(reference, "flags", "eligibility")
    page = officer_request.get(url)
    assert page.select("input[name=choice]")
    assert path(officer_request.post(url, {"choice": "accepted", "reason": "Grandmother who cares for him"})) == \
        case_url(reference)
    page = officer_request.get(case_url(reference))
    assert page.find("h2", string="Decisions needed") is None
    assert "Why: Grandmother who cares for him" in normalise(page)
    officer_request.get(url.replace("eligibility", "late"), expected_status=404)

    point = act(reference, officer_id, "add_point", summary="Nobody called back")
    url = case_url(reference, "points", str(point))
    assert "Nobody called back" in normalise(officer_request.get(url))
    officer_request.post(url, {"finding": "partially-upheld", "explanation": "One call was missed"})
    text = normalise(officer_request.get(case_url(reference)))
    assert "Partially upheld" in text and "One call was missed" in text
    officer_request.get(case_url(reference, "points", str(point + 99)), expected_status=404)

    remedy = act(reference, officer_id, "add_remedy", kind="apology", detail="Letter", due_on=None)
    page = officer_request.get(case_url(reference))
    form = page.find("form", action=case_url(reference, "done", "remedy", str(remedy)))
    token = form.select_one("input[name=csrf_token]")["value"]
    assert path(officer_request.post(case_url(reference, "done", "remedy", str(remedy)), {"csrf_token": token})) == \
        case_url(reference)
    assert f"done {today().strftime('%-d %B %Y')}" in normalise(officer_request.get(case_url(reference)))
    assert [e.officer_id for e in audit(app, reference, "remedy-done")] == [officer_id]


def test_an_action_not_offered_now_goes_back_to_the_case(officer_request, new_case):
    reference = new_case()
    for name in ("resume", "close", "statement", "panel", "next-stage"):
        assert path(officer_request.get(case_url(reference, name), expected_status=302)) == case_url(reference)
    officer_request.get(case_url(reference, "no-such-action"), expected_status=404)


# Refusals and bad input ---------------------------------------------------------------------------

def test_an_extension_past_the_maximum_is_refused_and_keeps_what_was_typed(app, officer_request, new_case, look):
    reference = new_case()
    received, due = look(reference, lambda case: (case.received_on, case.deadline_for("stage1").due_on))
    latest = deadline("statutory", "stage1", received, extended=True)
    too_late = add_working_days(latest, 1)

    page = officer_request.post(case_url(reference, "extend"), {
        "step": "stage1", "new_due": parts(too_late), "reason": "Three services to interview"}, expected_status=400)

    assert errors(page) == [
        f"The new date must be no later than {latest.strftime('%-d %B %Y')}, the longest extension allowed"]
    assert date_typed(page, "new_due") == parts(too_late)
    assert page.select_one("textarea[name=reason]").get_text().strip() == "Three services to interview"
    assert "the longest extension allowed" in normalise(page.select_one("#new_due-error"))
    assert look(reference, lambda case: (case.deadline_for("stage1").due_on, case.extensions)) == (due, [])


def test_an_extension_earlier_than_the_deadline_is_refused(officer_request, new_case, look):
    reference = new_case()
    due = look(reference, lambda case: case.deadline_for("stage1").due_on)
    page = officer_request.post(case_url(reference, "extend"), {
        "step": "stage1", "new_due": parts(due), "reason": "More time"}, expected_status=400)
    assert errors(page) == ["The new date must be later than the current deadline"]


@pytest.mark.parametrize("name, data, message, kept", [
    ("extend", {"step": "stage1", "new_due": ["1", "4", "2027"], "reason": ""}, "Enter the reason",
     ("new_due", ["1", "4", "2027"])),
    ("procedure", {"procedure": "corporate", "reason": ""}, "Enter the reason", None),
    ("suspend", {"cause": "information", "reason": "Waiting", "on": ["31", "2", "2026"]},
     "Enter a real date, like 27 3 2025", ("on", ["31", "2", "2026"])),
    ("suspend", {"cause": "", "reason": "Waiting", "on": ["2", "3", "2026"]},
     "Select why the clock is paused", ("on", ["2", "3", "2026"])),
    ("note", {"text": "  "}, "Enter the note", None),
    ("point", {"summary": ""}, "Enter the point of complaint", None),
    ("respond", {"on": ["2", "3", "2026"], "summary": "Sent"},
     "Add the points of complaint before recording the response", ("on", ["2", "3", "2026"])),
    ("withdraw", {"on": BLANK, "reason": "Sorted"}, "Enter the date it was withdrawn", None),
    ("assign", {"handler": "9999", "team": "North"}, "Select a handler from the list", None),
])
def test_bad_input_is_shown_with_what_was_typed(officer_request, new_case, name, data, message, kept):
    reference = new_case()
    page = officer_request.post(case_url(reference, name), data, expected_status=400)
    assert message in errors(page)
    summary_link = page.select_one(".govuk-error-summary__list a")
    assert summary_link is not None
    if kept:
        field, value = kept
        assert date_typed(page, field) == value
    for key, value in data.items():
        if isinstance(value, str) and value.strip() and key not in ("handler",):
            typed = page.select_one(f"[name={key}]")
            if typed.name == "textarea":
                assert typed.get_text().strip() == value
            elif typed.name == "select":
                assert typed.select_one("option[selected]")["value"] == value
            elif typed.get("type") == "radio":
                assert page.select_one(f"input[name={key}][value='{value}']").has_attr("checked")
            else:
                assert typed.get("value") == value


def test_restriction_dates_in_the_wrong_order_are_refused(manager_request, new_case):
    reference = new_case()
    page = manager_request.post(case_url(reference, "restrict"), {
        "restriction": "Email only", "reason": "Abuse", "starts_on": ["1", "12", "2026"],
        "ends_on": ["1", "6", "2027"], "review_on": ["1", "7", "2027"]}, expected_status=400)
    assert errors(page) == ["The review date must be between the start and end dates"]
    assert date_typed(page, "review_on") == ["1", "7", "2027"]


def test_a_corporate_stage_2_cannot_go_to_the_stage_1_handler(app, officer_request, new_case, act, look,
                                                              make_officer):
    other_id, _secret = make_officer(email="colin@example.gov.uk", name="Colin Colleague")
    reference = new_case(service="early-help")
    officer_id = officer_request.officer_id
    received = look(reference, lambda case: case.received_on)
    act(reference, officer_id, "assign", handler_id=officer_id, team=None)
    _responded(act, reference, officer_id, received)
    act(reference, officer_id, "request_next_stage", asked_on=received)

    page = officer_request.post(case_url(reference, "assign"), {"handler": str(officer_id), "team": ""},
                                expected_status=400)
    assert errors(page) == ["Choose a different handler: stage 2 of a council complaint is answered by "
                            "someone who did not answer stage 1"]
    assert page.select_one(f"select[name=handler] option[value='{officer_id}']").has_attr("selected")
    assert look(reference, lambda case: case.handler_id) is None

    officer_request.post(case_url(reference, "assign"), {"handler": str(other_id), "team": ""})
    assert look(reference, lambda case: case.handler_id) == other_id


def test_a_late_request_for_stage_2_waits_until_an_officer_accepts_it(officer_request, new_case, act, look):
    reference = new_case()
    officer_id = officer_request.officer_id
    received = look(reference, lambda case: case.received_on)
    _responded(act, reference, officer_id, received)
    late = add_working_days(deadline("statutory", "stage2-request", received), 1)

    officer_request.post(case_url(reference, "next-stage"), {"asked_on": parts(late), "late_reason": ""})
    assert look(reference, lambda case: (case.stage, case.status)) == (1, "stage-request-pending")
    page = officer_request.get(case_url(reference))
    assert summary_row(page, "Status") == STATUSES["stage-request-pending"].label

    officer_request.post(case_url(reference, "next-stage"), {"asked_on": parts(late), "late_reason": "In hospital"})
    assert look(reference, lambda case: (case.stage, case.status)) == (2, "in-progress")


# Exports ---------------------------------------------------------------------------------------------

def test_the_case_exports_use_the_vocabulary_and_are_audited(app, officer_request, new_case, act):
    reference = new_case(role="foster-carer", service="fostering")
    act(reference, officer_request.officer_id, "add_note", text="Internal: carer was rude")

    response = officer_request.client.get(case_url(reference, "export.json"))
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert f'filename="{reference}.json"' in response.headers["Content-Disposition"]
    record = json.loads(response.data)
    assert (record["reference"], record["kind"], record["procedure"], record["service"],
            record["complainant_role"], record["about"], record["channel"], record["status"]) == (
        reference, "complaint", "statutory", "fostering", "foster-carer", "child", "web", "received")
    assert {d["step"] for d in record["deadlines"]} == {"acknowledgement", "stage1"}
    assert record["correspondence"][0]["purpose"] == "acknowledgement"
    assert "carer was rude" not in response.get_data(as_text=True)

    response = officer_request.client.get(case_url(reference, "export.csv"))
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = {row["field"]: row["value"] for row in csv.DictReader(io.StringIO(response.get_data(as_text=True)))}
    assert (rows["kind"], rows["procedure"], rows["service"], rows["complainant_role"]) == (
        "complaint", "statutory", "fostering", "foster-carer")
    assert "carer was rude" not in response.get_data(as_text=True)

    exports = audit(app, reference, "case-exported")
    assert [(e.detail["format"], e.officer_id) for e in exports] == [
        ("json", officer_request.officer_id), ("csv", officer_request.officer_id)]
    assert officer_request.client.get(case_url(reference, "export.xml")).status_code == 404


def test_the_queue_exports_list_open_cases_with_the_vocabulary(app, officer_request, new_case, act):
    statutory_case = new_case()
    corporate_case = new_case(service="send", role="professional")
    closed = new_case()
    act(closed, officer_request.officer_id, "withdraw", on=today(), reason=None)

    response = officer_request.client.get("/admin/queue.json")
    assert response.status_code == 200
    cases = {c["reference"]: c for c in json.loads(response.data)["cases"]}
    assert set(cases) == {statutory_case, corporate_case}
    assert (cases[corporate_case]["procedure"], cases[corporate_case]["service"],
            cases[corporate_case]["complainant_role"], cases[corporate_case]["kind"]) == (
        "corporate", "send", "professional", "complaint")
    assert cases[statutory_case]["next_step"] == "acknowledgement"

    response = officer_request.client.get("/admin/queue.csv?procedure=corporate")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [(r["reference"], r["procedure"], r["service"]) for r in rows] == [(corporate_case, "corporate", "send")]
    assert officer_request.client.get("/admin/queue.pdf").status_code == 404


def test_an_exported_cell_cannot_run_as_a_formula(officer_request, new_case):
    reference = new_case(description="=HYPERLINK(\"http://evil.example\")")
    response = officer_request.client.get(case_url(reference, "export.csv"))
    rows = {row["field"]: row["value"] for row in csv.DictReader(io.StringIO(response.get_data(as_text=True)))}
    assert rows["description"].startswith("'=")


# Internal notes ----------------------------------------------------------------------------------------

def test_internal_notes_are_on_the_officers_page_and_never_in_a_message(app, officer_request, new_case, look):
    reference = new_case()
    received = look(reference, lambda case: case.received_on)
    officer_request.post(case_url(reference, "note"), {"text": "Father shouted at the duty worker"})
    officer_request.post(case_url(reference, "extend"), {
        "step": "stage1", "new_due": parts(add_working_days(received, 12)), "reason": "Complex"})
    officer_request.post(case_url(reference, "suspend"), {"cause": "information", "reason": "Waiting",
                                                           "on": parts(received)})

    page = officer_request.get(case_url(reference))
    notes = page.find("h2", string="Internal notes").find_next("ul")
    assert "Father shouted at the duty worker" in normalise(notes) and "Olive Officer" in normalise(notes)
    with app.app_context():
        sent = db.session.scalars(select(Message)).all()
        assert {m.purpose for m in sent} >= {"acknowledgement", "extension-notice", "suspension-notice"}
        for message in sent:
            assert "Father shouted" not in message.body_text + (message.body_html or "") + message.subject


# Recording feedback received another way ----------------------------------------------------------------

PHONE_CALL = {
    "channel": "phone", "received": ["2", "3", "2026"], "kind": "complaint", "role": "relative",
    "service": "children-in-care", "about": "child", "description": "Grandson's family time keeps being cancelled",
    "desired_outcome": "", "events_date": BLANK, "name": "Gran Jones", "contact_method": "phone",
    "email": "", "phone": "07700 900123", "address": "", "child_name": "Sam Jones",
    "legal_proceedings": "no", "unsafe_now": "no", "wants_advocate": "no",
}


def test_feedback_by_phone_is_routed_like_the_web_form(app, officer_request):
    page = officer_request.get("/admin/cases/new")
    assert date_typed(page, "received") == parts(today())
    location = officer_request.post("/admin/cases/new", PHONE_CALL)
    reference = path(location).rsplit("/", 1)[1]
    page = officer_request.get(location)
    assert f"Recorded as {reference}" in normalise(page.select_one(".govuk-notification-banner"))
    assert "Phone" in summary_row(page, "Received")

    expected = route(kind="complaint", complainant="relative", service="children-in-care", about="child",
                     received=date(2026, 3, 2), events_date=None, legal_proceedings=False, unsafe_now=False,
                     consent=None, wants_advocate=False)
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        assert (case.channel, case.received_on, case.procedure) == ("phone", date(2026, 3, 2), expected.procedure)
        assert set(case.flags) == set(expected.flags) == {"eligibility"}
        assert case.reasons == list(expected.reasons) and case.needs_review
        assert {d.step: d.due_on for d in case.deadlines} == casework.opening_deadlines(
            "statutory", "complaint", date(2026, 3, 2))
        assert case.contact("complainant").phone == "07700 900123"
        assert case.contact("child").name == "Sam Jones"
        received = db.session.scalars(select(AuditEvent).where(AuditEvent.case_id == case.id,
                                                               AuditEvent.action == "case-received")).all()
        assert [(e.actor, e.detail["channel"]) for e in received] == [("officer@example.gov.uk", "phone")]


def test_feedback_by_letter_received_on_a_saturday_counts_from_monday(app, officer_request):
    location = officer_request.post("/admin/cases/new", {
        **PHONE_CALL, "channel": "letter", "received": ["7", "3", "2026"], "role": "parent",
        "contact_method": "post", "phone": "", "address": "1 High Street"})
    reference = path(location).rsplit("/", 1)[1]
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        assert (case.channel, case.received_on, case.procedure) == ("letter", date(2026, 3, 9), "statutory")
        assert db.session.scalars(select(Message).where(Message.case_id == case.id,
                                                        Message.purpose == "acknowledgement")).all() == []


def test_recording_feedback_keeps_what_was_typed_when_something_is_missing(officer_request):
    page = officer_request.post("/admin/cases/new", {**PHONE_CALL, "phone": "", "channel": "web"},
                                expected_status=400)
    assert "Enter their phone number" in errors(page) and "Select how it reached us" in errors(page)
    assert page.select_one("textarea[name=description]").get_text().strip() == PHONE_CALL["description"]
    assert date_typed(page, "received") == ["2", "3", "2026"]


# Who may see and do what -------------------------------------------------------------------------------

def _admin_urls(app, reference, point_id, remedy_id, officer_id):
    """Every officers' URL (from the app's own routes), filled in with real ids."""
    values = {"reference": reference, "point_id": point_id, "item_id": remedy_id, "what": "remedy",
              "attachment_id": 1, "alert_id": 1, "officer_id": officer_id, "flag": "eligibility"}
    open_pages = {"admin.sign_in", "admin.second_factor", "admin.set_up_second_factor", "admin.sign_out"}
    urls = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("admin.") or rule.endpoint in open_pages:
            continue
        method = "GET" if "GET" in rule.methods else "POST"
        names = list(actions.ACTIONS) if "name" in rule.arguments else [None]
        fmts = ["json", "csv"] if "fmt" in rule.arguments else [None]
        for name in names:
            for fmt in fmts:
                filled = dict(values, name=name, fmt=fmt)
                # An argument this test does not know yet still gets a value: no page is missed.
                url = rule.build({k: filled.get(k, "1") for k in rule.arguments}, append_unknown=False)[1]
                urls.append((method, url))
    return urls


def test_signed_out_every_officers_url_goes_to_sign_in_and_shows_nothing(app, client_request, new_case,
                                                                         make_officer, act):
    officer_id, _secret = make_officer()
    reference = new_case(role="relative")
    point_id = act(reference, officer_id, "add_point", summary="Secret point about Sam")
    remedy_id = act(reference, officer_id, "add_remedy", kind="apology", detail="Letter", due_on=None)
    urls = _admin_urls(app, reference, point_id, remedy_id, officer_id)
    assert len(urls) > 25
    token = client_request.csrf_token("/admin/sign-in")

    for method, url in urls:
        if method == "GET":
            response = client_request.client.get(url)
        else:
            response = client_request.client.post(url, data={"csrf_token": token})
        assert response.status_code == 302, (method, url, response.status_code)
        assert path(response.location) == "/admin/sign-in", (url, response.location)
        body = response.get_data(as_text=True)
        for case_data in ("Pat Jones", "pat@example.com", "Family time", "Secret point", "Letter"):
            assert case_data not in body, (url, case_data)

    page = client_request.get("/admin/cases/" + reference, expected_status=302)
    page = client_request.get(page)
    assert "Sign in to see that page." in normalise(page)
    assert reference not in normalise(page) and "Pat Jones" not in str(page)
    with app.app_context():
        case_id = db.session.scalar(select(Case.id).where(Case.reference == reference))
        actions_done = [e.action for e in handling.history(db.session, case_id)]
    assert actions_done == ["case-received", "point-added", "remedy-added"]  # nothing viewed, nothing changed


def test_an_officer_cannot_manage_officers_restrict_contact_or_record_the_ombudsman(app, officer_request,
                                                                                  new_case, look):
    reference = new_case()
    for url in ("/admin/officers", "/admin/officers/new", f"/admin/officers/{officer_request.officer_id}",
                case_url(reference, "restrict"), case_url(reference, "ombudsman"),
                case_url(reference, "adjudicator")):
        page = officer_request.get(url, expected_status=403)
        assert "Pat Jones" not in str(page) and "Family time" not in str(page)

    token = officer_request.csrf_token(case_url(reference, "note"))
    response = officer_request.client.post(case_url(reference, "restrict"), data={
        "csrf_token": token, "restriction": "Email only", "reason": "Abuse", "starts_on": ["1", "12", "2026"],
        "ends_on": ["1", "6", "2027"], "review_on": ["1", "3", "2027"]})
    assert response.status_code == 403
    assert look(reference, lambda case: case.restrictions) == []

    page = officer_request.get(case_url(reference))
    offered = {path(a["href"]) for a in page.select(".app-actions a")}
    assert case_url(reference, "note") in offered
    assert case_url(reference, "restrict") not in offered and case_url(reference, "ombudsman") not in offered
    menu = {path(a["href"]) for a in page.select(".govuk-service-navigation a")}
    assert "/admin/queue" in menu and "/admin/officers" not in menu


def test_a_manager_can_restrict_contact_but_not_manage_officers(app, manager_request, new_case, look):
    reference = new_case()
    manager_request.get("/admin/officers", expected_status=403)
    page = manager_request.get(case_url(reference))
    assert case_url(reference, "restrict") in {path(a["href"]) for a in page.select(".app-actions a")}
    manager_request.post(case_url(reference, "restrict"), {
        "restriction": "One email address only", "reason": "Abusive calls", "starts_on": parts(today()),
        "ends_on": parts(add_working_days(today(), 250)), "review_on": parts(add_working_days(today(), 120))})
    warning = normalise(manager_request.get(case_url(reference)).select_one(".govuk-warning-text"))
    assert "Contact is restricted until" in warning and "One email address only" in warning
    restriction = look(reference, lambda case: (case.restrictions[0].officer_id, case.restrictions[0].reason))
    assert restriction == (manager_request.officer_id, "Abusive calls")


def test_an_administrator_adds_an_officer_and_changes_their_role(app, admin_request):
    page = admin_request.get("/admin/officers/new")
    assert normalise(page.h1) == "Add an officer"
    location = admin_request.post("/admin/officers/new", {
        "name": "Nina New", "email": "Nina@Example.gov.uk", "role": "officer", "team": "North",
        "password": "a long first password"})
    assert path(location) == "/admin/officers"
    page = admin_request.get("/admin/officers")
    row = page.find("a", string="Nina New").find_parent("tr")
    assert "nina@example.gov.uk" in normalise(row) and "Complaints officer" in normalise(row)
    assert "Authenticator not set up yet" in normalise(row)
    with app.app_context():
        nina = db.session.scalar(select(Officer).where(Officer.email == "nina@example.gov.uk"))
        nina_id = nina.id
        created = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "officer-created",
                                                             AuditEvent.officer_id == admin_request.officer_id))
        assert created is not None and created.detail["officer"] == nina_id

    page = admin_request.post("/admin/officers/new", {
        "name": "Nina Again", "email": "nina@example.gov.uk", "role": "officer", "password": "a long first password"},
        expected_status=400)
    assert errors(page) == ["An officer with this email address already exists"]

    admin_request.get(f"/admin/officers/{nina_id}")
    location = admin_request.post(f"/admin/officers/{nina_id}", {"role": "manager", "team": "South", "active": "y"})
    assert path(location) == "/admin/officers"
    row = admin_request.get("/admin/officers").find("a", string="Nina New").find_parent("tr")
    assert "Manager" in normalise(row) and "South" in normalise(row)
    with app.app_context():
        nina = db.session.get(Officer, nina_id)
        assert (nina.role, nina.team, nina.active) == ("manager", "South", True)

    page = admin_request.post(f"/admin/officers/{admin_request.officer_id}", {"role": "officer", "active": "y"},
                              expected_status=400)
    assert errors(page) == ["You cannot remove your own administrator access"]


def test_a_role_change_takes_effect_at_the_officers_next_request(app, admin_request, make_officer, new_case):
    from tests.conftest import PageClient

    officer_id, secret = make_officer(email="olive@example.gov.uk")
    olive = PageClient(app.test_client())
    sign_in(olive, "olive@example.gov.uk", secret)
    reference = new_case()
    olive.get(case_url(reference, "restrict"), expected_status=403)

    admin_request.post(f"/admin/officers/{officer_id}", {"role": "manager", "active": "y"})

    olive.get(case_url(reference, "restrict"))
    admin_request.post(f"/admin/officers/{officer_id}", {"role": "manager"})  # access stopped
    assert path(olive.get(case_url(reference), expected_status=302)) == "/admin/sign-in"


# Everything a case holds (domain.md 5) -------------------------------------------------------------------

def test_the_case_page_shows_everything_the_case_holds_with_its_timeline(app, manager_request, new_case, act):
    reference = new_case(role="advocate", consent="yes", child_name="Sam Jones",
                         child_date_of_birth=date(2015, 4, 3), adjustments=("large-print",),
                         events_date=date(2026, 2, 20), channel="web")
    officer_id = manager_request.officer_id
    start = date(2026, 3, 2)
    act(reference, officer_id, "assign", handler_id=officer_id, team="Children in care north")
    act(reference, officer_id, "record_acknowledgement", method="post", on=start)
    act(reference, officer_id, "suspend", cause="information", reason="Waiting for the school's report", on=start)
    act(reference, officer_id, "resume", on=date(2026, 3, 4))
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        stage1 = case.deadline_for("stage1").due_on
        received = case.received_on
    act(reference, officer_id, "extend", step="stage1",
        new_due=add_working_days(stage1, 1), reason="Three services to interview")
    point = act(reference, officer_id, "add_point", summary="Family time cancelled without notice")
    act(reference, officer_id, "record_finding", point_id=point, finding="partially-upheld",
        explanation="Two of three were cancelled late")
    act(reference, officer_id, "add_remedy", kind="financial", detail="Payment for travel costs",
        due_on=date(2026, 4, 30), amount_pence=25000)
    act(reference, officer_id, "add_learning", service="children-in-care", action="Give 48 hours' notice",
        due_on=date(2026, 6, 30))
    act(reference, officer_id, "record_ombudsman", referred_on=date(2026, 7, 1), reference="26 001 234",
        outcome="upheld", decided_on=date(2026, 9, 1))
    act(reference, officer_id, "restrict_contact", restriction="One email address only", reason="Abusive calls",
        starts_on=date(2026, 3, 10), ends_on=date(2099, 3, 9), review_on=date(2099, 1, 10))
    act(reference, officer_id, "add_note", text="Spoke to the advocate")

    page = manager_request.get(case_url(reference))
    text = normalise(page)
    missing = [held for held in (
        reference, "A complaint", "Children's complaints procedure", "Stage 1",
        "An advocate", "Sam Jones", "Born 3 April 2015", "Child agrees to the advocate yes",
        "pat@example.com", "Contact by: Email", "Large print", "Children in care north", "Mo Manager",
        "Family time was cancelled three times.", "20 February 2026", "A plan for family time.", "Web form",
        "(extended)", "Three services to interview", "Waiting for the school's report",
        "Family time cancelled without notice", "Partially upheld", "Two of three were cancelled late",
        "Financial remedy", "Payment for travel costs", "£250", "30 April 2026",
        "Give 48 hours' notice", "30 June 2026",
        "26 001 234", "Upheld", "1 September 2026",
        "One email address only", "Abusive calls", "10 January 2099",
        "Spoke to the advocate", "We have received it") if held not in text]
    assert not missing, repr(missing)
    history = [normalise(li) for li in page.select(".app-history li")]
    assert history[0].endswith("manager@example.gov.uk: case-viewed")
    assert history[-1].endswith("public: case-received")
    for action in ("assigned", "acknowledged", "clock-suspended", "clock-resumed", "deadline-extended",
                   "point-added", "finding-recorded", "remedy-added", "learning-added", "ombudsman-recorded",
                   "contact-restricted", "note-added"):
        assert any(line.endswith(f"manager@example.gov.uk: {action}") for line in history), action
    assert received.strftime("%-d %B %Y") in summary_row(page, "Received")
