"""Importing past years from CSV: every row checked first, clear errors, all or nothing."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, Case, CaseService, Deadline, Extension, Message, Point, Remedy, Stage
from portal.reporting.history_import import COLUMNS, import_history
from tests.conftest import normalise
from tests.reporting.conftest import complaint, csv_bytes
from tests.reporting.dates import TODAY

README = Path(__file__).resolve().parents[2] / "README.md"


def _import(app, data: bytes):
    with app.app_context():
        result = import_history(db.session, data, today=TODAY, file_name="past.csv")
        cases = db.session.scalar(select(func.count()).select_from(Case))
        return result, [problem.message() for problem in result.problems], cases


def test_a_whole_complaint_becomes_the_records_a_live_one_has(app):
    row = complaint(reference="C/2023/17", received_on="02/05/2024", acknowledged_on="2024-05-03",
                    stage1_responded_on="2024-05-20", stage1_extended="yes", stage1_finding="partially-upheld",
                    stage2_requested_on="2024-05-28", stage2_started_on="2024-06-03",
                    stage2_responded_on="2024-07-15", stage2_finding="not-upheld", stage2_cost="£3,250.00",
                    other_services="fostering", team="Children in care", channel="letter",
                    remedies="apology", remedies_done_on="2024-06-01")
    result, problems, cases = _import(app, csv_bytes([row]))
    assert (result.ok, result.imported, problems, cases) == (True, 1, [], 1)
    with app.app_context():
        case = db.session.scalar(select(Case))
        assert (case.kind, case.procedure, case.channel, case.received_on, case.status, case.stage) == (
            "complaint", "statutory", "letter", date(2024, 5, 2), "responded", 2)
        deadlines = {d.step: (d.met_on, d.extended) for d in case.deadlines}
        assert deadlines == {
            "acknowledgement": (date(2024, 5, 3), False), "stage1": (date(2024, 5, 20), True),
            "stage2-request": (date(2024, 5, 28), False), "stage2": (date(2024, 7, 15), False),
            "stage3-request": (None, False)}  # the window to ask for a panel, as after a live response
        stage2 = case.deadline_for("stage2")
        assert stage2.started_on == date(2024, 6, 3)  # the agreed statement starts the clock (reg. 17)
        assert [(s.number, s.responded_on) for s in case.stages] == [(1, date(2024, 5, 20)), (2, date(2024, 7, 15))]
        assert case.stages[1].cost_pence == 325_000
        assert [(p.stage, p.finding) for p in case.points] == [(1, "partially-upheld"), (2, "not-upheld")]
        assert [e.step for e in case.extensions] == ["stage1"]
        assert [(r.kind, r.done_on) for r in case.remedies] == [("apology", date(2024, 6, 1))]
        assert db.session.scalars(select(CaseService.service)).all() == ["fostering"]
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.case_id == case.id))
        assert (event.action, event.detail["source_reference"], event.detail["channel"]) == (
            "imported", "C/2023/17", "letter")
        assert db.session.scalar(select(func.count()).select_from(Message)) == 0  # nobody is written to


def test_a_corporate_stage_1_clock_runs_from_the_acknowledgement(app):
    _import(app, csv_bytes([complaint(procedure="corporate", service="education", received_on="2024-05-01",
                                      acknowledged_on="2024-05-02")]))
    with app.app_context():
        case = db.session.scalar(select(Case))
        assert case.deadline_for("stage1").started_on == date(2024, 5, 2)
        assert case.status == "in-progress"


def test_a_compliment_needs_only_the_four_required_columns(app):
    result, problems, cases = _import(app, b"kind,received_on,channel,service\ncompliment,2024-05-01,email,fostering\n")
    assert (problems, cases) == ([], 1)
    with app.app_context():
        case = db.session.scalar(select(Case))
        assert (case.procedure, case.complainant_role, case.status) == ("compliment", "other", "received")


def test_missing_and_unknown_columns_are_named_and_nothing_is_written(app):
    result, problems, cases = _import(app, b"kind,recieved_on,service\ncomplaint,2024-05-01,fostering\n")
    assert problems == [
        "The first row names a column this import does not have: “recieved_on”. Check its spelling, or remove it.",
        "The file has no column “received_on”. Add it to the first row.",
        "The file has no column “channel”. Add it to the first row.",
    ]
    assert cases == 0


def test_each_bad_value_is_named_by_row_and_column_and_no_row_is_written(app):
    rows = [
        complaint(),  # row 2 is good: it is not written either
        complaint(service="foster care"),
        complaint(received_on="31/02/2024"),
        complaint(kind="compliment", procedure="", complainant_role="", stage1_responded_on="2024-05-05"),
        complaint(procedure="corporate", stage3_panel_on="2024-06-01"),
        complaint(received_on="2024-05-10", stage1_responded_on="2024-05-09", stage1_finding="upheld"),
        complaint(stage1_finding="upheld"),
        complaint(wants_advocate="perhaps", stage2_cost="lots"),
        complaint(received_on="2026-02-01"),
        complaint(procedure="", complainant_role=""),
    ]
    result, problems, cases = _import(app, csv_bytes(rows))
    assert cases == 0 and not result.ok
    assert problems == [
        "Row 3, column service: “foster care” is not one of: children-in-need, disabled-children, "
        "children-in-care, leaving-care, fostering, special-guardianship-support, adoption-support, early-help, "
        "child-protection, foster-carer-approval, adopter-approval, court-reports, send, education, other.",
        "Row 4, column received_on: “31/02/2024” is not a date. Write it like 2024-04-01 or 01/04/2024.",
        "Row 5, column stage1_responded_on: leave this empty: only complaints have it.",
        "Row 5, column stage1_responded_on: fill in stage1_finding as well.",
        "Row 6, column stage3_panel_on: leave this empty: only the statutory procedure has a stage 3.",
        "Row 6, column stage3_panel_on: fill in stage3_requested_on as well.",
        "Row 7, column stage1_responded_on: 2024-05-09 is before received_on (2024-05-10).",
        "Row 8, column stage1_finding: fill in stage1_responded_on as well.",
        "Row 9, column wants_advocate: write yes or no, not “perhaps”.",
        "Row 9, column stage2_cost: “lots” is not an amount in pounds, like 1250.50.",
        "Row 10, column received_on: 2026-02-01 is after today.",
        "Row 11, column procedure: fill this in for a complaint.",
        "Row 11, column complainant_role: fill this in for a complaint.",
    ]


def test_a_required_value_left_empty(app):
    _result, problems, _cases = _import(app, csv_bytes([complaint(channel="")]))
    assert problems == ["Row 2, column channel: fill this in."]


def test_repeated_references_and_impossible_closures(app):
    rows = [complaint(reference="A1"), complaint(reference="A1", withdrawn_on="2024-06-01",
                                                 not_accepted_on="2024-06-01")]
    _result, problems, _cases = _import(app, csv_bytes(rows))
    assert problems == [
        "Row 3, column not_accepted_on: a case cannot be both withdrawn and not accepted.",
        "Row 3, column reference: “A1” is on row 2 too.",
    ]


def test_a_file_that_is_not_utf8_or_has_no_rows(app):
    assert _import(app, "kind,received_on\ncomplaint,2024-05-01 café\n".encode("cp1252"))[1] == [
        "The file is not UTF-8 text. Save it from your spreadsheet as “CSV UTF-8” and try again."]
    assert _import(app, b"kind,received_on,channel,service\n")[1] == [
        "The file has no rows under its row of column names."]


def test_the_same_file_is_not_imported_twice(app):
    data = csv_bytes([complaint()])
    assert _import(app, data)[0].ok
    result, problems, cases = _import(app, data)
    assert cases == 1
    assert problems[0].startswith("This file was imported on ")


def test_a_spreadsheets_byte_order_mark_is_fine(app):
    assert _import(app, "\ufeff".encode() + csv_bytes([complaint()]))[0].ok


# The page and the documentation ----------------------------------------------------------------

def _upload(client_request, data: bytes, expected_status):
    token = client_request.csrf_token("/admin/reports/import")
    return client_request.post("/admin/reports/import", {"csrf_token": token},
                               files={"file": (io.BytesIO(data), "past.csv")}, expected_status=expected_status)


def test_a_manager_imports_a_file_from_the_page(app, manager_request):
    location = _upload(manager_request, csv_bytes([complaint(), complaint()]), 302)
    page = manager_request.get(location)
    assert "Imported 2 cases." in normalise(page)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Case)) == 2


def test_problems_are_listed_on_the_page_and_nothing_is_saved(app, manager_request):
    page = _upload(manager_request, csv_bytes([complaint(), complaint(channel="fax")]), 400)
    summary = normalise(page.select_one(".govuk-error-summary"))
    assert "The file was not imported: nothing was saved" in summary
    assert "Row 3, column channel: “fax” is not one of: web, email, phone, letter, in-person." in summary
    assert page.title.get_text().startswith("Error:")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Case)) == 0


def test_the_page_documents_every_column_and_offers_a_blank_file(manager_request):
    page = manager_request.get("/admin/reports/import")
    documented = [normalise(code) for code in page.select("tbody th code")]
    assert documented == [column.name for column in COLUMNS]
    response = manager_request.client.get("/admin/reports/import/columns.csv")
    assert response.get_data(as_text=True).strip() == ",".join(column.name for column in COLUMNS)


def test_the_readme_documents_every_column():
    section = README.read_text().split("## The annual report", 1)[1].split("\n## ", 1)[0]
    for column in COLUMNS:
        assert f"`{column.name}`" in section, column.name


@pytest.mark.parametrize("value", ["2024-05-01", "01/05/2024", "1/5/2024"])
def test_dates_are_read_in_either_form(app, value):
    assert _import(app, csv_bytes([complaint(received_on=value)]))[0].ok
    with app.app_context():
        assert db.session.scalar(select(Case.received_on)) == date(2024, 5, 1)


def test_imported_stages_and_deadlines_are_whole(app):
    row = complaint(stage1_responded_on="2024-05-10", stage1_finding="upheld", stage2_requested_on="2024-05-20",
                    stage2_responded_on="2024-07-01", stage2_finding="upheld", stage3_requested_on="2024-07-10",
                    stage3_panel_on="2024-08-01", stage3_report_on="2024-08-05", stage3_responded_on="2024-08-20",
                    stage3_finding="not-upheld", stage3_cost="1000")
    assert _import(app, csv_bytes([row]))[0].ok
    with app.app_context():
        case = db.session.scalar(select(Case))
        assert (case.status, case.closed_on, case.stage) == ("closed", date(2024, 8, 20), 3)
        steps = {d.step: d.met_on for d in case.deadlines}
        assert steps["stage3-panel"] == date(2024, 8, 1)
        assert steps["stage3-report"] == date(2024, 8, 5)
        assert steps["stage3-response"] == date(2024, 8, 20)
        assert case.deadline_for("stage2").started_on == date(2024, 5, 20)  # no statement date: the request
        assert db.session.scalar(select(func.count()).select_from(Stage)) == 3
        assert db.session.scalar(select(func.count()).select_from(Point)) == 3
        assert db.session.scalar(select(func.count()).select_from(Remedy)) == 0
        assert db.session.scalar(select(func.count()).select_from(Extension)) == 0
        assert db.session.scalar(select(func.count()).select_from(Deadline)) == 7
