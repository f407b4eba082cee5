"""The officers' use cases (portal.handling), called directly on both databases.

Cases arrive on Monday 2 March 2026 at 10:00, a working day with no bank holiday within
the first month, so every deadline below is fixed:

- statutory: acknowledgement Wednesday 4 March, stage 1 Monday 16 March (10 working days),
  at most Monday 30 March with an extension (20 in all);
- corporate: acknowledgement Thursday 5 March, stage 1 Thursday 19 March (10 working days
  from the acknowledgement), at most Thursday 2 April with an extension (10 + 10).
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from portal import casework, handling, officers
from portal.casework import Submission
from portal.clock import LONDON
from portal.extensions import db
from portal.models import (
    AuditEvent,
    Case,
    ContactRestriction,
    Decision,
    Extension,
    Message,
    Note,
    Stage,
    Suspension,
)
from portal.rules import Refused, add_working_days, deadline, working_days_between
from tests.admin.conftest import PASSWORD

RECEIVED = date(2026, 3, 2)
SUBMITTED_AT = datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)

STATUTORY_ACK, STATUTORY_STAGE1, STATUTORY_MAX = date(2026, 3, 4), date(2026, 3, 16), date(2026, 3, 30)
CORPORATE_ACK, CORPORATE_STAGE1, CORPORATE_MAX = date(2026, 3, 5), date(2026, 3, 19), date(2026, 4, 2)

PARENT_ABOUT_CHILD_IN_CARE = dict(
    kind="complaint", role="parent", service="children-in-care", about="child",
    description="Family time was cancelled three times.", name="Pat Jones",
    contact_method="email", email="pat@example.com",
)


@pytest.fixture
def officer(session):
    return officers.create(session, email="olive@example.gov.uk", name="Olive Officer", password=PASSWORD)


@pytest.fixture
def colleague(session):
    return officers.create(session, email="colin@example.gov.uk", name="Colin Colleague", password=PASSWORD)


def submit(session, **answers) -> int:
    case = casework.submit(session, Submission(**{**PARENT_ABOUT_CHILD_IN_CARE, **answers}),
                           submitted_at=SUBMITTED_AT)
    return case.id


def statutory(session, **answers) -> int:
    return submit(session, **answers)


def corporate(session, **answers) -> int:
    return submit(session, **{"service": "early-help", **answers})


def load(session, case_id) -> Case:
    session.expire_all()
    return session.get(Case, case_id)


def events(session, case_id) -> list[AuditEvent]:
    session.expire_all()
    return handling.history(session, case_id)


def last_event(session, case_id) -> AuditEvent:
    return events(session, case_id)[-1]


def messages(session, case_id, purpose) -> list[Message]:
    return list(session.scalars(select(Message).where(Message.case_id == case_id, Message.purpose == purpose)
                                .order_by(Message.id)))


def answer_stage(session, case_id, by, *, on, findings=("upheld", "not-upheld")) -> Stage:
    """Points with findings at the current stage, then the response."""
    for number, finding in enumerate(findings, start=1):
        point = handling.add_point(session, case_id, by, summary=f"Point {number}")
        handling.record_finding(session, case_id, by, point_id=point.id, finding=finding,
                                explanation=f"Explanation {number}")
    return handling.record_response(session, case_id, by, on=on, summary="Our answer")


def refusal(call, *args, **kwargs) -> Refused:
    with pytest.raises(Refused) as raised:
        call(*args, **kwargs)
    return raised.value


# The dates this module rests on -----------------------------------------------------------

def test_the_fixed_dates_are_what_the_rules_give(session):
    case = load(session, statutory(session))
    assert case.received_on == RECEIVED and case.procedure == "statutory" and not case.flags
    assert case.deadline_for("acknowledgement").due_on == STATUTORY_ACK
    assert case.deadline_for("stage1").due_on == STATUTORY_STAGE1
    assert deadline("statutory", "stage1", RECEIVED, extended=True) == STATUTORY_MAX
    case = load(session, corporate(session))
    assert case.procedure == "corporate"
    assert case.deadline_for("acknowledgement").due_on == CORPORATE_ACK
    assert case.deadline_for("stage1").due_on == CORPORATE_STAGE1
    assert deadline("corporate", "stage1", CORPORATE_ACK, extended=True) == CORPORATE_MAX


# Flags ----------------------------------------------------------------------------------

def test_eligibility_decision_is_recorded_with_its_reason_and_clears_review(session, officer):
    case_id = statutory(session, role="relative")
    case = load(session, case_id)
    assert "eligibility" in case.flags and case.needs_review
    assert handling.pending_flags(case) == ["eligibility"]

    decision = handling.decide_flag(session, case_id, officer, flag="eligibility", choice="accepted",
                                    reason="  Grandmother who cares for him at weekends  ", on=date(2026, 3, 3))

    case = load(session, case_id)
    assert not case.needs_review and handling.pending_flags(case) == []
    assert case.decision_on("eligibility").choice == "accepted"
    assert session.get(Decision, decision.id).reason == "Grandmother who cares for him at weekends"
    assert session.get(Decision, decision.id).officer_id == officer.id
    event = last_event(session, case_id)
    assert (event.action, event.officer_id, event.actor) == ("flag-decided", officer.id, "olive@example.gov.uk")
    assert event.detail == {"flag": "eligibility", "choice": "accepted",
                            "reason": "Grandmother who cares for him at weekends"}


def test_a_flag_decision_needs_a_reason_and_a_flag_the_case_has(session, officer):
    case_id = statutory(session, role="relative")
    assert refusal(handling.decide_flag, session, case_id, officer, flag="eligibility", choice="accepted",
                   reason="   ", on=RECEIVED).code == "reason-required"
    assert refusal(handling.decide_flag, session, case_id, officer, flag="late", choice="accepted",
                   reason="Why", on=RECEIVED).code == "no-such-flag"
    with pytest.raises(ValueError):
        handling.decide_flag(session, case_id, officer, flag="eligibility", choice="maybe", reason="Why",
                             on=RECEIVED)
    case = load(session, case_id)
    assert case.decisions == [] and case.needs_review
    assert [e.action for e in events(session, case_id)] == ["case-received"]


def test_late_complaint_accepted_stays_open(session, officer):
    case_id = statutory(session, events_date=date(2024, 6, 1))
    assert "late" in load(session, case_id).flags
    handling.decide_flag(session, case_id, officer, flag="late", choice="accepted",
                         reason="She only found out in January", on=date(2026, 3, 3))
    case = load(session, case_id)
    assert case.status == "received" and case.closed_on is None and not case.needs_review


def test_late_complaint_refused_closes_as_not_accepted(session, officer):
    case_id = statutory(session, events_date=date(2024, 6, 1))
    handling.decide_flag(session, case_id, officer, flag="late", choice="refused",
                         reason="No good reason for the delay and the records are gone", on=date(2026, 3, 3))
    case = load(session, case_id)
    assert case.status == "not-accepted" and case.closed_on == date(2026, 3, 3)
    assert not case.needs_review
    # A closed case takes no more handling.
    assert refusal(handling.extend, session, case_id, officer, step="stage1", new_due=STATUTORY_MAX,
                   reason="More time").code == "case-closed"


def test_legal_proceedings_suspend_pauses_the_clock_and_tells_the_person(session, officer):
    case_id = statutory(session, legal_proceedings=True)
    assert "legal-proceedings" in load(session, case_id).flags

    handling.decide_flag(session, case_id, officer, flag="legal-proceedings", choice="suspend",
                         reason="Care proceedings about the same placement", on=date(2026, 3, 4))

    case = load(session, case_id)
    assert case.status == "suspended" and not case.needs_review
    suspension = case.open_suspension()
    assert (suspension.cause, suspension.started_on, suspension.officer_id) == (
        "legal-proceedings", date(2026, 3, 4), officer.id)
    assert suspension.reason == "Care proceedings about the same placement"
    [notice] = messages(session, case_id, "suspension-notice")
    assert notice.recipient == "pat@example.com" and case.reference in notice.subject
    assert "Care proceedings about the same placement" in notice.body_text
    assert "within one year" in notice.body_text  # reg. 8: the right to resubmit
    assert [(e.action, e.officer_id) for e in events(session, case_id)][-2:] == [
        ("clock-suspended", officer.id), ("flag-decided", officer.id)]


def test_legal_proceedings_continue_leaves_the_clock_running(session, officer):
    case_id = statutory(session, legal_proceedings=True)
    handling.decide_flag(session, case_id, officer, flag="legal-proceedings", choice="continue",
                         reason="The police matter is about someone else", on=date(2026, 3, 4))
    case = load(session, case_id)
    assert case.status == "received" and case.suspensions == []
    assert messages(session, case_id, "suspension-notice") == []


def test_consent_decision_clears_review_for_an_advocate(session, officer):
    case_id = statutory(session, role="advocate", consent="not-sure")
    case = load(session, case_id)
    assert "consent" in case.flags and case.needs_review
    handling.decide_flag(session, case_id, officer, flag="consent", choice="confirmed",
                         reason="Spoke to the child with her social worker", on=date(2026, 3, 3))
    case = load(session, case_id)
    assert not case.needs_review and case.decision_on("consent").choice == "confirmed"


def test_review_stays_until_every_flag_is_decided(session, officer):
    case_id = statutory(session, role="relative", events_date=date(2024, 6, 1))
    assert handling.pending_flags(load(session, case_id)) == ["eligibility", "late"]
    handling.decide_flag(session, case_id, officer, flag="late", choice="accepted", reason="Good reason",
                         on=RECEIVED)
    case = load(session, case_id)
    assert case.needs_review and handling.pending_flags(case) == ["eligibility"]
    handling.decide_flag(session, case_id, officer, flag="eligibility", choice="accepted", reason="Aunt",
                         on=RECEIVED)
    assert not load(session, case_id).needs_review


def test_advocacy_alone_never_holds_a_case_in_review(session):
    case = load(session, statutory(session, role="child"))
    assert "advocacy" in case.flags
    assert not case.needs_review and handling.pending_flags(case) == []


# The procedure -----------------------------------------------------------------------------

def test_changing_the_procedure_recomputes_the_open_deadlines(session, officer):
    case_id = statutory(session)
    handling.override_procedure(session, case_id, officer, procedure="corporate",
                                reason="Only about how the council spoke to the father")
    case = load(session, case_id)
    assert case.procedure == "corporate"
    assert case.deadline_for("acknowledgement").due_on == CORPORATE_ACK
    assert case.deadline_for("stage1").due_on == CORPORATE_STAGE1
    decision = case.decision_on("procedure")
    assert (decision.choice, decision.officer_id) == ("changed", officer.id)
    event = last_event(session, case_id)
    assert (event.action, event.officer_id) == ("procedure-decided", officer.id)
    assert event.detail["previous"] == "statutory" and event.detail["procedure"] == "corporate"


def test_confirming_the_procedure_records_it_and_keeps_the_deadlines(session, officer):
    case_id = corporate(session, service="other")
    assert load(session, case_id).needs_review
    handling.override_procedure(session, case_id, officer, procedure="corporate", reason="About a school")
    case = load(session, case_id)
    assert case.decision_on("procedure").choice == "confirmed"
    assert case.deadline_for("stage1").due_on == CORPORATE_STAGE1


def test_changing_the_procedure_leaves_a_met_deadline_alone(session, officer):
    case_id = statutory(session)
    handling.record_acknowledgement(session, case_id, officer, method="post", on=date(2026, 3, 3))
    handling.override_procedure(session, case_id, officer, procedure="corporate", reason="Adult's own treatment")
    case = load(session, case_id)
    assert case.deadline_for("acknowledgement").due_on == STATUTORY_ACK
    assert case.deadline_for("acknowledgement").met_on == date(2026, 3, 3)


def test_the_procedure_needs_a_reason_a_complaint_and_stage_1(session, officer):
    case_id = statutory(session)
    assert refusal(handling.override_procedure, session, case_id, officer, procedure="corporate",
                   reason="").code == "reason-required"
    assert load(session, case_id).procedure == "statutory"
    with pytest.raises(ValueError):
        handling.override_procedure(session, case_id, officer, procedure="compliment", reason="Why")
    compliment = submit(session, kind="compliment", about=None)
    assert refusal(handling.override_procedure, session, compliment, officer, procedure="corporate",
                   reason="Why").code == "not-a-complaint"

    answer_stage(session, case_id, officer, on=date(2026, 3, 13))
    handling.request_next_stage(session, case_id, officer, asked_on=date(2026, 3, 20))
    assert refusal(handling.override_procedure, session, case_id, officer, procedure="corporate",
                   reason="Why").code == "procedure-fixed-after-stage-1"
    assert load(session, case_id).procedure == "statutory"


# Acknowledgement -----------------------------------------------------------------------------

def test_acknowledgement_by_post_meets_its_clock(session, officer):
    case_id = statutory(session, contact_method="post", email=None, address="1 High Street")
    handling.record_acknowledgement(session, case_id, officer, method="post", on=date(2026, 3, 4))
    case = load(session, case_id)
    ack = case.deadline_for("acknowledgement")
    assert ack.met_on == date(2026, 3, 4) and ack.met_on <= ack.due_on
    assert case.status == "in-progress"
    assert case.deadline_for("stage1").due_on == STATUTORY_STAGE1  # statutory counts from receipt
    event = last_event(session, case_id)
    assert (event.action, event.officer_id) == ("acknowledged", officer.id)
    assert event.detail == {"step": "acknowledgement", "method": "post", "on": "2026-03-04"}


def test_corporate_stage_1_runs_from_an_early_acknowledgement(session, officer):
    case_id = corporate(session)
    handling.record_acknowledgement(session, case_id, officer, method="phone", on=date(2026, 3, 3))
    stage1 = load(session, case_id).deadline_for("stage1")
    assert stage1.started_on == date(2026, 3, 3)
    assert stage1.due_on == date(2026, 3, 17) == add_working_days(date(2026, 3, 3), 10)


def test_corporate_stage_1_runs_from_the_acknowledgement_due_date_at_the_latest(session, officer):
    case_id = corporate(session)
    handling.record_acknowledgement(session, case_id, officer, method="post", on=date(2026, 3, 9))
    case = load(session, case_id)
    assert case.deadline_for("acknowledgement").met_on == date(2026, 3, 9)  # late, and shown as met late
    assert case.deadline_for("stage1").due_on == CORPORATE_STAGE1


def test_acknowledgement_method_must_be_known(session, officer):
    case_id = statutory(session)
    with pytest.raises(ValueError):
        handling.record_acknowledgement(session, case_id, officer, method="pigeon", on=RECEIVED)
    assert refusal(handling.record_acknowledgement, session, case_id, officer, method="post", on=RECEIVED,
                   step="stage2-acknowledgement").code == "no-such-deadline"


# Assigning -----------------------------------------------------------------------------------

def test_assign_gives_the_case_a_handler_and_a_team(session, officer, colleague):
    case_id = statutory(session)
    handling.assign(session, case_id, officer, handler_id=colleague.id, team="  North  ")
    case = load(session, case_id)
    assert (case.handler_id, case.team) == (colleague.id, "North")
    event = last_event(session, case_id)
    assert (event.action, event.officer_id, event.detail) == (
        "assigned", officer.id, {"handler": colleague.id, "team": "North"})
    handling.assign(session, case_id, officer, handler_id=None, team="")
    case = load(session, case_id)
    assert case.handler_id is None and case.team is None


def test_assign_refuses_an_unknown_officer(session, officer):
    case_id = statutory(session)
    assert refusal(handling.assign, session, case_id, officer, handler_id=9999, team=None).code == "no-such-officer"
    assert load(session, case_id).handler_id is None


# Extensions ----------------------------------------------------------------------------------

def test_extension_to_the_statutory_maximum_moves_the_deadline_and_tells_the_person(session, officer):
    case_id = statutory(session)
    extension = handling.extend(session, case_id, officer, step="stage1", new_due=STATUTORY_MAX,
                                reason="Three services to interview")
    case = load(session, case_id)
    stage1 = case.deadline_for("stage1")
    assert (stage1.due_on, stage1.extended) == (STATUTORY_MAX, True)
    row = session.get(Extension, extension.id)
    assert (row.step, row.previous_due_on, row.new_due_on, row.officer_id) == (
        "stage1", STATUTORY_STAGE1, STATUTORY_MAX, officer.id)
    assert row.reason == "Three services to interview"
    [notice] = messages(session, case_id, "extension-notice")
    assert notice.recipient == "pat@example.com"
    assert "Three services to interview" in notice.body_text and "30 March 2026" in notice.body_text
    event = last_event(session, case_id)
    assert (event.action, event.officer_id) == ("deadline-extended", officer.id)
    assert event.detail == {"step": "stage1", "previous": "2026-03-16", "new": "2026-03-30",
                            "reason": "Three services to interview"}


def test_statutory_stage_1_cannot_be_extended_past_20_working_days(session, officer):
    case_id = statutory(session)
    refused = refusal(handling.extend, session, case_id, officer, step="stage1",
                      new_due=date(2026, 3, 31), reason="Very complex")
    assert refused.code == "past-maximum" and refused.details["latest"] == STATUTORY_MAX
    case = load(session, case_id)
    assert case.deadline_for("stage1").due_on == STATUTORY_STAGE1 and not case.deadline_for("stage1").extended
    assert case.extensions == [] and messages(session, case_id, "extension-notice") == []
    assert [e.action for e in events(session, case_id)] == ["case-received"]


def test_a_second_extension_is_still_held_to_the_maximum(session, officer):
    case_id = statutory(session)
    handling.extend(session, case_id, officer, step="stage1", new_due=date(2026, 3, 23), reason="First")
    assert refusal(handling.extend, session, case_id, officer, step="stage1", new_due=date(2026, 3, 31),
                   reason="Second").code == "past-maximum"
    handling.extend(session, case_id, officer, step="stage1", new_due=STATUTORY_MAX, reason="Second")
    assert [(e.previous_due_on, e.new_due_on) for e in load(session, case_id).extensions] == [
        (STATUTORY_STAGE1, date(2026, 3, 23)), (date(2026, 3, 23), STATUTORY_MAX)]


def test_corporate_stage_1_may_be_extended_by_at_most_10_more_working_days(session, officer):
    case_id = corporate(session)
    refused = refusal(handling.extend, session, case_id, officer, step="stage1",
                      new_due=add_working_days(CORPORATE_MAX, 1), reason="Complex")
    assert refused.code == "past-maximum" and refused.details["latest"] == CORPORATE_MAX
    handling.extend(session, case_id, officer, step="stage1", new_due=CORPORATE_MAX, reason="Complex")
    assert load(session, case_id).deadline_for("stage1").due_on == CORPORATE_MAX
    [notice] = messages(session, case_id, "extension-notice")
    assert "Ombudsman" in notice.body_text  # corporate extensions give the Ombudsman's details


def test_corporate_maximum_counts_from_the_recorded_acknowledgement(session, officer):
    case_id = corporate(session)
    handling.record_acknowledgement(session, case_id, officer, method="post", on=date(2026, 3, 3))
    latest = add_working_days(date(2026, 3, 3), 20)
    assert refusal(handling.extend, session, case_id, officer, step="stage1",
                   new_due=add_working_days(latest, 1), reason="Complex").details["latest"] == latest
    handling.extend(session, case_id, officer, step="stage1", new_due=latest, reason="Complex")


def test_an_extension_must_be_later_than_the_current_deadline(session, officer):
    case_id = statutory(session)
    for new_due in (STATUTORY_STAGE1, date(2026, 3, 13)):
        refused = refusal(handling.extend, session, case_id, officer, step="stage1", new_due=new_due,
                          reason="More time")
        assert refused.code == "not-later" and refused.details["current"] == STATUTORY_STAGE1
    assert load(session, case_id).extensions == []


def test_an_extension_needs_a_reason_and_an_open_extendable_deadline(session, officer):
    case_id = statutory(session)
    assert refusal(handling.extend, session, case_id, officer, step="stage1", new_due=STATUTORY_MAX,
                   reason=" ").code == "reason-required"
    assert refusal(handling.extend, session, case_id, officer, step="acknowledgement",
                   new_due=date(2026, 3, 5), reason="Why").code == "not-extendable"
    assert refusal(handling.extend, session, case_id, officer, step="stage2",
                   new_due=STATUTORY_MAX, reason="Why").code == "no-such-deadline"
    handling.record_acknowledgement(session, case_id, officer, method="post", on=date(2026, 3, 3))
    assert refusal(handling.extend, session, case_id, officer, step="acknowledgement",
                   new_due=date(2026, 3, 5), reason="Why").code == "no-such-deadline"


def test_no_extension_email_when_the_person_chose_post(session, officer):
    case_id = statutory(session, contact_method="post", email=None, address="1 High Street")
    handling.extend(session, case_id, officer, step="stage1", new_due=STATUTORY_MAX, reason="Complex")
    assert messages(session, case_id, "extension-notice") == []
    assert load(session, case_id).deadline_for("stage1").due_on == STATUTORY_MAX


# Suspending and resuming -----------------------------------------------------------------------

def test_resuming_moves_open_deadlines_by_the_working_days_paused(session, officer):
    case_id = statutory(session)
    handling.record_acknowledgement(session, case_id, officer, method="post", on=date(2026, 3, 3))
    handling.suspend(session, case_id, officer, cause="information", reason="Waiting for the school report",
                     on=date(2026, 3, 4))
    case = load(session, case_id)
    assert case.status == "suspended"
    [notice] = messages(session, case_id, "suspension-notice")
    assert "Waiting for the school report" in notice.body_text and "within one year" not in notice.body_text

    handling.resume(session, case_id, officer, on=date(2026, 3, 11))

    paused = working_days_between(date(2026, 3, 4), date(2026, 3, 11))
    assert paused == 5
    case = load(session, case_id)
    assert case.status == "in-progress"
    assert case.deadline_for("stage1").due_on == add_working_days(STATUTORY_STAGE1, 5) == date(2026, 3, 23)
    assert case.deadline_for("acknowledgement").due_on == STATUTORY_ACK  # met: not moved
    suspension = session.get(Suspension, case.suspensions[0].id)
    assert (suspension.started_on, suspension.ended_on, suspension.cause) == (
        date(2026, 3, 4), date(2026, 3, 11), "information")
    assert [(e.action, e.officer_id) for e in events(session, case_id)][-2:] == [
        ("clock-suspended", officer.id), ("clock-resumed", officer.id)]


def test_resuming_the_same_day_moves_nothing(session, officer):
    case_id = statutory(session)
    handling.suspend(session, case_id, officer, cause="advocate", reason="Advocate being found", on=date(2026, 3, 4))
    handling.resume(session, case_id, officer, on=date(2026, 3, 4))
    assert load(session, case_id).deadline_for("stage1").due_on == STATUTORY_STAGE1


def test_suspension_refusals(session, officer):
    case_id = statutory(session)
    assert refusal(handling.resume, session, case_id, officer, on=RECEIVED).code == "not-suspended"
    assert refusal(handling.suspend, session, case_id, officer, cause="information", reason="",
                   on=RECEIVED).code == "reason-required"
    with pytest.raises(ValueError):
        handling.suspend(session, case_id, officer, cause="holiday", reason="Why", on=RECEIVED)
    handling.suspend(session, case_id, officer, cause="information", reason="Waiting", on=date(2026, 3, 4))
    assert refusal(handling.suspend, session, case_id, officer, cause="advocate", reason="Again",
                   on=date(2026, 3, 5)).code == "already-suspended"
    refused = refusal(handling.resume, session, case_id, officer, on=date(2026, 3, 3))
    assert refused.code == "resume-before-suspension" and refused.details["started"] == date(2026, 3, 4)
    assert load(session, case_id).status == "suspended"


# Points, findings and the response --------------------------------------------------------------

def test_a_response_needs_points_and_a_finding_for_each(session, officer):
    case_id = statutory(session)
    assert refusal(handling.record_response, session, case_id, officer, on=date(2026, 3, 13),
                   summary=None).code == "no-points"
    assert refusal(handling.add_point, session, case_id, officer, summary="  ").code == "summary-required"
    first = handling.add_point(session, case_id, officer, summary="Family time cancelled")
    handling.add_point(session, case_id, officer, summary="No call back")
    handling.record_finding(session, case_id, officer, point_id=first.id, finding="upheld", explanation="")
    assert refusal(handling.record_response, session, case_id, officer, on=date(2026, 3, 13),
                   summary=None).code == "finding-missing"
    case = load(session, case_id)
    assert case.status == "received" and case.stages == []
    assert case.deadline_for("stage1").met_on is None
    assert messages(session, case_id, "stage-response") == []


def test_findings_are_from_the_vocabulary_and_on_this_case(session, officer):
    case_id = statutory(session)
    other = statutory(session)
    point = handling.add_point(session, other, officer, summary="Elsewhere")
    with pytest.raises(ValueError):
        handling.record_finding(session, other, officer, point_id=point.id, finding="guilty", explanation=None)
    assert refusal(handling.record_finding, session, case_id, officer, point_id=point.id, finding="upheld",
                   explanation=None).code == "no-such-point"
    handling.record_finding(session, other, officer, point_id=point.id, finding="partially-upheld",
                            explanation="  Partly right  ")
    point = load(session, other).points[0]
    assert (point.finding, point.explanation, point.stage) == ("partially-upheld", "Partly right", 1)
    event = last_event(session, other)
    assert (event.action, event.officer_id, event.detail) == (
        "finding-recorded", officer.id, {"point": point.id, "finding": "partially-upheld"})


def test_stage_1_response_opens_the_window_to_ask_for_stage_2(session, officer):
    case_id = statutory(session)
    answer_stage(session, case_id, officer, on=date(2026, 3, 13))
    case = load(session, case_id)
    assert case.status == "responded" and case.closed_on is None and case.stage == 1
    stage = case.stage_record(1)
    assert (stage.responded_on, stage.response_summary) == (date(2026, 3, 13), "Our answer")
    assert case.deadline_for("stage1").met_on == date(2026, 3, 13)
    window = case.deadline_for("stage2-request")
    assert window is not None and window.met_on is None
    assert window.started_on == date(2026, 3, 13)
    assert window.due_on == deadline("statutory", "stage2-request", date(2026, 3, 13)) == date(2026, 4, 14)
    [notice] = messages(session, case_id, "stage-response")
    assert notice.recipient == "pat@example.com" and "14 April 2026" in notice.body_text
    event = last_event(session, case_id)
    assert (event.action, event.officer_id) == ("response-sent", officer.id)
    assert sorted(event.detail["findings"].values()) == ["not-upheld", "upheld"]


def test_the_last_stage_response_closes_the_case_and_points_to_the_ombudsman(session, officer, colleague):
    case_id = corporate(session)
    answer_stage(session, case_id, officer, on=date(2026, 3, 13))
    handling.request_next_stage(session, case_id, officer, asked_on=date(2026, 3, 16))
    answer_stage(session, case_id, colleague, on=date(2026, 4, 10), findings=("not-upheld",))
    case = load(session, case_id)
    assert case.status == "closed" and case.closed_on == date(2026, 4, 10)
    assert case.deadline_for("stage2").met_on == date(2026, 4, 10)
    assert case.deadline_for("stage3-request") is None
    notice = messages(session, case_id, "stage-response")[-1]
    assert "Ombudsman" in notice.body_text
    assert refusal(handling.request_next_stage, session, case_id, officer,
                   asked_on=date(2026, 4, 13)).code == "no-further-stage"


def test_close_needs_the_response_first(session, officer):
    case_id = statutory(session)
    assert refusal(handling.close, session, case_id, officer, on=RECEIVED).code == "not-responded"
    answer_stage(session, case_id, officer, on=date(2026, 3, 13))
    handling.close(session, case_id, officer, on=date(2026, 4, 20))
    case = load(session, case_id)
    assert (case.status, case.closed_on) == ("closed", date(2026, 4, 20))
    assert (last_event(session, case_id).action, last_event(session, case_id).officer_id) == ("case-closed", officer.id)


# The next stage ----------------------------------------------------------------------------------

def test_statutory_stage_2_opens_in_time_and_its_clock_waits_for_the_statement(session, officer):
    case_id = statutory(session)
    answer_stage(session, case_id, officer, on=date(2026, 3, 13))
    window = handling.request_next_stage(session, case_id, officer, asked_on=date(2026, 3, 20))
    assert window.in_time and window.is_right and window.stage == 2
    case = load(session, case_id)
    assert (case.stage, case.status) == (2, "in-progress")
    assert case.stage_record(2).requested_on == date(2026, 3, 20)
    assert case.deadline_for("stage2") is None
    assert case.deadline_for("stage2-request").met_on == date(2026, 3, 20)
    event = last_event(session, case_id)
    assert (event.action, event.officer_id) == ("stage-requested", officer.id)
    assert event.detail["in_time"] is True

    handling.record_statement(session, case_id, officer, agreed_on=date(2026, 3, 25),
                              statement="  1. Family time. 2. No call back.  ",
                              investigating_officer="Ivy Investigator", independent_person="Ian Independent")
    case = load(session, case_id)
    stage2 = case.deadline_for("stage2")
    assert stage2.started_on == date(2026, 3, 25)
    assert stage2.due_on == add_working_days(date(2026, 3, 25), 25) == deadline("statutory", "stage2", date(2026, 3, 25))
    stage = case.stage_record(2)
    assert (stage.statement_agreed_on, stage.statement, stage.investigating_officer, stage.independent_person) == (
        date(2026, 3, 25), "1. Family time. 2. No call back.", "Ivy Investigator", "Ian Independent")
    assert (last_event(session, case_id).action, last_event(session, case_id).officer_id) == (
        "statement-agreed", officer.id)

    handling.record_adjudicator(session, case_id, officer, adjudicator="  Sue Senior ")
    assert load(session, case_id).stage_record(2).adjudicator == "Sue Senior"
    assert last_event(session, case_id).action == "adjudicator-named"

    # Stage 2 may be extended to 65 working days in all from the statement.
    latest = add_working_days(date(2026, 3, 25), 65)
    assert refusal(handling.extend, session, case_id, officer, step="stage2",
                   new_due=add_working_days(latest, 1), reason="Complex").details["latest"] == latest
    handling.extend(session, case_id, officer, step="stage2", new_due=latest, reason="Complex")


def test_statement_and_adjudicator_are_only_for_statutory_stage_2(session, officer):
    case_id = statutory(session)
    assert refusal(handling.record_statement, session, case_id, officer, agreed_on=RECEIVED, statement="S",
                   investigating_officer="I", independent_person="P").code == "not-statutory-stage-2"
    assert refusal(handling.record_adjudicator, session, case_id, officer,
                   adjudicator="A").code == "not-statutory-stage-2"


def test_corporate_stage_2_opens_with_its_clocks_and_a_fresh_handler(session, officer, colleague):
    case_id = corporate(session)
    handling.assign(session, case_id, officer, handler_id=officer.id, team="Early help")
    answer_stage(session, case_id, officer, on=date(2026, 3, 13))
    assert load(session, case_id).stage_record(1).handler_id == officer.id

    handling.request_next_stage(session, case_id, None, asked_on=date(2026, 3, 16))

    case = load(session, case_id)
    assert (case.stage, case.status, case.handler_id) == (2, "in-progress", None)
    ack = case.deadline_for("stage2-acknowledgement")
    assert (ack.started_on, ack.due_on) == (date(2026, 3, 16), date(2026, 3, 19))
    stage2 = case.deadline_for("stage2")
    assert (stage2.started_on, stage2.due_on) == (date(2026, 3, 19), add_working_days(date(2026, 3, 19), 20))
    event = last_event(session, case_id)
    assert (event.action, event.actor, event.officer_id) == ("stage-requested", "public", None)

    # A different person answers stage 2 (the Code).
    refused = refusal(handling.assign, session, case_id, colleague, handler_id=officer.id, team=None)
    assert refused.code == "same-handler"
    assert load(session, case_id).handler_id is None
    handling.assign(session, case_id, officer, handler_id=colleague.id, team="Complaints")
    case = load(session, case_id)
    assert case.handler_id == colleague.id and case.stage_record(2).handler_id == colleague.id
    assert case.stage_record(1).handler_id == officer.id

    # The stage 2 acknowledgement re-bases the stage 2 response on it.
    handling.record_acknowledgement(session, case_id, colleague, method="email", on=date(2026, 3, 17),
                                    step="stage2-acknowledgement")
    stage2 = load(session, case_id).deadline_for("stage2")
    assert (stage2.started_on, stage2.due_on) == (date(2026, 3, 17), add_working_days(date(2026, 3, 17), 20))


def test_a_late_request_waits_for_an_officer(session, officer):
    case_id = statutory(session)
    answer_stage(session, case_id, officer, on=date(2026, 3, 13))
    last_day = load(session, case_id).deadline_for("stage2-request").due_on
    asked = add_working_days(last_day, 1)

    window = handling.request_next_stage(session, case_id, None, asked_on=asked)

    assert not window.in_time and window.last_day == last_day
    case = load(session, case_id)
    assert (case.stage, case.status, case.needs_review) == (1, "stage-request-pending", True)
    assert last_event(session, case_id).action == "late-stage-request"
    # An officer without a reason leaves it waiting; it is never refused unread.
    handling.request_next_stage(session, case_id, officer, asked_on=asked, accept_late_reason="  ")
    assert load(session, case_id).status == "stage-request-pending"

    handling.request_next_stage(session, case_id, officer, asked_on=asked,
                                accept_late_reason="She was in hospital")
    case = load(session, case_id)
    assert (case.stage, case.status, case.needs_review) == (2, "in-progress", False)
    decision = case.decision_on("late-stage-request")
    assert (decision.choice, decision.reason, decision.officer_id) == ("accepted", "She was in hospital", officer.id)
    event = last_event(session, case_id)
    assert (event.action, event.officer_id, event.detail["in_time"]) == ("stage-requested", officer.id, False)


def test_a_late_request_after_closing_reopens_it_for_review(session, officer):
    case_id = corporate(session)
    answer_stage(session, case_id, officer, on=date(2026, 3, 13))
    handling.close(session, case_id, officer, on=date(2026, 4, 20))
    handling.request_next_stage(session, case_id, None, asked_on=date(2026, 5, 20))
    case = load(session, case_id)
    assert (case.status, case.closed_on, case.needs_review) == ("stage-request-pending", None, True)


def test_the_next_stage_needs_a_response_first(session, officer):
    case_id = statutory(session)
    assert refusal(handling.request_next_stage, session, case_id, officer,
                   asked_on=RECEIVED).code == "not-responded"


# Statutory stage 3 ---------------------------------------------------------------------------------

def _to_stage_3(session, case_id, officer) -> date:
    answer_stage(session, case_id, officer, on=date(2026, 3, 13))
    handling.request_next_stage(session, case_id, officer, asked_on=date(2026, 3, 20))
    handling.record_statement(session, case_id, officer, agreed_on=date(2026, 3, 25), statement="Statement",
                              investigating_officer="Ivy", independent_person="Ian")
    answer_stage(session, case_id, officer, on=date(2026, 4, 24), findings=("partially-upheld",))
    assert load(session, case_id).status == "responded"
    asked = date(2026, 5, 1)
    handling.request_next_stage(session, case_id, officer, asked_on=asked)
    return asked


def test_statutory_stage_3_panel_report_and_council_response(session, officer):
    case_id = statutory(session)
    asked = _to_stage_3(session, case_id, officer)
    case = load(session, case_id)
    assert (case.stage, case.status) == (3, "in-progress")
    panel = case.deadline_for("stage3-panel")
    assert (panel.started_on, panel.due_on) == (asked, add_working_days(asked, 30))

    for members in (["Chair", "Second"], ["Chair", "Second", "  "], ["A", "B", "C", "D"]):
        assert refusal(handling.record_panel, session, case_id, officer, panel_on=date(2026, 6, 1),
                       members=members).code == "panel-needs-three"
    assert load(session, case_id).stage_record(3).panel_on is None

    handling.record_panel(session, case_id, officer, panel_on=date(2026, 6, 1),
                          members=[" Cara Chair ", "Sam Second", "Tia Third"], cost_pence=120000)
    case = load(session, case_id)
    stage = case.stage_record(3)
    assert (stage.panel_on, stage.panel_members, stage.cost_pence) == (
        date(2026, 6, 1), ["Cara Chair", "Sam Second", "Tia Third"], 120000)
    assert case.deadline_for("stage3-panel").met_on == date(2026, 6, 1)
    report = case.deadline_for("stage3-report")
    assert (report.started_on, report.due_on) == (date(2026, 6, 1), add_working_days(date(2026, 6, 1), 5))
    assert case.deadline_for("stage3-response") is None
    assert (last_event(session, case_id).action, last_event(session, case_id).officer_id) == (
        "panel-recorded", officer.id)

    handling.record_panel(session, case_id, officer, panel_on=date(2026, 6, 1),
                          members=["Cara Chair", "Sam Second", "Tia Third"], report_on=date(2026, 6, 5))
    case = load(session, case_id)
    assert case.deadline_for("stage3-report").met_on == date(2026, 6, 5)
    response = case.deadline_for("stage3-response")
    assert (response.started_on, response.due_on) == (date(2026, 6, 5), add_working_days(date(2026, 6, 5), 15))
    assert len([d for d in case.deadlines if d.step == "stage3-report"]) == 1

    answer_stage(session, case_id, officer, on=date(2026, 6, 19), findings=("upheld",))
    case = load(session, case_id)
    assert (case.status, case.closed_on) == ("closed", date(2026, 6, 19))
    assert case.deadline_for("stage3-response").met_on == date(2026, 6, 19)


def test_the_panel_is_only_for_statutory_stage_3(session, officer):
    case_id = statutory(session)
    assert refusal(handling.record_panel, session, case_id, officer, panel_on=RECEIVED,
                   members=["A", "B", "C"]).code == "not-stage-3"


# Remedies, learning and the Ombudsman -----------------------------------------------------------------

def test_remedies_and_learning_are_followed_to_completion(session, officer):
    case_id = statutory(session)
    remedy = handling.add_remedy(session, case_id, officer, kind="financial", detail="  £250 for the missed visits ",
                                 due_on=date(2026, 4, 30), amount_pence=25000)
    learning = handling.add_learning(session, case_id, officer, service="children-in-care",
                                     action="Tell families when family time is cancelled", due_on=None)
    case = load(session, case_id)
    assert [(r.kind, r.detail, r.due_on, r.amount_pence, r.done_on) for r in case.remedies] == [
        ("financial", "£250 for the missed visits", date(2026, 4, 30), 25000, None)]
    assert [(item.service, item.done_on) for item in case.learning] == [("children-in-care", None)]

    handling.complete_action(session, case_id, officer, what="remedy", item_id=remedy.id, on=date(2026, 4, 20))
    handling.complete_action(session, case_id, officer, what="learning", item_id=learning.id, on=date(2026, 5, 1))
    case = load(session, case_id)
    assert case.remedies[0].done_on == date(2026, 4, 20) and case.learning[0].done_on == date(2026, 5, 1)
    assert [(e.action, e.officer_id) for e in events(session, case_id)][-4:] == [
        ("remedy-added", officer.id), ("learning-added", officer.id),
        ("remedy-done", officer.id), ("learning-done", officer.id)]

    assert refusal(handling.complete_action, session, case_id, officer, what="remedy", item_id=learning.id + 99,
                   on=RECEIVED).code == "no-such-action"
    with pytest.raises(ValueError):
        handling.add_remedy(session, case_id, officer, kind="cake", detail="x", due_on=None)
    with pytest.raises(ValueError):
        handling.add_learning(session, case_id, officer, service="parks", action="x", due_on=None)


def test_the_ombudsman_referral_and_outcome(session, officer):
    case_id = statutory(session)
    handling.record_ombudsman(session, case_id, officer, referred_on=date(2026, 7, 1), reference=" 26 001 234 ",
                              outcome=None, decided_on=None)
    case = load(session, case_id)
    assert (case.ombudsman_referred_on, case.ombudsman_reference, case.ombudsman_outcome) == (
        date(2026, 7, 1), "26 001 234", None)
    handling.record_ombudsman(session, case_id, officer, referred_on=date(2026, 7, 1), reference="26 001 234",
                              outcome="upheld", decided_on=date(2026, 9, 1))
    case = load(session, case_id)
    assert (case.ombudsman_outcome, case.ombudsman_decided_on) == ("upheld", date(2026, 9, 1))
    event = last_event(session, case_id)
    assert (event.action, event.officer_id, event.detail) == (
        "ombudsman-recorded", officer.id, {"referred_on": "2026-07-01", "outcome": "upheld"})
    with pytest.raises(ValueError):
        handling.record_ombudsman(session, case_id, officer, referred_on=RECEIVED, reference=None,
                                  outcome="won", decided_on=None)


# Contact restrictions, notes and withdrawal -----------------------------------------------------------

def test_restricting_contact_needs_the_review_date_between_start_and_end(session, officer):
    case_id = statutory(session)
    start, end = date(2026, 3, 10), date(2027, 3, 9)
    for review in (date(2026, 3, 9), date(2027, 3, 10)):
        assert refusal(handling.restrict_contact, session, case_id, officer, restriction="One email address",
                       reason="Abusive calls", starts_on=start, ends_on=end, review_on=review).code == "restriction-dates"
    assert refusal(handling.restrict_contact, session, case_id, officer, restriction="One email address",
                   reason="", starts_on=start, ends_on=end, review_on=date(2026, 9, 10)).code == "reason-required"
    assert load(session, case_id).restrictions == []

    item = handling.restrict_contact(session, case_id, officer, restriction=" One email address only ",
                                     reason="Abusive calls", starts_on=start, ends_on=end,
                                     review_on=date(2026, 9, 10))
    row = session.get(ContactRestriction, item.id)
    assert (row.restriction, row.reason, row.starts_on, row.ends_on, row.review_on, row.officer_id) == (
        "One email address only", "Abusive calls", start, end, date(2026, 9, 10), officer.id)
    event = last_event(session, case_id)
    assert (event.action, event.officer_id) == ("contact-restricted", officer.id)
    # The complaint is still received and read.
    assert load(session, case_id).status == "received"


def test_internal_notes_never_reach_the_person(session, officer):
    case_id = statutory(session)
    assert refusal(handling.add_note, session, case_id, officer, text=" ").code == "note-required"
    note = handling.add_note(session, case_id, officer, text="  Father shouted at the duty worker  ")
    assert session.get(Note, note.id).text == "Father shouted at the duty worker"
    assert (last_event(session, case_id).action, last_event(session, case_id).officer_id) == ("note-added", officer.id)
    assert "Father shouted" not in str(last_event(session, case_id).detail)

    handling.extend(session, case_id, officer, step="stage1", new_due=STATUTORY_MAX, reason="Complex")
    handling.suspend(session, case_id, officer, cause="information", reason="Waiting", on=date(2026, 3, 4))
    handling.resume(session, case_id, officer, on=date(2026, 3, 5))
    answer_stage(session, case_id, officer, on=date(2026, 3, 13))
    sent = list(session.scalars(select(Message).where(Message.case_id == case_id)))
    assert {m.purpose for m in sent} >= {"acknowledgement", "extension-notice", "suspension-notice", "stage-response"}
    for message in sent:
        assert "Father shouted" not in message.body_text
        assert "Father shouted" not in (message.body_html or "")


def test_withdrawing_closes_the_case_and_withdraws_open_points(session, officer):
    case_id = statutory(session)
    answered = handling.add_point(session, case_id, officer, summary="Answered point")
    handling.record_finding(session, case_id, officer, point_id=answered.id, finding="upheld", explanation=None)
    handling.add_point(session, case_id, officer, summary="Open point")

    handling.withdraw(session, case_id, officer, on=date(2026, 3, 10), reason="  Sorted out with the social worker ")

    case = load(session, case_id)
    assert (case.status, case.closed_on) == ("withdrawn", date(2026, 3, 10))
    assert [p.finding for p in case.points] == ["upheld", "withdrawn"]
    event = last_event(session, case_id)
    assert (event.action, event.officer_id, event.detail) == (
        "withdrawn", officer.id, {"on": "2026-03-10", "reason": "Sorted out with the social worker"})
    assert refusal(handling.withdraw, session, case_id, officer, on=date(2026, 3, 11),
                   reason=None).code == "case-closed"
    assert refusal(handling.add_point, session, case_id, officer, summary="More").code == "case-closed"
    assert refusal(handling.suspend, session, case_id, officer, cause="information", reason="Why",
                   on=date(2026, 3, 11)).code == "case-closed"


# The audit trail -----------------------------------------------------------------------------------------

def test_every_action_writes_an_audit_event_with_the_officers_id(session, officer, colleague):
    case_id = statutory(session, legal_proceedings=True)
    steps = [
        ("case-viewed", lambda: handling.record_view(session, case_id, officer)),
        ("flag-decided", lambda: handling.decide_flag(session, case_id, officer, flag="legal-proceedings",
                                                      choice="continue", reason="Separate", on=RECEIVED)),
        ("procedure-decided", lambda: handling.override_procedure(session, case_id, officer,
                                                                  procedure="statutory", reason="Right")),
        ("acknowledged", lambda: handling.record_acknowledgement(session, case_id, officer, method="phone",
                                                                 on=date(2026, 3, 3))),
        ("assigned", lambda: handling.assign(session, case_id, officer, handler_id=colleague.id, team="South")),
        ("deadline-extended", lambda: handling.extend(session, case_id, officer, step="stage1",
                                                      new_due=date(2026, 3, 20), reason="Complex")),
        ("clock-suspended", lambda: handling.suspend(session, case_id, officer, cause="advocate",
                                                     reason="Advocate", on=date(2026, 3, 4))),
        ("clock-resumed", lambda: handling.resume(session, case_id, officer, on=date(2026, 3, 6))),
        ("point-added", lambda: handling.add_point(session, case_id, officer, summary="Point")),
        ("finding-recorded", lambda: handling.record_finding(
            session, case_id, officer, point_id=load(session, case_id).points[0].id, finding="upheld",
            explanation=None)),
        ("remedy-added", lambda: handling.add_remedy(session, case_id, officer, kind="apology", detail="Sorry",
                                                     due_on=None)),
        ("learning-added", lambda: handling.add_learning(session, case_id, officer, service="children-in-care",
                                                         action="Train", due_on=None)),
        ("remedy-done", lambda: handling.complete_action(session, case_id, officer, what="remedy",
                                                         item_id=load(session, case_id).remedies[0].id,
                                                         on=date(2026, 3, 20))),
        ("note-added", lambda: handling.add_note(session, case_id, officer, text="A note")),
        ("contact-restricted", lambda: handling.restrict_contact(
            session, case_id, officer, restriction="Email only", reason="Abuse", starts_on=date(2026, 3, 10),
            ends_on=date(2027, 3, 9), review_on=date(2026, 9, 10))),
        ("ombudsman-recorded", lambda: handling.record_ombudsman(session, case_id, officer,
                                                                 referred_on=date(2026, 7, 1), reference=None,
                                                                 outcome=None, decided_on=None)),
        ("case-exported", lambda: handling.record_export(session, case_id, officer, "json")),
        ("response-sent", lambda: handling.record_response(session, case_id, officer, on=date(2026, 3, 13),
                                                           summary=None)),
        ("stage-requested", lambda: handling.request_next_stage(session, case_id, officer,
                                                                asked_on=date(2026, 3, 16))),
        ("statement-agreed", lambda: handling.record_statement(
            session, case_id, officer, agreed_on=date(2026, 3, 18), statement="S", investigating_officer="I",
            independent_person="P")),
        ("adjudicator-named", lambda: handling.record_adjudicator(session, case_id, officer, adjudicator="A")),
        ("withdrawn", lambda: handling.withdraw(session, case_id, officer, on=date(2026, 3, 20), reason=None)),
    ]
    for action, run in steps:
        before = len(events(session, case_id))
        run()
        new = events(session, case_id)[before:]
        assert [(e.action, e.officer_id, e.actor) for e in new] == [
            (action, officer.id, "olive@example.gov.uk")], action
    assert session.scalar(select(AuditEvent).where(AuditEvent.case_id == case_id,
                                                   AuditEvent.action == "case-received")).officer_id is None


def test_refusing_sufficient_interest_moves_the_complaint_to_the_council_procedure(app):
    from datetime import date, datetime, timezone

    from portal import casework, handling
    from portal.extensions import db
    from portal.models import Case, Officer

    with app.app_context():
        case = casework.submit(db.session, casework.Submission(
            kind="complaint", role="relative", service="fostering", description="Not told of the move.",
            name="Pat", contact_method="post", address="1 Road"),
            submitted_at=datetime(2026, 3, 2, 10, tzinfo=timezone.utc))
        officer = Officer(email="decider@example.gov.uk", name="D", password_hash="x")
        db.session.add(officer)
        db.session.commit()
        assert case.procedure == "statutory" and "eligibility" in case.flags
        handling.decide_flag(db.session, case.id, officer, flag="eligibility", choice="refused",
                             reason="A neighbour, with no part in the child's care.", on=date(2026, 3, 3))
        case = db.session.get(Case, case.id)
        assert case.procedure == "corporate" and not case.needs_review
        assert [d.subject for d in case.decisions] == ["eligibility", "procedure"]
        assert case.deadline_for("stage1").started_on == case.deadline_for("acknowledgement").due_on
