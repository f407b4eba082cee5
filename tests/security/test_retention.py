"""`flask retention`: closed cases past their kind's retention period lose every personal
detail and keep every figure the annual report counts (README, Data protection)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from portal import retention
from portal.database import writing
from portal.extensions import db
from portal.models import (
    Attachment, AuditEvent, Case, CaseService, Contact, Deadline, Decision, Draft, Extension, Learning, Message,
    Point, Remedy, Stage, Suspension, TrackingLink,
)
from tests.security.conftest import EMAIL, MARKERS, NAME

RUN_ON = date(2032, 6, 15)


def run(app, session, today=RUN_ON, dry_run=False):
    return retention.apply(session, retention.Schedule.from_config(app.config), today=today,
                           upload_folder=app.config["UPLOAD_FOLDER"], dry_run=dry_run)


def anonymised(session, case_id) -> bool:
    session.expire_all()
    return session.get(Case, case_id).anonymised_on is not None


def test_a_closed_complaint_is_anonymised_six_years_and_a_day_after_closing(app, session, full_case):
    due = full_case(closed_on=date(2026, 6, 14))        # kept until 14 June 2032: gone on the 15th
    day_younger = full_case(closed_on=date(2026, 6, 15))  # kept until 15 June 2032 inclusive
    report = run(app, session)
    assert anonymised(session, due)
    assert not anonymised(session, day_younger)
    assert report.cases == 1 and report.by_kind == {"complaint": 1}
    assert session.get(Case, due).anonymised_on == RUN_ON
    # ... and the younger one goes the next day.
    run(app, session, today=date(2032, 6, 16))
    assert anonymised(session, day_younger)


@pytest.mark.parametrize("status", ["received", "in-progress", "suspended", "responded",
                                    "stage-request-pending"])
def test_open_cases_are_never_anonymised(app, session, full_case, status):
    # Even with a closing date left behind and decades gone by.
    case_id = full_case(status=status, closed_on=date(2000, 1, 1))
    assert run(app, session, today=date(2060, 1, 1)).cases == 0
    assert not anonymised(session, case_id)
    assert session.get(Case, case_id).contact("complainant").name == NAME


@pytest.mark.parametrize("status", ["withdrawn", "not-accepted"])
def test_withdrawn_and_not_accepted_complaints_follow_the_same_schedule(app, session, full_case, status):
    case_id = full_case(status=status, closed_on=date(2026, 6, 14))
    run(app, session, today=date(2032, 6, 14))
    assert not anonymised(session, case_id)
    run(app, session)
    assert anonymised(session, case_id)


def test_each_kind_has_its_own_period(app, session, full_case):
    compliment = full_case(kind="compliment", closed_on=date(2030, 6, 14))
    complaint = full_case(closed_on=date(2030, 6, 14))
    run(app, session)  # 2 years and a day after closing
    assert anonymised(session, compliment)
    assert not anonymised(session, complaint)


def test_the_ombudsmans_decision_restarts_the_clock(app, session, full_case):
    case_id = full_case(closed_on=date(2026, 6, 14))
    with writing(session):
        case = session.get(Case, case_id)
        case.ombudsman_referred_on, case.ombudsman_decided_on = date(2026, 9, 1), date(2027, 2, 1)
    run(app, session)
    assert not anonymised(session, case_id)
    run(app, session, today=date(2033, 2, 2))
    assert anonymised(session, case_id)


def test_a_closing_date_of_29_february_is_kept_until_1_march(session):
    assert retention.add_years(date(2028, 2, 29), 6) == date(2034, 3, 1)
    assert retention.add_years(date(2028, 2, 29), 4) == date(2032, 2, 29)


def _report_columns(session, case_id):
    """Every column the annual report (portal.reporting) reads, and the other codes kept."""
    case = session.get(Case, case_id)
    keep = ("reference", "kind", "procedure", "stage", "status", "channel", "submitted_at", "received_on",
            "closed_on", "complainant_role", "about", "service", "flags", "reasons", "needs_review",
            "legal_proceedings", "unsafe_now", "wants_advocate", "child_consent", "language", "easy_read",
            "adjustments", "handler_id", "team", "ombudsman_referred_on", "ombudsman_outcome",
            "ombudsman_decided_on")
    rows = {name: getattr(case, name) for name in keep}

    def table(model, *columns):
        return sorted(tuple(getattr(r, c) for c in columns)
                      for r in session.scalars(select(model).where(model.case_id == case_id)))

    rows["deadlines"] = table(Deadline, "step", "started_on", "due_on", "met_on", "extended")
    rows["stages"] = table(Stage, "number", "requested_on", "responded_on", "statement_agreed_on", "panel_on",
                           "panel_report_on", "cost_pence", "handler_id", "investigating_officer",
                           "independent_person", "adjudicator")
    rows["points"] = table(Point, "stage", "finding")
    rows["remedies"] = table(Remedy, "kind", "due_on", "done_on", "amount_pence")
    rows["learning"] = table(Learning, "service", "due_on", "done_on")
    rows["decisions"] = table(Decision, "subject", "choice", "at")
    rows["extensions"] = table(Extension, "step", "previous_due_on", "new_due_on")
    rows["suspensions"] = table(Suspension, "cause", "started_on", "ended_on")
    rows["services"] = table(CaseService, "service")
    rows["contacts"] = table(Contact, "role", "preferred_method")
    rows["messages"] = table(Message, "purpose", "created_at")
    return rows


def test_the_annual_reports_columns_are_unchanged(app, session, full_case):
    case_id = full_case(closed_on=date(2026, 6, 14))
    before = _report_columns(session, case_id)
    run(app, session)
    session.expire_all()
    assert _report_columns(session, case_id) == before


def test_the_annual_report_itself_is_unchanged(app, session, full_case):
    reporting = pytest.importorskip("portal.reporting")
    from portal.reporting import exports
    from portal.reporting.periods import financial_year_of

    full_case(closed_on=date(2026, 6, 14))
    full_case(kind="compliment", closed_on=date(2026, 6, 14))
    period = reporting.financial_year(financial_year_of(date(2026, 3, 2)))

    def figures():
        report = reporting.build_report(session, period)
        csv = exports.to_csv(report, exports.every_table(report))
        session.rollback()
        return csv

    before = figures()
    assert run(app, session).cases == 2
    assert figures() == before


def _everything_in_the_database(session) -> str:
    dump = []
    for table in db.metadata.sorted_tables:
        for row in session.execute(select(table)).all():
            dump.append(repr(tuple(row)))
    session.rollback()
    return "\n".join(dump)


def test_nothing_that_identifies_the_person_is_left_anywhere(app, session, full_case, officer):
    case_id = full_case(closed_on=date(2026, 6, 14), by=officer)
    (stored_name,) = session.scalars(select(Attachment.stored_name)).all()
    path = Path(app.config["UPLOAD_FOLDER"]) / stored_name
    assert path.exists()
    before = _everything_in_the_database(session)
    assert all(marker.lower() in before.lower() for marker in MARKERS)

    report = run(app, session)

    after = _everything_in_the_database(session).lower()
    assert [m for m in MARKERS if m.lower() in after] == []
    assert not path.exists()
    assert session.scalars(select(Attachment)).all() == []
    assert session.scalars(select(TrackingLink)).all() == []
    assert session.scalars(select(Draft)).all() == []
    case = session.get(Case, case_id)
    assert case.description == "" and case.events_date is None
    assert all(c.name is None and c.email is None and c.date_of_birth is None for c in case.contacts)
    assert {m.status for m in session.scalars(select(Message))} <= {"sent", "given-up"}
    # The history stays, its free text gone; and the anonymising is in it.
    withdrawn = session.scalar(select(AuditEvent).where(AuditEvent.action == "withdrawn"))
    assert withdrawn.detail == {"on": "2026-03-20", "reason": retention.REMOVED, "stage": 1}
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "case-viewed")).officer_id == officer.id
    (event,) = session.scalars(select(AuditEvent).where(AuditEvent.action == "case-anonymised")).all()
    assert event.case_id == case_id and event.actor == "retention"
    assert event.detail["years"] == 6 and event.detail["attachments"] == 1
    assert (report.contacts, report.files, report.tracking_links, report.drafts) == (2, 1, 1, 1)


def test_a_dry_run_counts_and_changes_nothing(app, session, full_case):
    full_case(closed_on=date(2026, 6, 14))
    before = _everything_in_the_database(session)
    report = run(app, session, dry_run=True)
    assert report.cases == 1 and report.files == 1
    assert "would anonymise 1 cases (complaint 1)" in report.lines()[0]
    assert _everything_in_the_database(session) == before


def test_running_again_changes_nothing_more(app, session, full_case):
    full_case(closed_on=date(2026, 6, 14))
    run(app, session)
    after_first = _everything_in_the_database(session)
    assert run(app, session, today=date(2040, 1, 1)).cases == 0
    assert _everything_in_the_database(session) == after_first


def test_the_command_reports_counts_and_honours_dry_run(app, session, full_case):
    case_id = full_case(closed_on=date(2026, 6, 14))
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["retention", "--dry-run", "--today", "2032-06-15"])
    assert dry.exit_code == 0, dry.output
    assert "would anonymise 1 cases (complaint 1)" in dry.output
    assert not anonymised(session, case_id)
    done = runner.invoke(args=["retention", "--today", "2032-06-15"])
    assert done.exit_code == 0, done.output
    assert "anonymised 1 cases (complaint 1)" in done.output
    assert "attachments 1, tracking links 1" in done.output
    assert anonymised(session, case_id)


def test_the_schedule_comes_from_settings(monkeypatch, tmp_path):
    from portal import config

    loaded = config.load({"RETENTION_YEARS_COMPLAINT": "8", "RETENTION_YEARS_COMMENT": "1"},
                         instance_path=tmp_path)
    assert loaded["RETENTION_YEARS"] == {"complaint": 8, "compliment": 2, "comment": 1, "service-request": 2}
    assert config.load({}, instance_path=tmp_path)["RETENTION_YEARS"]["complaint"] == 6


@pytest.mark.parametrize("years", [0, -1, "6"])
def test_a_period_under_a_year_is_refused(years):
    with pytest.raises(ValueError, match="at least 1"):
        retention.Schedule({"complaint": years})


def test_the_command_refuses_a_bad_schedule(app, session, monkeypatch):
    monkeypatch.setitem(app.config, "RETENTION_YEARS", {**app.config["RETENTION_YEARS"], "complaint": 0})
    result = app.test_cli_runner().invoke(args=["retention"])
    assert result.exit_code != 0 and "at least 1" in result.output


def test_the_subject_access_export_finds_nothing_once_anonymised(app, session, full_case):
    from portal import subject_access

    full_case(closed_on=date(2026, 6, 14))
    assert len(subject_access.collect(session, subject_access.Person(email=EMAIL))["cases"]) == 1
    session.rollback()
    run(app, session)
    assert subject_access.collect(session, subject_access.Person(email=EMAIL))["cases"] == []


def test_every_case_column_is_either_kept_or_blanked_on_purpose():
    """A column added to Case must be placed: kept for the report, or blanked here."""
    blanked = {"description", "desired_outcome", "praise_for", "adjustments_detail", "events_date",
               "ombudsman_reference"}
    kept = {"id", "reference", "kind", "procedure", "flags", "reasons", "needs_review", "stage", "status",
            "channel", "submitted_at", "received_on", "complainant_role", "about", "service",
            "legal_proceedings", "unsafe_now", "wants_advocate", "child_consent", "language", "easy_read",
            "adjustments", "handler_id", "team", "closed_on", "ombudsman_referred_on", "ombudsman_outcome",
            "ombudsman_decided_on", "anonymised_on"}
    assert {c.name for c in Case.__table__.columns} == blanked | kept


def test_every_contact_column_is_either_kept_or_blanked_on_purpose():
    blanked = {"name", "email", "phone", "address", "date_of_birth"}
    kept = {"id", "case_id", "role", "preferred_method"}
    assert {c.name for c in Contact.__table__.columns} == blanked | kept
