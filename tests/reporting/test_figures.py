"""Each figure of the annual report on a few hand-built cases (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from portal import casework, handling
from portal.extensions import db
from portal.models import Officer
from portal.reporting import build_report, financial_year
from portal.reporting.figures import Mean
from portal.reporting.periods import Period
from portal.reporting.report import number
from portal.rules import add_working_days, working_days_between
from tests.reporting.conftest import complaint


@pytest.fixture
def report(app):
    """The report for a financial year (2024/25 unless told), as a dict-like reader."""

    def make(year=2024, period=None):
        with app.app_context():
            built = build_report(db.session, period or financial_year(year))
            db.session.rollback()
            return built

    return make


def values(report, table, scope="all", which="current"):
    """A table's rows as {row: number}, leaving out rows that are nought."""
    lines = report.table(table, scope).lines
    return {line.key: number(getattr(line, which)) for line in lines if number(getattr(line, which))}


# Received -----------------------------------------------------------------------------------

def test_stage_1_counts_by_receipt_and_later_stages_by_request(load, report):
    load(
        complaint(received_on="2024-04-02"),
        complaint(received_on="2025-03-31", procedure="corporate", service="education"),
        complaint(received_on="2024-01-10", stage1_responded_on="2024-02-01", stage1_finding="not-upheld",
                  stage2_requested_on="2024-04-15"),  # stage 1 last year, stage 2 this year
        complaint(received_on="2025-04-01"),  # next year
    )
    this_year = report()
    assert values(this_year, "received") == {"stage-1": 2, "stage-2": 1}
    assert values(this_year, "received", "statutory") == {"stage-1": 1, "stage-2": 1}
    assert values(this_year, "received", "corporate") == {"stage-1": 1}
    assert values(this_year, "received", which="previous") == {"stage-1": 1}


def test_compliments_comments_and_requests_count_whichever_procedure_is_shown(load, report):
    load(
        {"kind": "compliment", "received_on": "2024-05-01", "channel": "letter", "service": "fostering",
         "other_services": "adoption-support;fostering"},
        {"kind": "service-request", "received_on": "2024-05-02", "channel": "phone", "service": "send"},
        {"kind": "comment", "received_on": "2024-05-03", "channel": "web", "service": "other"},
    )
    this_year = report()
    expected = {"compliment": 1, "comment": 1, "service-request": 1}
    assert values(this_year, "other-feedback") == expected
    assert values(this_year, "other-feedback", "corporate") == expected
    assert values(this_year, "compliments-by-service") == {"fostering": 1, "adoption-support": 1}
    assert values(this_year, "received") == {}


# Who, how, about what --------------------------------------------------------------------------

def test_who_complained_and_how_with_their_base(load, report):
    load(complaint(complainant_role="child", channel="web", wants_advocate="yes"),
         complaint(complainant_role="care-leaver", channel="phone"),
         complaint(complainant_role="advocate", channel="letter"),
         complaint(complainant_role="parent", wants_advocate="yes"))
    this_year = report()
    assert values(this_year, "by-role") == {"child": 1, "care-leaver": 1, "advocate": 1, "parent": 1}
    assert values(this_year, "by-channel") == {"web": 1, "phone": 1, "letter": 1, "email": 1}
    assert values(this_year, "children-and-advocates") == {"from-children": 2, "by-advocates": 1,
                                                           "with-advocate": 3}
    child = next(line for line in this_year.table("by-role").lines if line.key == "child")
    assert (child.current_base, child.share("current")) == (4, 25.0)


def test_a_complaint_about_several_services_counts_against_each(load, report):
    load(complaint(service="children-in-care", other_services="fostering;children-in-care"),
         complaint(service="fostering"))
    table = report().table("by-service")
    counts = {line.key: (line.current, line.current_base) for line in table.lines if line.current}
    assert counts == {"children-in-care": (1, 2), "fostering": (2, 2)}


def test_teams_are_listed_by_name_with_the_cases_no_team_has(load, report):
    load(complaint(team="Leaving care"), complaint(team="Leaving care"), complaint())
    lines = report().table("by-team").lines
    assert [(line.label, line.literal, line.current) for line in lines] == [
        ("Leaving care", True, 2), ("No team recorded", False, 1)]


# Outcomes ------------------------------------------------------------------------------------

@pytest.fixture
def officer(app):
    with app.app_context():
        person = Officer(email="handler@example.gov.uk", name="H", password_hash="x", role="manager")
        db.session.add(person)
        db.session.commit()
        return person.id


def _live_complaint(app, officer_id, findings, *, answered_on=date(2024, 5, 20), received=date(2024, 5, 1)):
    """A complaint handled through the officers' use cases: points, findings, a response."""
    with app.app_context():
        case = casework.submit(db.session, casework.Submission(
            kind="complaint", role="parent", service="children-in-care", about="child", description="What.",
            name="P", contact_method="post", address="1 Road"),
            submitted_at=datetime.combine(received, datetime.min.time().replace(hour=10), tzinfo=timezone.utc))
        by = db.session.get(Officer, officer_id)
        for finding in findings:
            point = handling.add_point(db.session, case.id, by, summary="A point.")
            handling.record_finding(db.session, case.id, by, point_id=point.id, finding=finding, explanation=None)
        if answered_on:
            handling.record_response(db.session, case.id, by, on=answered_on, summary="Our answer.")
        return case.id


@pytest.mark.parametrize(("findings", "outcome"), [
    (["upheld", "upheld"], "upheld"),
    (["upheld", "withdrawn"], "upheld"),
    (["upheld", "not-upheld"], "partially-upheld"),
    (["partially-upheld"], "partially-upheld"),
    (["not-upheld", "no-finding"], "not-upheld"),
    (["no-finding"], "no-finding"),
    (["withdrawn", "withdrawn"], "withdrawn"),
])
def test_a_complaints_outcome_comes_from_its_points_findings(app, officer, report, findings, outcome):
    _live_complaint(app, officer, findings)
    assert values(report(), "outcomes-stage-1") == {"base": 1, outcome: 1}


def test_unanswered_withdrawn_and_refused_complaints_are_shown_not_dropped(app, load, officer, report):
    _live_complaint(app, officer, ["upheld"], answered_on=None)
    _live_complaint(app, officer, ["upheld"], answered_on=date(2025, 4, 2), received=date(2025, 3, 20))
    load(complaint(withdrawn_on="2024-06-01"), complaint(not_accepted_on="2024-06-02", not_accepted_reason="Late."))
    assert values(report(), "outcomes-stage-1") == {"base": 4, "open": 2, "withdrawn": 1, "not-accepted": 1}
    # The next year's report does not count them again: they were received in 2024/25.
    assert values(report(2025), "outcomes-stage-1") == {}


def test_outcomes_at_stages_2_and_3_and_upheld_by_service(load, report):
    load(complaint(stage1_responded_on="2024-05-10", stage1_finding="upheld",
                   stage2_requested_on="2024-05-20", stage2_responded_on="2024-07-01", stage2_finding="not-upheld",
                   stage3_requested_on="2024-07-10", stage3_panel_on="2024-08-01",
                   stage3_responded_on="2024-08-20", stage3_finding="partially-upheld"),
         complaint(service="fostering", stage1_responded_on="2024-05-10", stage1_finding="not-upheld",
                   other_services="children-in-care"))
    this_year = report()
    assert values(this_year, "outcomes-stage-2") == {"base": 1, "not-upheld": 1}
    assert values(this_year, "outcomes-stage-3") == {"base": 1, "partially-upheld": 1}
    upheld = {line.key: (line.current, line.current_base) for line in this_year.table("upheld-by-service").lines
              if line.current_base}
    assert upheld == {"children-in-care": (1, 2), "fostering": (0, 1)}


# Timeliness ----------------------------------------------------------------------------------

def test_stage_1_bands_count_working_days_from_portal_rules(load, report):
    received = date(2024, 12, 20)  # a Friday before Christmas: the bank holidays are not counted
    assert add_working_days(received, 10) == date(2025, 1, 8)
    load(*(complaint(received_on=received.isoformat(), stage1_finding="not-upheld",
                     stage1_responded_on=add_working_days(received, days).isoformat())
           for days in (3, 10, 11, 20, 21)),
         complaint(received_on="2024-06-03", withdrawn_on="2024-06-05"),
         complaint(received_on="2025-03-28"))
    this_year = report()
    assert values(this_year, "stage-1-response-times") == {
        "within-10": 2, "11-to-20": 2, "over-20": 1, "closed-unanswered": 1, "open": 1,
        "average": (3 + 10 + 11 + 20 + 21) / 5}
    assert working_days_between(received, date(2025, 1, 9)) == 11


def test_each_clock_against_its_time_limit(load, report):
    load(
        # Acknowledged in time, answered within an extension (20 working days): in time.
        complaint(received_on="2024-05-01", acknowledged_on="2024-05-02", stage1_extended="yes",
                  stage1_responded_on=add_working_days(date(2024, 5, 1), 15).isoformat(), stage1_finding="upheld"),
        # Acknowledged late, answered late.
        complaint(received_on="2024-05-01", acknowledged_on="2024-05-10",
                  stage1_responded_on=add_working_days(date(2024, 5, 1), 15).isoformat(), stage1_finding="upheld"),
        # Not answered by 31 March 2025.
        complaint(received_on="2025-03-03"),
        # Withdrawn before an answer: left out.
        complaint(received_on="2024-05-01", withdrawn_on="2024-05-03"),
    )
    lines = {line.key: line for line in report().table("time-limits").lines}
    assert {key: line.current for key, line in lines.items() if line.current} == {
        "acknowledgement/in-time": 1, "acknowledgement/late": 1,
        "stage1/in-time": 1, "stage1/late": 1, "stage1/open": 1}
    assert lines["stage1/in-time"].current_base == 3


def test_average_working_days_by_stage(load, report):
    load(complaint(received_on="2024-05-01", stage1_responded_on="2024-05-08", stage1_finding="upheld",
                   stage2_requested_on="2024-05-13", stage2_responded_on="2024-05-20", stage2_finding="upheld"),
         complaint(received_on="2024-05-01", stage1_responded_on="2024-05-15", stage1_finding="upheld"))
    averages = report().table("average-days").lines
    may_day = 4 + 9  # 6 May 2024 was a bank holiday
    assert may_day == (working_days_between(date(2024, 5, 1), date(2024, 5, 8))
                       + working_days_between(date(2024, 5, 1), date(2024, 5, 15)))
    assert [(line.key, line.current) for line in averages] == [
        ("stage-1", Mean(may_day, 2)), ("stage-2", Mean(5, 1)), ("stage-3", Mean(0, 0))]


# Progression, remedies, learning, the Ombudsman, costs -------------------------------------------

def test_progression_follows_the_years_complaints(load, report):
    answered = {"stage1_responded_on": "2024-06-03", "stage1_finding": "not-upheld"}
    load(complaint(**answered, stage2_requested_on="2024-06-10", stage2_responded_on="2024-07-10",
                   stage2_finding="not-upheld", stage3_requested_on="2024-07-15"),
         complaint(**answered, stage2_requested_on="2025-04-10"),  # after the year's end
         complaint(**answered), complaint(**answered))
    lines = {line.key: line for line in report().table("progression").lines}
    assert (lines["to-stage-2"].current, lines["to-stage-2"].current_base) == (1, 4)
    assert (lines["to-stage-3"].current, lines["to-stage-3"].current_base) == (1, 1)
    assert lines["to-stage-2"].share("current") == 25.0


def test_remedies_and_learning(load, report):
    answered = {"stage1_responded_on": "2024-06-03"}
    load(complaint(**answered, stage1_finding="upheld", remedies="apology;financial", financial_remedy="250",
                   remedies_done_on="2024-07-01", learning="Reply within a week.", learning_done_on="2025-05-01"),
         complaint(**answered, stage1_finding="partially-upheld", remedies="apology"),
         complaint(**answered, stage1_finding="not-upheld"))
    this_year = report()
    assert values(this_year, "remedies") == {"base": 3, "apology": 2, "financial": 1, "done": 2,
                                             "complaints-with-remedy": 2}
    learning = {line.key: (line.current, line.current_base) for line in this_year.table("learning").lines}
    assert learning == {"actions": (1, 0), "done": (0, 1), "upheld-with-learning": (1, 2)}
    assert values(this_year, "costs") == {"financial-remedies": Decimal("250.00")}


def test_ombudsman_referrals_with_the_decision_as_at_the_periods_end(load, report):
    load(complaint(ombudsman_referred_on="2024-09-01", ombudsman_outcome="upheld", ombudsman_decided_on="2024-12-01"),
         complaint(ombudsman_referred_on="2024-10-01", ombudsman_outcome="premature",
                   ombudsman_decided_on="2025-05-01"),
         complaint(ombudsman_referred_on="2025-01-01"),
         complaint(received_on="2023-05-01", ombudsman_referred_on="2024-05-01", ombudsman_outcome="not-upheld",
                   ombudsman_decided_on="2024-06-01"))
    assert values(report(), "ombudsman") == {"base": 4, "upheld": 1, "not-upheld": 1, "awaiting": 2}


def test_costs_of_stages_concluded_in_the_period(load, report):
    stage2 = {"stage1_responded_on": "2024-05-10", "stage1_finding": "upheld", "stage2_requested_on": "2024-05-20",
              "stage2_finding": "upheld"}
    load(complaint(**stage2, stage2_responded_on="2024-09-01", stage2_cost="4500.50",
                   stage3_requested_on="2024-09-10", stage3_panel_on="2024-10-01", stage3_responded_on="2024-11-01",
                   stage3_finding="upheld", stage3_cost="1200"),
         complaint(**stage2, stage2_responded_on="2025-04-02", stage2_cost="999"))  # concluded next year
    assert values(report(), "costs") == {"stage-2-concluded": 1, "stage-2-cost": Decimal("4500.50"),
                                         "stage-3-concluded": 1, "stage-3-cost": Decimal("1200.00")}


# Live and imported cases, and the period -------------------------------------------------------

def test_a_live_case_and_the_same_case_imported_give_the_same_figures(app, load, officer, report):
    _live_complaint(app, officer, ["upheld"], answered_on=date(2024, 5, 20))
    first = report()
    with app.app_context():
        for table in db.metadata.sorted_tables[::-1]:
            db.session.execute(table.delete())
        db.session.commit()
    load(complaint(channel="web", stage1_responded_on="2024-05-20", stage1_finding="upheld"))
    second = report()
    for table in ("received", "outcomes-stage-1", "stage-1-response-times", "by-role", "by-service",
                  "average-days"):
        assert values(first, table) == values(second, table), table


def test_a_range_of_dates_is_compared_with_the_same_dates_a_year_before(load, report):
    load(complaint(received_on="2024-02-29"), complaint(received_on="2023-02-28"), complaint(received_on="2023-03-01"))
    leap = report(period=Period(date(2024, 2, 1), date(2024, 2, 29)))
    assert leap.previous == Period(date(2023, 2, 1), date(2023, 2, 28))
    assert values(leap, "received") == {"stage-1": 1}
    assert values(leap, "received", which="previous") == {"stage-1": 1}
