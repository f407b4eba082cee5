"""The report in the officers' area: who may see it, its tables and charts, CSV, print."""

from __future__ import annotations

import csv
import io

import pytest

from portal.reporting import pdf
from tests.conftest import normalise
from tests.reporting.conftest import complaint


@pytest.fixture
def year_2024(load):
    load(
        complaint(acknowledged_on="2024-05-02", stage1_responded_on="2024-05-10", stage1_finding="upheld",
                  remedies="apology;explanation", team="Children in care"),
        complaint(received_on="2024-06-03", procedure="corporate", service="education",
                  complainant_role="parent"),
        complaint(received_on="2023-06-05", stage1_responded_on="2023-06-07", stage1_finding="not-upheld"),
        {"kind": "compliment", "received_on": "2024-07-01", "channel": "letter", "service": "fostering"},
    )


def test_manager_sees_every_table_for_the_year_beside_the_one_before(manager_request, year_2024):
    page = manager_request.get("/admin/reports?year=2024")
    assert "Annual report: 2024/25" in normalise(page.h1)
    received = page.select_one("#received table")
    header = [normalise(th) for th in received.select("thead th")]
    assert header == ["Figure", "2024/25", "2023/24", "Change"]
    first = [normalise(cell) for cell in received.select("tbody tr")[0].select("th, td")]
    assert first == ["Stage 1", "2", "1", "+1"]
    assert page.select_one("#by-role") is not None
    assert "counts against each service" in normalise(page)


def test_officer_may_not_see_the_report(officer_request):
    officer_request.get("/admin/reports", expected_status=403)
    officer_request.get("/admin/reports/report.csv", expected_status=403)
    officer_request.get("/admin/reports/print", expected_status=403)
    officer_request.get("/admin/reports/import", expected_status=403)


def test_the_menu_links_to_the_report_for_managers_only(manager_request):
    page = manager_request.get("/admin/queue")
    link = page.select_one(".govuk-service-navigation a[href='/admin/reports']")
    assert normalise(link) == "Annual report"


def test_the_menu_has_no_report_for_officers(officer_request):
    page = officer_request.get("/admin/queue")
    assert page.select_one("a[href='/admin/reports']") is None


def _csv(response):
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_each_table_downloads_as_csv_for_each_procedure_and_both(manager_request, year_2024):
    response = manager_request.client.get("/admin/reports/tables/received.csv?year=2024")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert 'filename="received-2024-25.csv"' in response.headers["Content-Disposition"]
    rows = {(row["procedure"], row["row"]): row for row in _csv(response)}
    assert rows[("all", "stage-1")]["value"] == "2"
    assert rows[("all", "stage-1")]["previous_value"] == "1"
    assert rows[("all", "stage-1")]["change"] == "+1"
    assert rows[("statutory", "stage-1")]["value"] == "1"
    assert rows[("corporate", "stage-1")]["value"] == "1"
    assert rows[("all", "stage-1")]["period"] == "2024/25"


def test_percentages_in_the_csv_state_their_base(manager_request, year_2024):
    rows = _csv(manager_request.client.get("/admin/reports/tables/by-role.csv?year=2024"))
    parent = next(row for row in rows if row["procedure"] == "all" and row["row"] == "parent")
    assert (parent["value"], parent["base"], parent["percent"]) == ("2", "2", "100.0")


def test_every_table_in_one_csv(manager_request, year_2024):
    response = manager_request.client.get("/admin/reports/report.csv?year=2024")
    tables = {row["table"] for row in _csv(response)}
    assert {"received", "outcomes-stage-1", "stage-1-response-times", "remedies", "ombudsman"} <= tables


def test_unknown_table_is_not_found(manager_request):
    assert manager_request.client.get("/admin/reports/tables/nothing.csv").status_code == 404


def test_print_view_holds_both_procedures_and_each_alone_with_the_code_checklist(manager_request, year_2024):
    page = manager_request.get("/admin/reports/print?year=2024")
    headings = [normalise(h) for h in page.select("h2.govuk-heading-xl")]
    assert headings == ["Both procedures", "Children's complaints procedure", "Council complaints procedure"]
    assert page.select_one("#self-assessment") is not None
    assert page.select_one(".govuk-service-navigation") is None  # a document, not a page of the area
    assert page.select_one("#statutory-received table") is not None


def test_charts_are_accessible_svg_with_their_numbers_in_a_table(manager_request, year_2024):
    page = manager_request.get("/admin/reports?year=2024")
    chart = page.select_one("#received svg")
    assert chart["role"] == "img"
    title, description = chart.find("title"), chart.find("desc")
    assert chart["aria-labelledby"] == f"{title['id']} {description['id']}"
    assert "Stage 1: 2 in 2024/25 and 1 in 2023/24." in description.get_text()
    assert chart.find("script") is None and not chart.select("[style]")
    assert page.select_one("#received table") is not None


def test_report_for_a_range_of_dates_compares_with_the_same_dates_a_year_before(manager_request, year_2024):
    page = manager_request.get("/admin/reports?from=2024-05-01&to=2024-06-30")
    text = normalise(page)
    assert "1 May 2024 to 30 June 2024, compared with 1 May 2023 to 30 June 2023" in text
    row = [normalise(cell) for cell in page.select("#received tbody tr")[0].select("th, td")]
    assert row == ["Stage 1", "2", "1", "+1"]


def test_dates_chosen_in_the_form_lead_to_that_period(manager_request):
    location = manager_request.get(
        "/admin/reports?start=1&start=5&start=2024&end=30&end=6&end=2024&show_dates=", expected_status=302)
    assert location.endswith("/admin/reports?from=2024-05-01&to=2024-06-30")


def test_dates_in_the_wrong_order_are_an_error_on_the_page(manager_request):
    page = manager_request.get(
        "/admin/reports?start=1&start=7&start=2024&end=30&end=6&end=2024&show_dates=", expected_status=400)
    assert "The last day must be the same as or after the first day" in normalise(
        page.select_one(".govuk-error-summary"))


def test_one_procedure_at_a_time(manager_request, year_2024):
    page = manager_request.get("/admin/reports?year=2024&procedure=corporate")
    assert normalise(page.select_one(".govuk-caption-l")) == "Council complaints procedure"
    row = [normalise(cell) for cell in page.select("#received tbody tr")[0].select("th, td")]
    assert row == ["Stage 1", "1", "0", "+1"]
    assert page.select_one("#outcomes-stage-3") is None  # the council procedure has two stages
    assert [normalise(th) for th in page.select("#received tbody th")] == ["Stage 1", "Stage 2"]


def test_a_bad_year_in_the_address_is_not_found(manager_request):
    manager_request.get("/admin/reports?year=twenty", expected_status=404)


def test_the_print_view_of_one_procedure(manager_request, year_2024):
    page = manager_request.get("/admin/reports/print?year=2024&procedure=statutory")
    assert [normalise(h) for h in page.select("h2.govuk-heading-xl")] == ["Children's complaints procedure"]


@pytest.mark.skipif(not pdf.available(), reason="WeasyPrint's system libraries (Pango) are not installed")
def test_a_procedures_report_downloads_as_pdf(app, manager_request, year_2024):
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("rendering a PDF is the same on either database: run on SQLite only")
    page = manager_request.get("/admin/reports?year=2024&procedure=corporate")
    link = page.find("a", href=lambda href: href and "report.pdf" in href)
    response = manager_request.client.get(link["href"])
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    assert 'filename="annual-report-2024-25-corporate.pdf"' in response.headers["Content-Disposition"]
