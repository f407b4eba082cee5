"""One journey per kind of feedback, through every branch, to a stored, routed case."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import AuditEvent, Case, Message, SafeguardingAlert
from portal.rules import deadline, received_on
from tests.conftest import normalise
from tests.web.journey import complete_journey

COMMON_END = ["contact", "language", "adjustments", "attachments"]


def _case(app, reference):
    with app.app_context():
        case = db.session.scalar(
            select(Case).where(Case.reference == reference)
            .options(selectinload(Case.deadlines), selectinload(Case.contacts))
        )
        db.session.expunge_all()
        return case


def _reference(confirmation_path):
    return confirmation_path.rsplit("/", 1)[1]


def test_parent_complaint_about_child_in_care_is_statutory(app, client_request):
    visited, confirmation = complete_journey(client_request)
    assert visited == ["kind", "role", "child", "service", "about", "what-happened",
                       "put-right", "safety", "legal", "advocate"] + COMMON_END
    page = client_request.get(confirmation)
    text = normalise(page)
    reference = _reference(confirmation)
    assert reference in text
    assert "children's complaints procedure" in text
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        assert case.procedure == "statutory"
        assert case.kind == "complaint"
        assert case.service == "children-in-care"
        assert case.contact("complainant").email == "pat@example.com"
        assert case.contact("child").name == "Sam Jones"
        expected_ack = deadline("statutory", "acknowledgement", case.received_on)
        assert case.deadline_for("acknowledgement").due_on == expected_ack
        assert case.deadline_for("stage1").due_on == deadline("statutory", "stage1", case.received_on)
        assert case.received_on == received_on(case.submitted_at)
        assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.case_id == case.id)) == "case-received"
        # The dates the person is told are the dates stored.
        assert expected_ack.strftime("%-d %B %Y") in text


def test_parent_complaint_about_own_treatment_is_corporate_and_flagged(app, client_request):
    _visited, confirmation = complete_journey(client_request, {"about": {"about": "self"}})
    text = normalise(client_request.get(confirmation))
    assert "council's complaints procedure" in text
    assert "A complaints officer will check this" in text
    case = _case(app, _reference(confirmation))
    assert case.procedure == "corporate"
    assert "own-treatment" in case.flags and case.needs_review
    ack = case.deadline_for("acknowledgement").due_on
    assert case.deadline_for("stage1").due_on == deadline("corporate", "stage1", ack)


def test_complaint_about_a_corporate_service_follows_the_council_procedure(app, client_request):
    _visited, confirmation = complete_journey(client_request, {"service": {"service": "send"}})
    case = _case(app, _reference(confirmation))
    assert case.procedure == "corporate" and not case.needs_review
    assert "council's complaints procedure" in normalise(client_request.get(confirmation))


def test_young_person_complaint_skips_child_questions_and_offers_advocate(app, client_request):
    visited, confirmation = complete_journey(client_request, {
        "role": {"role": "child"}, "service": {"service": "leaving-care"},
        "advocate": {"wants_advocate": "yes"},
    })
    assert "child" not in visited and "about" not in visited and "consent" not in visited
    assert "advocate" in visited
    case = _case(app, _reference(confirmation))
    assert case.procedure == "statutory"
    assert "advocacy" in case.flags and not case.needs_review
    assert case.wants_advocate


def test_advocate_is_asked_whether_the_child_agrees_not_whether_they_want_an_advocate(app, client_request):
    visited, confirmation = complete_journey(client_request, {
        "role": {"role": "advocate"}, "consent": {"consent": "not-sure"},
    })
    assert "consent" in visited and "advocate" not in visited and "about" not in visited
    case = _case(app, _reference(confirmation))
    assert case.procedure == "statutory"
    assert "consent" in case.flags and case.needs_review
    assert case.child_consent == "not-sure"


def test_relative_complaint_is_statutory_pending_eligibility(app, client_request):
    visited, confirmation = complete_journey(client_request, {"role": {"role": "relative"}})
    assert "about" not in visited
    case = _case(app, _reference(confirmation))
    assert case.procedure == "statutory" and "eligibility" in case.flags


def test_not_sure_of_service_goes_to_an_officer(app, client_request):
    _visited, confirmation = complete_journey(client_request, {"service": {"service": "other"}})
    case = _case(app, _reference(confirmation))
    assert case.procedure == "corporate" and "unclear-service" in case.flags


def test_court_proceedings_and_late_complaint_are_flagged(app, client_request):
    _visited, confirmation = complete_journey(client_request, {
        "legal": {"legal_proceedings": "yes"},
        "what-happened": {"description": "Long ago", "events_date": ["1", "1", "2020"]},
    })
    case = _case(app, _reference(confirmation))
    assert {"legal-proceedings", "late"} <= set(case.flags)


def test_compliment_asks_who_to_thank_and_is_not_routed(app, client_request):
    visited, confirmation = complete_journey(client_request, {
        "kind": {"kind": "compliment"}, "service": {"service": "leaving-care"},
    })
    assert visited == ["kind", "role", "service", "praise"] + COMMON_END
    case = _case(app, _reference(confirmation))
    assert case.procedure == "compliment"
    assert case.praise_for.startswith("Jo in the leaving care team")
    assert "pass your compliment" in normalise(client_request.get(confirmation))


def test_comment_needs_no_reply_and_has_no_clock(app, client_request):
    visited, confirmation = complete_journey(client_request, {
        "kind": {"kind": "comment"}, "service": {"service": "early-help"},
    })
    assert visited == ["kind", "role", "service", "your-comment"] + COMMON_END
    case = _case(app, _reference(confirmation))
    assert case.procedure == "comment"
    assert case.description == "The family hub is very welcoming."
    with app.app_context():
        assert db.session.get(Case, case.id).deadlines == []


def test_service_request_asks_what_would_help_but_not_about_court_or_advocates(app, client_request):
    visited, confirmation = complete_journey(client_request, {"kind": {"kind": "service-request"}})
    assert visited == ["kind", "role", "child", "service", "what-happened", "put-right",
                       "safety"] + COMMON_END
    case = _case(app, _reference(confirmation))
    assert case.procedure == "service-request"
    assert "We will contact you about your request" in normalise(client_request.get(confirmation))


def test_child_unsafe_now_records_a_safeguarding_alert(app, client_request):
    _visited, confirmation = complete_journey(client_request, {"safety": {"unsafe_now": "yes"}})
    case = _case(app, _reference(confirmation))
    assert "safeguarding" in case.flags
    with app.app_context():
        alerts = db.session.scalars(select(SafeguardingAlert)).all()
        assert [a.case_id for a in alerts] == [case.id]
    assert "We have told the safeguarding team" in normalise(client_request.get(confirmation))


def test_confirmation_is_only_shown_to_the_browser_that_sent_it(app, client_request):
    _visited, confirmation = complete_journey(client_request)
    other = app.test_client()
    assert other.get(confirmation).status_code == 404


@pytest.mark.parametrize("kind", ["complaint", "compliment", "comment", "service-request"])
def test_check_your_answers_lists_every_answer_with_a_change_link(client_request, kind):
    from tests.web.journey import ANSWERS, path_of

    client_request.get("/tell-us/", expected_status=302)
    answers = {**ANSWERS, "kind": {"kind": kind}}
    location = "/tell-us/kind"
    while "/check-your-answers" not in location:
        step = path_of(location).split("/tell-us/")[1]
        location = client_request.post(path_of(location), answers[step])
    page = client_request.get("/tell-us/check-your-answers")
    keys = [normalise(k) for k in page.select(".govuk-summary-list__key")]
    assert "What would you like to tell us?" in keys
    changes = page.select(".govuk-summary-list__actions a")
    assert changes and all("change=1" in a["href"] for a in changes)


def test_a_language_named_in_full_is_kept_whole(app, client_request):
    # The form takes up to 60 characters; the case and its letters keep all of them.
    named = "Sylheti (spoken), with letters in Bengali script please ok"
    assert len(named) == 58
    _visited, confirmation = complete_journey(client_request, {"language": {
        "language": "other", "other_language": named, "easy_read": "no"}})
    case = _case(app, _reference(confirmation))
    assert case.language == named
    with app.app_context():
        languages = db.session.scalars(select(Message.language).where(Message.case_id == case.id)).all()
    assert languages and set(languages) == {named}
